import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** An alarm to the operators' topic, raised by one period above the threshold; no data is no alarm. */
export function alarmOperators(
  scope: Construct,
  id: string,
  alarm: { description: string; metric: IMetric; threshold: number },
  alerts: ITopic,
): Alarm {
  const raised = new Alarm(scope, id, {
    alarmDescription: alarm.description,
    metric: alarm.metric,
    threshold: alarm.threshold,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  raised.addAlarmAction(new SnsAction(alerts));
  return raised;
}

/** Anything waiting in a dead-letter place is someone's work left undone: alarm at its first message. */
export const alarmOnAnyMessage = (
  scope: Construct,
  id: string,
  queue: IQueue,
  description: string,
  alerts: ITopic,
): Alarm =>
  alarmOperators(
    scope,
    id,
    {
      description,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
    },
    alerts,
  );

import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alarmOperators } from './alarms.ts';

export interface MonitoringProps {
  province: string;
  api: HttpApi;
  table: Table;
  functions: Record<string, IFunction>;
  /** The functions behind API routes: their failures are the API's 5xx. */
  httpFunctions: ReadonlySet<string>;
  /** The functions that read the table's stream. */
  streamFunctions: ReadonlySet<string>;
  schedules: Rule[];
  alerts: ITopic;
}

/** Alarm thresholds, in one place: what a province's operators are woken for. */
export const THRESHOLDS = {
  /** Share of API answers that are 5xx over five minutes. */
  serverErrorRate: 0.01,
  /** p99 of the API's latency over five minutes. */
  p99LatencyMs: 3000,
  /** How far behind the table's stream a function may fall. */
  streamIteratorAgeMs: 5 * 60_000,
};

const FIVE_MINUTES = Duration.minutes(5);
/** CloudWatch metric math takes at most this many metrics in one alarm. */
const METRICS_PER_ALARM = 10;

/**
 * The province's dashboard and its alarms to the operators' topic: the API (requests, 5xx
 * rate, latency), what the province watches (dossiers submitted, actions, hops,
 * notifications, overdue, refused signatures), Lambda errors and throttles, DynamoDB throttles
 * and failed schedules. The DLQ alarms live with their queues.
 */
export class Monitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly props: MonitoringProps;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `motcua-${props.province}`,
      defaultInterval: Duration.hours(24),
    });
    this.apiAlarms();
    this.lambdaAlarms();
    this.streamAlarm();
    this.tableAlarm();
    this.scheduleAlarm();
    this.widgets();
  }

  private api(metricName: string, statistic: string): Metric {
    return new Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiId: this.props.api.apiId, Stage: '$default' },
      statistic,
      period: FIVE_MINUTES,
    });
  }

  private apiAlarms(): void {
    const errorRate = new MathExpression({
      label: '5xx rate',
      expression: 'IF(requests > 0, errors / requests, 0)',
      usingMetrics: { errors: this.api('5xx', 'Sum'), requests: this.api('Count', 'Sum') },
      period: FIVE_MINUTES,
    });
    this.alarm(
      'ApiServerErrors',
      errorRate,
      THRESHOLDS.serverErrorRate,
      'API: more than 1% of answers are 5xx',
    );
    this.alarm(
      'ApiLatency',
      this.api('Latency', 'p99'),
      THRESHOLDS.p99LatencyMs,
      'API: p99 latency above 3 s',
    );
  }

  /**
   * Lambda errors of the functions whose failures no API answer shows (consumers, streams,
   * schedules, triggers: an HTTP function's failure is a 5xx, alarmed above), summed in groups
   * metric math allows; and throttles in the account, whose concurrency every function shares.
   * Each metric of an alarm is billed a month: per-function alarms would cost more than the rest.
   */
  private lambdaAlarms(): void {
    const background = Object.entries(this.props.functions)
      .filter(([name]) => !this.props.httpFunctions.has(name))
      .map(([, fn]) => fn);
    for (let start = 0, group = 1; start < background.length; start += METRICS_PER_ALARM, group += 1) {
      const slice = background.slice(start, start + METRICS_PER_ALARM);
      const usingMetrics = Object.fromEntries(
        slice.map((fn, at) => [`f${at}`, fn.metricErrors({ period: FIVE_MINUTES })]),
      );
      const sum = new MathExpression({
        label: 'Lambda errors',
        expression: Object.keys(usingMetrics).join(' + '),
        usingMetrics,
        period: FIVE_MINUTES,
      });
      this.alarm(
        `LambdaErrors${group}`,
        sum,
        0,
        `Lambda errors in background functions ${start + 1}–${start + slice.length}`,
      );
    }
    const throttles = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'Throttles',
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
    this.alarm(
      'LambdaThrottles',
      throttles,
      0,
      'Lambda throttles in the account (its concurrency is shared)',
    );
  }

  /**
   * How old the last stream record a function took was when it took it: a function falling
   * behind the table's changes (five minutes) holds up what they set off.
   */
  private streamAlarm(): void {
    const readers = Object.entries(this.props.functions).filter(([name]) =>
      this.props.streamFunctions.has(name),
    );
    if (readers.length === 0) return;
    const usingMetrics = Object.fromEntries(
      readers.map(([, fn], at) => [
        `s${at}`,
        fn.metric('IteratorAge', { period: FIVE_MINUTES, statistic: 'Maximum' }),
      ]),
    );
    const oldest = new MathExpression({
      label: 'stream iterator age (ms)',
      expression: `MAX([${Object.keys(usingMetrics).join(', ')}])`,
      usingMetrics,
      period: FIVE_MINUTES,
    });
    this.alarm(
      'StreamIteratorAge',
      oldest,
      THRESHOLDS.streamIteratorAgeMs,
      'a stream function is behind the table',
    );
  }

  private tableAlarm(): void {
    const throttled = this.props.table.metricThrottledRequestsForOperations({
      period: FIVE_MINUTES,
      // The operations the functions make (metric math alarms take at most ten metrics).
      operations: [
        Operation.GET_ITEM,
        Operation.BATCH_GET_ITEM,
        Operation.QUERY,
        Operation.PUT_ITEM,
        Operation.UPDATE_ITEM,
        Operation.DELETE_ITEM,
        Operation.BATCH_WRITE_ITEM,
        Operation.TRANSACT_WRITE_ITEMS,
      ],
    });
    this.alarm('TableThrottles', throttled, 0, 'DynamoDB: throttled requests');
  }

  private scheduleAlarm(): void {
    const usingMetrics = Object.fromEntries(
      this.props.schedules.map((rule, at) => [
        `r${at}`,
        new Metric({
          namespace: 'AWS/Events',
          metricName: 'FailedInvocations',
          dimensionsMap: { RuleName: rule.ruleName },
          statistic: 'Sum',
          period: FIVE_MINUTES,
        }),
      ]),
    );
    if (Object.keys(usingMetrics).length === 0) return;
    const failed = new MathExpression({
      label: 'failed schedule invocations',
      expression: Object.keys(usingMetrics).join(' + '),
      usingMetrics,
      period: FIVE_MINUTES,
    });
    this.alarm(
      'ScheduleFailures',
      failed,
      0,
      'A schedule (overdue sweep, checkpoints) could not invoke its function',
    );
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = alarmOperators(
      this,
      id,
      { description: `${this.props.province}: ${description}`, metric, threshold },
      this.props.alerts,
    );
    this.alarms.push(alarm);
  }

  /** A business metric of this province, summed over any further dimensions it has. */
  private business(metricName: string, dimensions: string[] = []): IMetric {
    const keys = ['province', ...dimensions].join(',');
    return new MathExpression({
      label: metricName,
      expression: `SEARCH('{motcua,${keys}} MetricName="${metricName}" province="${this.props.province}"', 'Sum', 300)`,
      period: FIVE_MINUTES,
    });
  }

  private widgets(): void {
    const region = Stack.of(this).region;
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# motcua ${this.props.province}\nAlarms go to the OperatorAlerts topic; DLQs: \`npm run dlq -- list <queue> --aws --province ${this.props.province}\` (${region}).`,
        width: 24,
        height: 2,
      }),
      new SingleValueWidget({
        title: 'Dossiers submitted',
        metrics: [this.business('DossiersSubmitted')],
        width: 6,
      }),
      new GraphWidget({ title: 'Actions by kind', left: [this.business('Actions', ['action'])], width: 9 }),
      new GraphWidget({ title: 'Hops by outcome', left: [this.business('Hops', ['outcome'])], width: 9 }),
      new GraphWidget({
        title: 'Notifications by channel and outcome',
        left: [this.business('Notifications', ['channel', 'outcome'])],
        width: 12,
      }),
      new GraphWidget({
        title: 'Overdue found; signatures refused',
        left: [this.business('OverdueFound', ['deadline'])],
        right: [this.business('SignaturesRefused', ['document'])],
        width: 12,
      }),
      new GraphWidget({
        title: 'API requests and 5xx',
        left: [this.api('Count', 'Sum')],
        right: [this.api('5xx', 'Sum'), this.api('4xx', 'Sum')],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p50, p99)',
        left: [this.api('Latency', 'p50'), this.api('Latency', 'p99')],
        width: 12,
      }),
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
  }
}

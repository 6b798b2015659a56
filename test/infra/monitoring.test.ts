import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { THRESHOLDS } from '../../infra/constructs/monitoring.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { queues } from '../../shared/resources.ts';
import type { Json } from '../support/json.ts';
import { synthProvince } from '../support/province-template.ts';

let resources: Record<string, Json>;
/** Every function but the local runtime's developer tools (dong-nai has its own user pool, so its triggers too). */
const deployed = (Object.values(manifest) as FunctionSpec[]).filter((spec) => !spec.localOnly);
const deployedFunctions = deployed.length;
const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type);

beforeAll(() => {
  resources = synthProvince().whole.Resources;
});

/** The metric names an alarm watches, through any metric math. */
const watched = (alarm: Json): string[] =>
  alarm.Properties.MetricName
    ? [alarm.Properties.MetricName]
    : (alarm.Properties.Metrics as Json[]).flatMap((query) =>
        query.MetricStat ? [query.MetricStat.Metric.MetricName] : [],
      );

describe("the province's dashboard and alarms", () => {
  it('alarm the operators on 5xx rate, p99 latency, background errors, throttles, table throttles and failed schedules', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions, alarm.Properties.AlarmDescription).toHaveLength(1);
    const byMetric = (name: string) => alarms.filter((alarm) => watched(alarm).includes(name));
    // The 5xx rate, and the count that rolls a release back (the operators hear of that too).
    const serverErrors = byMetric('5xx');
    expect(serverErrors).toHaveLength(2);
    expect(serverErrors.find((alarm) => alarm.Properties.Metrics)?.Properties.Threshold).toBe(
      THRESHOLDS.serverErrorRate,
    );
    expect(serverErrors.find((alarm) => !alarm.Properties.Metrics)?.Properties.AlarmDescription).toMatch(
      /rolled back/,
    );
    expect(byMetric('Latency')[0].Properties).toMatchObject({
      ExtendedStatistic: 'p99',
      Threshold: THRESHOLDS.p99LatencyMs,
    });
    expect(byMetric('ThrottledRequests')).toHaveLength(1);
    expect(byMetric('FailedInvocations')).toHaveLength(1);
    // Every background function is in exactly one errors alarm (an HTTP function's failure is a
    // 5xx); throttles are the account's, one metric.
    const functionsIn = (metric: string) =>
      byMetric(metric).flatMap((alarm) =>
        (alarm.Properties.Metrics as Json[]).filter((query) => query.MetricStat),
      ).length;
    expect(functionsIn('Errors')).toBe(deployed.filter((spec) => !spec.http).length);
    expect(byMetric('Throttles')).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ Namespace: 'AWS/Lambda' }) }),
    ]);
    expect(byMetric('Throttles')[0].Properties.Dimensions).toBeUndefined();
  });

  it('alarm when work waits: a queue’s oldest message past its bound, a stream reader behind the table, a schedule that could not run', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    // One alarm a queue, at the bound its definition gives.
    const ages = alarms.filter((alarm) => alarm.Properties.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(ages.map((alarm) => alarm.Properties.Threshold).sort((a, b) => a - b)).toEqual(
      Object.values(queues)
        .map((queue) => queue.oldestMessageAlarmSeconds)
        .sort((a, b) => a - b),
    );
    // Every stream reader's iterator age, its maximum against five minutes.
    const [iterator] = alarms.filter((alarm) => watched(alarm).includes('IteratorAge'));
    expect(iterator.Properties.Threshold).toBe(THRESHOLDS.streamIteratorAgeMs);
    const readers = deployed.filter((spec) => spec.stream).length;
    expect((iterator.Properties.Metrics as Json[]).filter((query) => query.MetricStat)).toHaveLength(readers);
    expect((iterator.Properties.Metrics as Json[]).find((query) => query.Expression).Expression).toMatch(
      /^MAX\(\[/,
    );
    // Each schedule hands what it could not deliver to a dead-letter queue, which is alarmed.
    const rules = ofType('AWS::Events::Rule');
    expect(rules.length).toBe(deployed.filter((spec) => spec.schedule).length);
    for (const rule of rules) {
      const [target] = rule.Properties.Targets as Json[];
      expect(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]).toMatch(/^ScheduleFailures/);
    }
    const failures = alarms.filter(
      (alarm) =>
        alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(alarm.Properties.Dimensions).includes('ScheduleFailures'),
    );
    expect(failures).toHaveLength(1);
  });

  it('shows the business metrics of this province and the API on one dashboard', () => {
    const [dashboard] = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties.DashboardName).toBe('motcua-dong-nai');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const metric of [
      'DossiersSubmitted',
      'Actions',
      'Hops',
      'Notifications',
      'OverdueFound',
      'SignaturesRefused',
    ])
      expect(body, metric).toContain(`MetricName=\\\\\\"${metric}\\\\\\" province=\\\\\\"dong-nai\\\\\\"`);
    expect(body).toContain('AWS/ApiGateway');
  });

  it('keeps function logs as long as the province file says (90 days unless set)', () => {
    const functions = ofType('AWS::Lambda::Function').filter((fn) => fn.Properties.LoggingConfig);
    expect(functions.length).toBeGreaterThanOrEqual(deployedFunctions);
    for (const fn of functions) {
      const group = resources[fn.Properties.LoggingConfig.LogGroup.Ref];
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });

  it('costs nothing by the hour: no NAT gateway, instance, provisioned concurrency or capacity', () => {
    const hourly = [
      'AWS::EC2::NatGateway',
      'AWS::EC2::Instance',
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBCluster',
      'AWS::ElastiCache::CacheCluster',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::OpenSearchService::Domain',
      'AWS::EC2::VPCEndpoint',
    ];
    expect(
      Object.values(resources)
        .filter((resource) => hourly.includes(resource.Type))
        .map((r) => r.Type),
    ).toEqual([]);
    for (const table of ofType('AWS::DynamoDB::Table'))
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    for (const fn of ofType('AWS::Lambda::Function'))
      expect(fn.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    expect(
      ofType('AWS::Lambda::Alias').filter((alias) => alias.Properties.ProvisionedConcurrencyConfig),
    ).toEqual([]);
  });
});

/**
 * The list prices the cost bench uses: US East (N. Virginia), on-demand, as the AWS pricing
 * pages listed them in 2025 (the deployment region, Asia Pacific (Singapore), lists most a
 * little higher). Prices the project could not check are not guessed: the bench asks for them
 * (`BENCH_PRICE_<KEY>` in US dollars) and reports quantities without them.
 */
export interface Price {
  usd: number | undefined;
  per: string;
  source: string;
}

const fromEnvironment = (key: string): number | undefined => {
  const value = process.env[`BENCH_PRICE_${key}`];
  return value === undefined ? undefined : Number(value);
};

export const PRICE_REGION = 'us-east-1';
export const PRICES_AS_OF = '2025';

export const PRICES = {
  apiRequest: {
    usd: 1.0 / 1e6,
    per: 'HTTP API request (first 300 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  lambdaRequest: { usd: 0.2 / 1e6, per: 'Lambda request', source: 'https://aws.amazon.com/lambda/pricing/' },
  lambdaGbSecond: {
    usd: 0.0000133334,
    per: 'Lambda GB-second, arm64',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  dynamoWrite: {
    usd: 0.625 / 1e6,
    per: 'DynamoDB on-demand write request unit',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  dynamoRead: {
    usd: 0.125 / 1e6,
    per: 'DynamoDB on-demand read request unit',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  sqsRequest: { usd: 0.4 / 1e6, per: 'SQS standard request', source: 'https://aws.amazon.com/sqs/pricing/' },
  sqsFifoRequest: { usd: 0.5 / 1e6, per: 'SQS FIFO request', source: 'https://aws.amazon.com/sqs/pricing/' },
  s3Write: {
    usd: 0.005 / 1000,
    per: 'S3 PUT, COPY, POST or LIST request',
    source: 'https://aws.amazon.com/s3/pricing/',
  },
  s3Read: { usd: 0.0004 / 1000, per: 'S3 GET or HEAD request', source: 'https://aws.amazon.com/s3/pricing/' },
  kmsRequest: {
    usd: 0.03 / 10_000,
    per: 'KMS symmetric request',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  kmsAsymmetric: {
    usd: fromEnvironment('KMS_SIGN'),
    per: 'KMS Sign with an ECC key',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  logGb: {
    usd: 0.5,
    per: 'GB of CloudWatch Logs ingested (standard)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  trace: { usd: 5 / 1e6, per: 'X-Ray trace recorded', source: 'https://aws.amazon.com/xray/pricing/' },
  email: { usd: 0.1 / 1000, per: 'SES email sent', source: 'https://aws.amazon.com/ses/pricing/' },
  sms: {
    usd: fromEnvironment('SMS'),
    per: 'SNS SMS to a Vietnamese number',
    source: 'https://aws.amazon.com/sns/sms-pricing/',
  },
  scanGb: {
    usd: fromEnvironment('SCAN_GB'),
    per: 'GB scanned by GuardDuty Malware Protection for S3',
    source: 'https://aws.amazon.com/guardduty/pricing/',
  },
  scanObject: {
    usd: fromEnvironment('SCAN_OBJECT'),
    per: 'object evaluated by GuardDuty Malware Protection for S3',
    source: 'https://aws.amazon.com/guardduty/pricing/',
  },
  kmsKeyMonth: {
    usd: 1,
    per: 'KMS customer managed key a month',
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  webAclMonth: {
    usd: 5,
    per: 'AWS WAF web ACL a month',
    source: 'https://aws.amazon.com/waf/pricing/',
  },
  webAclRuleMonth: {
    usd: 1,
    per: 'AWS WAF rule a month (an AWS managed rule group counts as one)',
    source: 'https://aws.amazon.com/waf/pricing/',
  },
  alarmMetricMonth: {
    usd: 0.1,
    per: 'CloudWatch alarm metric a month (standard resolution; each metric of a math expression counts)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  dashboardMonth: {
    usd: 3,
    per: 'CloudWatch dashboard a month (the first three of an account are free)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
} satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;

import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** The region CloudFront takes its web ACLs (and certificates) from. */
export const CLOUDFRONT_REGION = 'us-east-1';

/**
 * AWS's managed rule groups the distribution is checked against, in order: the common rules
 * (OWASP-style injection, oversized and malformed requests), inputs known to be bad (exploit
 * patterns such as Log4j's), and addresses Amazon's threat intelligence lists. None is a paid
 * group beyond its rule charge.
 */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
] as const;

export interface EdgeFirewallStackProps extends StackProps {
  province: string;
  /** Requests one address may make in five minutes before the edge refuses it (429). */
  ratePerFiveMinutes: number;
}

/**
 * The web ACL in front of the public page's distribution: a stack of its own in us-east-1,
 * where CloudFront's web ACLs live (an HTTP API takes none: its stage's throttles guard it).
 */
export class EdgeFirewallStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeFirewallStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    const metric = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: `motcua-${props.province}-${name}`,
      sampledRequestsEnabled: true,
    });
    const acl = new CfnWebACL(this, 'EdgeFirewall', {
      name: `motcua-${props.province}-edge`,
      description: 'The public page: AWS managed rules and a rate per address',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: metric('edge'),
      rules: [
        {
          name: 'RatePerAddress',
          priority: 0,
          statement: { rateBasedStatement: { limit: props.ratePerFiveMinutes, aggregateKeyType: 'IP' } },
          action: { block: { customResponse: { responseCode: 429 } } },
          visibilityConfig: metric('rate'),
        },
        ...MANAGED_RULE_GROUPS.map((name, at) => ({
          name,
          priority: at + 1,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          overrideAction: { none: {} },
          visibilityConfig: metric(name),
        })),
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}

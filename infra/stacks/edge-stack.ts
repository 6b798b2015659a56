import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  ApiMapping,
  type CfnStage,
  DomainName,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { Province } from '../../shared/config/province.ts';
import { Monitoring } from '../constructs/monitoring.ts';
import { PublicEdge } from '../constructs/public-edge.ts';
import type { ApiStack } from './api-stack.ts';
import type { DataStack } from './data-stack.ts';
import type { FunctionStack } from './function-stack.ts';
import { acknowledge } from './nag.ts';

/**
 * One JSON line per request: which route, who called (the token's subject; an integrator's
 * requests are named by the signature their function checks, in the function's log), the answer
 * and how long it took, the integration's error if any.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  route: '$context.routeKey',
  caller: '$context.authorizer.claims.sub',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  status: '$context.status',
  bytes: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
} as const;

export interface EdgeStackProps extends StackProps {
  province: Province;
  data: DataStack;
  api: ApiStack;
  /** Every stack of functions: the stage names their routes, the dashboard their functions. */
  functionStacks: readonly FunctionStack[];
  /** Functions that live elsewhere (the user pool's triggers, with the pool). */
  otherFunctions: Record<string, IFunction>;
  /** The distribution's web ACL, from its stack in us-east-1. */
  webAclArn: string;
}

/**
 * What faces the world and the operators, deployed once every route exists: the API's stage
 * with its throttles and access logs, CloudFront in front of it, the dashboard and the alarms.
 */
export class EdgeStack extends Stack {
  readonly stage: HttpStage;
  readonly edge: PublicEdge;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    // The web ACL's ARN comes from us-east-1.
    super(scope, id, { ...props, crossRegionReferences: true });
    for (const stack of props.functionStacks) this.addStackDependency(stack);
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: props.api.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // Route-level throttles: public routes (anyone may call them) and the integrators' signed
    // routes each have their own, below the stage's, so that a flood on one kind leaves the
    // others their share. Each integrator is further held to its own rate.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.assign(
      {},
      ...props.functionStacks.map((stack) => stack.routeThrottles),
    );
    const apiDomain = props.province.domains.api;
    if (apiDomain) {
      // The API on the province's own address, beside the generated one.
      const domain = new DomainName(this, 'ApiDomain', {
        domainName: apiDomain.name,
        certificate: Certificate.fromCertificateArn(this, 'ApiCertificate', apiDomain.certificateArn),
      });
      new ApiMapping(this, 'ApiDomainMapping', { api: props.api.api, domainName: domain, stage: this.stage });
      new CfnOutput(this, 'ApiDomainTarget', {
        description: `Point ${apiDomain.name} here (a CNAME, or an alias record in Route 53)`,
        value: domain.regionalDomainName,
      });
    }
    this.edge = this.createEdge(props);
    const functions = Object.assign(
      { ...props.otherFunctions },
      ...props.functionStacks.map((stack) => stack.functions),
    );
    this.monitoring = new Monitoring(this, 'Monitoring', {
      province: props.province.id,
      api: props.api.api,
      table: props.data.table,
      functions,
      httpFunctions: new Set(props.functionStacks.flatMap((stack) => [...stack.routeFunctions])),
      streamFunctions: new Set(props.functionStacks.flatMap((stack) => [...stack.streamFunctions])),
      schedules: props.functionStacks.flatMap((stack) => stack.schedules),
      alerts: props.data.alerts,
    });
    new CfnOutput(this, 'ApiUrl', {
      value: apiDomain ? `https://${apiDomain.name}` : props.api.api.apiEndpoint,
    });
    new CfnOutput(this, 'PublicUrl', { value: this.edge.url });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${this.monitoring.dashboard.dashboardName}`,
    });
  }

  /** The public page cached briefly at CloudFront's edge; every other request passed through. */
  private createEdge(props: EdgeStackProps): PublicEdge {
    const domain = props.province.domains.publicPage;
    const edge = new PublicEdge(this, 'Edge', {
      api: props.api.api,
      logs: props.data.accessLogs,
      webAclArn: props.webAclArn,
      ...(domain ? { domain } : {}),
    });
    acknowledge(
      edge.distribution,
      'CFR1',
      "The public page and the API serve the province's citizens wherever they are, abroad included: no country is refused.",
    );
    acknowledge(
      edge.distribution,
      'CFR4',
      'The distribution answers on its cloudfront.net name, whose default certificate CloudFront serves with a TLSv1 minimum no setting raises; with a domain and certificate of its own the minimum is TLS 1.2.',
    );
    return edge;
  }
}

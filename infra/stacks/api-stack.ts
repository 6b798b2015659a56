import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';
import type { DataStack } from './data-stack.ts';

export interface ApiStackProps extends StackProps {
  data: DataStack;
}

/**
 * The HTTP API and its JWT authorizer, on their own: the routes live in the stacks of their
 * functions and the stage in the edge stack, after every route exists.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  /** The authorizer every route that takes a token names. */
  readonly authorizer: IHttpRouteAuthorizer;
  /**
   * What rolls a release of the API's functions back while its traffic shifts: the API answering
   * 5xx (a function that fails is a 5xx too), five or more in a minute, twice in a row. Here,
   * before the stacks of routes, so that it exists whenever they deploy.
   */
  readonly rollbackAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept-language'],
      },
    });
    const jwt = new HttpAuthorizer(this, 'JwtAuthorizer', {
      httpApi: this.api,
      type: HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: props.data.issuer,
      jwtAudience: props.data.audiences,
    });
    this.authorizer = HttpAuthorizer.fromHttpAuthorizerAttributes(this, 'RouteAuthorizer', {
      authorizerId: jwt.authorizerId,
      authorizerType: HttpAuthorizerType.JWT,
    });
    this.rollbackAlarm = new Alarm(this, 'ReleaseServerErrors', {
      alarmDescription:
        'A release of the API is rolled back: five or more 5xx answers a minute, twice in a row',
      metric: this.api.metricServerError({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.rollbackAlarm.addAlarmAction(new SnsAction(props.data.alerts));
  }
}

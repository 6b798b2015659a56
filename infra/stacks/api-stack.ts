import { Stack, type StackProps } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpAuthorizer,
  HttpAuthorizerType,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
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
  }
}

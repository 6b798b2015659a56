import { Duration, Fn } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TransparencyQuery, transparencyPage } from '../../functions/public/transparency.manifest.ts';

export interface PublicEdgeProps {
  api: HttpApi;
  /** Where CloudFront writes its standard logs: a bucket with ACLs enabled. */
  logs: IBucket;
  /** A domain of the province's own, with its ACM certificate (in us-east-1, as CloudFront requires). */
  domain?: { name: string; certificateArn: string };
  /** The AWS WAF web ACL (scope CLOUDFRONT, in us-east-1) the distribution is checked against. */
  webAclArn?: string;
}

/**
 * The 4xx and 5xx answers CloudFront keeps for 10 seconds unless told otherwise: an API's
 * errors depend on who asks and when, so none is kept.
 */
const UNCACHED_ERRORS = [400, 403, 404, 405, 414, 500, 501, 502, 503, 504] as const;

/**
 * CloudFront in front of the province's HTTP API, for the public page only: `GET /cong-khai`
 * is kept at the edge as long as its own Cache-Control says, one copy per value of its query
 * parameters and nothing else of the request. Any other path is answered 404 at the edge:
 * the API is called at its own address, where the look-up's per-address limit sees the
 * caller's address (not CloudFront's), signatures cover the host they were made for, and no
 * query string (a look-up secret) lands in the edge's logs.
 */
export class PublicEdge extends Construct {
  readonly distribution: Distribution;
  /** The address the public page is served from. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const origin = new HttpOrigin(Fn.parseDomainName(props.api.apiEndpoint), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // Added where the API has not set them; what the API sets is kept as it is.
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HSTS, no sniffing, no framing, no referrer, unless the API says otherwise',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), override: false },
        contentTypeOptions: { override: false },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: false },
      },
    });
    const publicPage = new CachePolicy(this, 'PublicPageCache', {
      comment: 'The public page: as long as its Cache-Control says, per period and language',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(60),
      maxTtl: Duration.minutes(5),
      queryStringBehavior: CacheQueryStringBehavior.allowList(...Object.keys(TransparencyQuery.shape)),
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const certificate = props.domain
      ? {
          domainNames: [props.domain.name],
          certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
          minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
        }
      : {};
    const elsewhere = new EdgeFunction(this, 'NotHere', {
      comment: 'Every path but the public page: 404 at the edge; the API has its own address',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        "function handler() { return { statusCode: 404, statusDescription: 'Not Found' }; }",
      ),
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${transparencyPage.http.path} cached at the edge; nothing else`,
      defaultBehavior: {
        origin,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: elsewhere, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [transparencyPage.http.path]: {
          origin,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: publicPage,
          compress: true,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          responseHeadersPolicy: securityHeaders,
        },
      },
      errorResponses: UNCACHED_ERRORS.map((httpStatus) => ({ httpStatus, ttl: Duration.seconds(0) })),
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'cloudfront/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      ...certificate,
    });
    this.url = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
  }
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Bucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { PublicEdge } from '../../infra/constructs/public-edge.ts';
import type { Json } from '../support/json.ts';

/** CloudFront's managed policies, by the ids AWS gives them. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
/** The 4xx and 5xx answers CloudFront keeps for 10 seconds unless told otherwise. */
const ERRORS_CLOUDFRONT_CACHES = [400, 403, 404, 405, 414, 500, 501, 502, 503, 504];

let template: Template;
let resources: Record<string, Json>;
let distribution: Json;

const resourceOf = (reference: Json) => resources[reference.Ref];
const behaviourFor = (path: string) =>
  (distribution.CacheBehaviors as Json[] | undefined)?.find((behaviour) => behaviour.PathPattern === path);

beforeAll(() => {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    outdir: mkdtempSync(join(tmpdir(), 'motcua-cdk-')),
  });
  const stack = buildApp(app, { province: 'dong-nai' });
  template = Template.fromJSON(app.synth().getStackByName(stack.stackName).template);
  resources = template.toJSON().Resources;
  const distributions = Object.values(template.findResources('AWS::CloudFront::Distribution')) as Json[];
  distribution = distributions[0]?.Properties.DistributionConfig;
});

describe('the public page at the edge', () => {
  it('puts one CloudFront distribution in front of the API, reaching it over TLS 1.2', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    expect(distribution.Origins).toHaveLength(1);
    const [origin] = distribution.Origins as Json[];
    expect(JSON.stringify(origin.DomainName)).toMatch(/"Fn::GetAtt":\["Api[0-9A-F]{8}","ApiEndpoint"\]/);
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('caches /cong-khai as long as its Cache-Control says, one copy per period and lang and nothing else', () => {
    const page = behaviourFor('/cong-khai');
    expect(page, 'a behaviour for /cong-khai').toBeDefined();
    expect(page).toMatchObject({
      AllowedMethods: ['GET', 'HEAD'],
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    // Nothing of the request but the cache key reaches the page.
    expect(page.OriginRequestPolicyId).toBeUndefined();
    const policy = resourceOf(page.CachePolicyId);
    expect(policy?.Type).toBe('AWS::CloudFront::CachePolicy');
    const config = policy.Properties.CachePolicyConfig;
    expect({ min: config.MinTTL, default: config.DefaultTTL, max: config.MaxTTL }).toEqual({
      min: 0,
      default: 60,
      max: 300,
    });
    const key = config.ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.QueryStringsConfig.QueryStringBehavior).toBe('whitelist');
    expect([...key.QueryStringsConfig.QueryStrings].sort()).toEqual(['lang', 'period']);
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
    expect(key).toMatchObject({ EnableAcceptEncodingGzip: true, EnableAcceptEncodingBrotli: true });
  });

  it('answers any other path 404 at the edge, before the API: the API is called at its own address', () => {
    expect(distribution.CacheBehaviors).toHaveLength(1);
    const fallback = distribution.DefaultCacheBehavior;
    expect(fallback).toMatchObject({ CachePolicyId: CACHING_DISABLED, ViewerProtocolPolicy: 'https-only' });
    expect(fallback.OriginRequestPolicyId).toBeUndefined();
    const [association] = fallback.FunctionAssociations as Json[];
    expect(association.EventType).toBe('viewer-request');
    const code = resources[association.FunctionARN['Fn::GetAtt'][0]].Properties.FunctionCode as string;
    // The function as CloudFront runs it: every request it sees is answered 404.
    const handler = new Function(`${code}; return handler;`)() as (event: Json) => Json;
    expect(handler({ request: { uri: '/lookup/x', method: 'GET' } })).toEqual({
      statusCode: 404,
      statusDescription: 'Not Found',
    });
  });

  it('keeps no error at the edge, and hands on the API’s own answer', () => {
    expect(distribution.CustomErrorResponses).toEqual(
      ERRORS_CLOUDFRONT_CACHES.map((code) => ({ ErrorCode: code, ErrorCachingMinTTL: 0 })),
    );
  });

  it('adds HSTS, no sniffing, no framing and no referrer where the API has not said otherwise', () => {
    const id = distribution.DefaultCacheBehavior.ResponseHeadersPolicyId;
    expect(behaviourFor('/cong-khai')?.ResponseHeadersPolicyId).toEqual(id);
    const headers = resourceOf(id).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers).toEqual({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, Override: false },
      ContentTypeOptions: { Override: false },
      FrameOptions: { FrameOption: 'DENY', Override: false },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: false },
    });
  });

  it('logs to the access logs bucket and gives its address as the stack output PublicUrl', () => {
    expect(distribution.Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs[0-9A-F]{8}$/), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
    template.hasOutput('PublicUrl', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('^EdgeDistribution'), 'DomainName'] }],
        ],
      },
    });
  });

  it('answers on a domain of the province’s own with TLS 1.2 at least, when given its certificate', () => {
    const stack = new Stack(new App(), 'Edge', { env: { region: 'ap-southeast-1' } });
    const certificateArn = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';
    const edge = new PublicEdge(stack, 'Edge', {
      api: new HttpApi(stack, 'Api'),
      logs: new Bucket(stack, 'Logs', { objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED }),
      domain: { name: 'congkhai.dongnai.gov.vn', certificateArn },
    });
    expect(edge.url).toBe('https://congkhai.dongnai.gov.vn');
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['congkhai.dongnai.gov.vn'],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
  });
});

import { resolve } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/env.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * How every function is bundled, here and by the bundle-size bench: ESM for Node 24,
 * minified with source maps, the AWS SDK taken from the Lambda runtime.
 */
export const bundling = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  externalModules: ['@aws-sdk/*'],
  mainFields: ['module', 'main'],
  banner:
    "import { createRequire as __motcuaRequire } from 'node:module';const require = __motcuaRequire(import.meta.url);",
} satisfies BundlingOptions;

/**
 * What the bundler takes as constants, so that a bundle leaves out what its function never
 * runs: the tracer unless the province traces AWS SDK calls (shared/observability.ts), the
 * signature check unless the function's route is an integrator's (shared/http/handler.ts).
 */
export const bundlingDefines = (sdkTracing: boolean, signedRoute = false): Record<string, string> => ({
  [`process.env.${ENV.sdkTracing}`]: JSON.stringify(String(sdkTracing)),
  'process.env.MOTCUA_SIGNED_ROUTE': JSON.stringify(String(signedRoute)),
});

export interface MotcuaFunctionProps {
  name: string;
  spec: FunctionSpec;
  environment: Record<string, string>;
  bundling?: BundlingOptions;
  /**
   * Where its logs go: the province's functions share one group (each stream is named after
   * its function, each line carries `function_name`), one resource rather than one a function
   * in a stack that holds at most 500.
   */
  logGroup: ILogGroup;
}

/** Every function's defaults in one place: Node 24 on arm64, tracing, logs to the given group. */
export class MotcuaFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: MotcuaFunctionProps) {
    super(scope, id, {
      entry: resolve(ROOT, props.spec.entry),
      handler: 'handler',
      description: props.spec.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.spec.memoryMb,
      timeout: Duration.seconds(props.spec.timeoutSeconds),
      // The API's requests are sampled and traced; the background functions join a trace that
      // reaches them sampled (SQS carries it), so that traces do not outgrow the platform's cost.
      tracing: props.spec.http ? Tracing.ACTIVE : Tracing.PASS_THROUGH,
      logGroup: props.logGroup,
      projectRoot: ROOT,
      depsLockFilePath: resolve(ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'motcua',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: { ...bundling, ...props.bundling },
      role: new Role(scope, `${id}ServiceRole`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }),
    });
    // Its streams in the province's function log group and nothing else (Lambda's basic
    // execution policy, which a role gets by default, would let it write to any log group).
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [props.logGroup.logGroupArn],
      }),
    );
  }
}

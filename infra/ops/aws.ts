import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Province } from '../../shared/config/province.ts';
import { PLACEHOLDER_ACCOUNT } from '../../shared/config/province-review.ts';
import { OpsError } from './errors.ts';

/**
 * The account the province file pins, reached by the operator's credentials: a file naming no
 * account (or the placeholder of a new file) is refused before AWS is asked, and credentials of
 * another account after. A demo file may name none: it goes to the account the credentials reach.
 */
export async function provinceAccount(
  province: Province,
  file: string,
  reach: (region: string) => Promise<string> = callerAccount,
): Promise<string> {
  const pinned = province.account;
  if ((!pinned || pinned === PLACEHOLDER_ACCOUNT) && !province.demo)
    throw new OpsError(
      `${file} names no AWS account${pinned ? ` but the placeholder ${pinned}` : ''}: set "account" to the 12 digits of the account the province deploys to, then run the command again.`,
    );
  const account = await reach(province.region);
  if (pinned && account !== pinned)
    throw new OpsError(
      `These credentials reach account ${account}, but ${file} pins ${province.name} to account ${pinned}: sign in to ${pinned} and run the command again.`,
    );
  return account;
}

/** The account the operator's credentials reach, or one sentence saying why none. */
export async function callerAccount(region: string): Promise<string> {
  const sts = new STSClient({ region });
  try {
    const { Account } = await sts.send(new GetCallerIdentityCommand({}));
    if (!Account) throw new OpsError('AWS did not say which account these credentials belong to.');
    return Account;
  } catch (error) {
    throw credentialsError(error as Error, region);
  } finally {
    sts.destroy();
  }
}

function credentialsError(error: Error, region: string): Error {
  if (error instanceof OpsError) return error;
  const name = error.name;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(error.message))
    return new OpsError(
      'No AWS credentials were found: sign in (aws sso login, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) and run the command again.',
    );
  if (/ExpiredToken|TokenRefreshRequired/.test(name) || /expired/i.test(error.message))
    return new OpsError(
      'The AWS credentials have expired: sign in again (aws sso login) and run the command again.',
    );
  if (/InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient|AccessDenied/.test(name))
    return new OpsError(
      `AWS refused these credentials (${name}): check the profile or keys and run the command again.`,
    );
  if (
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|TimeoutError/.test(
      `${name} ${(error as { code?: string }).code}`,
    )
  )
    return new OpsError(
      `AWS cannot be reached from here (sts.${region}.amazonaws.com): check the network and run the command again.`,
    );
  return new OpsError(`AWS could not check these credentials: ${error.message}`);
}

/** A stack's outputs by key, or undefined when the stack does not exist. */
export async function stackOutputs(
  stack: string,
  region: string,
): Promise<Record<string, string> | undefined> {
  const cloudformation = new CloudFormationClient({ region });
  try {
    const { Stacks = [] } = await cloudformation.send(new DescribeStacksCommand({ StackName: stack }));
    return Object.fromEntries(
      (Stacks[0]?.Outputs ?? []).map((output) => [output.OutputKey!, output.OutputValue!]),
    );
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message))
      return undefined;
    throw error;
  } finally {
    cloudformation.destroy();
  }
}

/** The CDK bootstrap stack's version in an account and region, or undefined when there is none. */
export async function bootstrapVersion(region: string): Promise<number | undefined> {
  const version = (await stackOutputs('CDKToolkit', region))?.BootstrapVersion;
  return version ? Number(version) : undefined;
}

/** The release the province's data stack records, or undefined before the first deploy. */
export const deployedRelease = async (dataStack: string, region: string): Promise<string | undefined> =>
  (await stackOutputs(dataStack, region))?.Release;

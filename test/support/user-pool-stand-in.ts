import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Cognito user pool API (the administrator's operations the staff command
 * uses), over the same JSON protocol, failing as Cognito fails: a second account for an email is
 * `UsernameExistsException`, not an overwrite; an unknown pool, group or user is refused; an
 * attribute the pool does not define, or a custom one of the wrong length, is
 * `InvalidParameterException`. Every invitation Cognito would send is recorded, one per send.
 * Beside it, CloudFormation's DescribeStacks and STS's GetCallerIdentity answer for one stack
 * and one account, so that the command runs end to end as an operator runs it.
 */
export interface PoolUser {
  username: string;
  attributes: Record<string, string>;
  groups: Set<string>;
  enabled: boolean;
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  created: Date;
  signedOutAt?: Date;
}

export interface UserPoolStandIn {
  url: string;
  poolId: string;
  users: PoolUser[];
  invitations: { email: string; at: Date }[];
  /** Every operation asked, in order, by its target name. */
  calls: string[];
  close: () => Promise<void>;
}

const STANDARD = new Set(['email', 'email_verified', 'name', 'phone_number', 'phone_number_verified']);
/** The pool's custom attributes and their lengths, as the data stack defines them. */
const CUSTOM: Record<string, [number, number]> = { 'custom:unit': [13, 13], 'custom:id_number': [12, 12] };
const PAGE = 60;

class CognitoError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

export async function startUserPoolStandIn(options: {
  account: string;
  region: string;
  stack: string;
  groups: readonly string[];
}): Promise<UserPoolStandIn> {
  const poolId = `${options.region}_${randomUUID().replace(/-/g, '').slice(0, 9)}`;
  const users: PoolUser[] = [];
  const invitations: UserPoolStandIn['invitations'] = [];
  const calls: string[] = [];
  const groups = new Set(options.groups);

  const pool = (input: { UserPoolId?: string }) => {
    if (input.UserPoolId !== poolId)
      throw new CognitoError('ResourceNotFoundException', `User pool ${input.UserPoolId} does not exist.`);
  };
  const find = (name: string | undefined) => {
    const user = users.find(
      (candidate) => candidate.username === name || candidate.attributes.email === name,
    );
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  };
  const described = (user: PoolUser) => ({
    Username: user.username,
    Attributes: Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    Enabled: user.enabled,
    UserStatus: user.status,
    UserCreateDate: user.created.getTime() / 1000,
    UserLastModifiedDate: user.created.getTime() / 1000,
  });

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    AdminCreateUser: (input) => {
      pool(input);
      const email = String(input.Username ?? '');
      if (!/^[^@\s]+@[^@\s]+$/.test(email))
        throw new CognitoError('InvalidParameterException', 'Username should be an email.');
      const attributes: Record<string, string> = {};
      for (const { Name, Value } of (input.UserAttributes ?? []) as { Name: string; Value: string }[]) {
        const bounds = CUSTOM[Name];
        if (!STANDARD.has(Name) && !bounds)
          throw new CognitoError(
            'InvalidParameterException',
            `Attribute does not exist in the schema: ${Name}`,
          );
        if (bounds && (Value.length < bounds[0] || Value.length > bounds[1]))
          throw new CognitoError('InvalidParameterException', `${Name}: length out of bounds`);
        attributes[Name] = Value;
      }
      if (users.some((user) => user.attributes.email === email))
        throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
      const username = randomUUID();
      const user: PoolUser = {
        username,
        attributes: { ...attributes, email, sub: username },
        groups: new Set(),
        enabled: true,
        status: 'FORCE_CHANGE_PASSWORD',
        created: new Date(),
      };
      users.push(user);
      if (((input.DesiredDeliveryMediums ?? []) as string[]).includes('EMAIL'))
        invitations.push({ email, at: new Date() });
      return { User: described(user) };
    },
    AdminGetUser: (input) => {
      pool(input);
      const { Attributes, ...user } = described(find(input.Username as string));
      return { ...user, UserAttributes: Attributes };
    },
    AdminAddUserToGroup: (input) => {
      pool(input);
      if (!groups.has(input.GroupName as string))
        throw new CognitoError('ResourceNotFoundException', 'Group not found.');
      find(input.Username as string).groups.add(input.GroupName as string);
      return {};
    },
    ListUsersInGroup: (input) => {
      pool(input);
      if (!groups.has(input.GroupName as string))
        throw new CognitoError('ResourceNotFoundException', 'Group not found.');
      const limit = Math.min(Number(input.Limit ?? PAGE), PAGE);
      const members = users.filter((user) => user.groups.has(input.GroupName as string));
      const from = Number(input.NextToken ?? 0);
      const page = members.slice(from, from + limit);
      const next = from + limit < members.length ? String(from + limit) : undefined;
      return { Users: page.map(described), ...(next ? { NextToken: next } : {}) };
    },
    AdminDisableUser: (input) => {
      pool(input);
      find(input.Username as string).enabled = false;
      return {};
    },
    AdminUserGlobalSignOut: (input) => {
      pool(input);
      find(input.Username as string).signedOutAt = new Date();
      return {};
    },
  };

  const answerCognito = (target: string, body: string, response: ServerResponse) => {
    calls.push(target);
    const operation = operations[target];
    try {
      if (!operation) throw new CognitoError('UnknownOperationException', `${target} is not served here.`);
      const answer = JSON.stringify(operation(JSON.parse(body || '{}')));
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(answer);
    } catch (error) {
      const type = error instanceof CognitoError ? error.type : 'InternalErrorException';
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ __type: type, message: (error as Error).message }));
    }
  };

  const answerQuery = (body: string, response: ServerResponse) => {
    const query = new URLSearchParams(body);
    response.writeHead(200, { 'content-type': 'text/xml' });
    if (query.get('Action') === 'GetCallerIdentity') {
      calls.push('GetCallerIdentity');
      response.end(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${options.account}:user/operator</Arn><UserId>AIDAEXAMPLE</UserId><Account>${options.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      );
      return;
    }
    calls.push('DescribeStacks');
    if (query.get('StackName') !== options.stack) {
      response.writeHead(400, { 'content-type': 'text/xml' });
      response.end(
        `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${query.get('StackName')} does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
      );
      return;
    }
    response.end(
      `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${options.stack}</StackName><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime><Outputs><member><OutputKey>UserPoolId</OutputKey><OutputValue>${poolId}</OutputValue></member></Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`,
    );
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      if (target) answerCognito(target.split('.').pop()!, body, response);
      else answerQuery(body, response);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    poolId,
    users,
    invitations,
    calls,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { documents } from '../../shared/persistence/client.ts';
import { allows, type TableAction } from '../table-access.ts';
import { currentFunction } from './scope.ts';

/**
 * The table's IAM policy, locally: every request a function makes through the shared client
 * is checked against the table grants of its manifest entry, and refused with the error IAM
 * gives (`AccessDeniedException`) when the partition, the index or the action is not granted.
 * A Scan is never granted. Requests made outside an invocation (fixtures) are not checked.
 */
export function guardTable(): void {
  if (guarded) return;
  guarded = true;
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const scope = currentFunction();
      if (scope) {
        for (const request of requestsOf(context.commandName ?? '', args.input as Input)) {
          if (!allows(scope.table, request.action, request)) throw denied(scope.name, request);
        }
      }
      return next(args);
    },
    { step: 'build', name: 'motcuaLocalTableGuard' },
  );
}

let guarded = false;

type Item = Record<string, AttributeValue>;
interface Input {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
  RequestItems?: Record<
    string,
    { Keys?: Item[] } | { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]
  >;
  TransactItems?: Record<string, { Key?: Item; Item?: Item }>[];
}

interface Request {
  action: TableAction | 'dynamodb:Scan';
  pk?: string;
  index?: string;
}

const pkOf = (item: Item | undefined) => item?.pk?.S;

function requestsOf(command: string, input: Input): Request[] {
  switch (command) {
    case 'GetItemCommand':
      return [{ action: 'dynamodb:GetItem', pk: pkOf(input.Key) }];
    case 'PutItemCommand':
      return [{ action: 'dynamodb:PutItem', pk: pkOf(input.Item) }];
    case 'UpdateItemCommand':
      return [{ action: 'dynamodb:UpdateItem', pk: pkOf(input.Key) }];
    case 'DeleteItemCommand':
      return [{ action: 'dynamodb:DeleteItem', pk: pkOf(input.Key) }];
    case 'QueryCommand':
      return [
        input.IndexName
          ? { action: 'dynamodb:Query', index: input.IndexName }
          : { action: 'dynamodb:Query', pk: queriedPartition(input) },
      ];
    case 'BatchGetItemCommand':
      return Object.values(input.RequestItems ?? {}).flatMap((request) =>
        ('Keys' in request ? (request.Keys ?? []) : []).map((key) => ({
          action: 'dynamodb:BatchGetItem' as const,
          pk: pkOf(key),
        })),
      );
    case 'TransactWriteItemsCommand':
      return (input.TransactItems ?? []).map((entry) => {
        const [kind, operation] = Object.entries(entry)[0] ?? [];
        const action = TRANSACT_ACTIONS[kind ?? ''] ?? 'dynamodb:PutItem';
        return { action, pk: pkOf(operation?.Key ?? operation?.Item) };
      });
    default:
      return [{ action: 'dynamodb:Scan' }];
  }
}

const TRANSACT_ACTIONS: Record<string, TableAction> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** The partition a Query reads: the value its key condition sets `pk` equal to. */
function queriedPartition(input: Input): string | undefined {
  const names = Object.entries(input.ExpressionAttributeNames ?? {})
    .filter(([, attribute]) => attribute === 'pk')
    .map(([alias]) => alias.replace('#', '\\#'));
  const pattern = new RegExp(`(?:^|\\s|\\()(?:pk|${names.join('|') || 'pk'})\\s*=\\s*(:\\w+)`);
  const placeholder = pattern.exec(input.KeyConditionExpression ?? '')?.[1];
  return placeholder ? input.ExpressionAttributeValues?.[placeholder]?.S : undefined;
}

function denied(name: string, request: Request): Error {
  const where = request.index ? `index ${request.index}` : `partition ${request.pk ?? '(none)'}`;
  const error = new Error(
    `User: motcua-${name} is not authorized to perform: ${request.action} on ${where}: its manifest entry does not grant it`,
  );
  error.name = 'AccessDeniedException';
  return error;
}

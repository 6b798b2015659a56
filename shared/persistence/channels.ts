import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.ts';
import { documents, type TransactPart, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * A dossier filed through another channel, under the channel's own code (MaHoSo): written
 * with the dossier, kept for good, so that the same dossier sent again, a minute or a year
 * later, is answered with the first receipt and never filed twice.
 *
 *   channel  pk=CHANNEL#<integrator>  sk=<channel's code>
 */
export interface ChannelFiling<R> {
  code: string;
  requestHash: string;
  receipt: R;
}

const channelKey = (integrator: string, reference: string) => ({
  pk: `${PARTITIONS.channel}${integrator}`,
  sk: reference,
});

export async function getChannelFiling<R>(
  integrator: string,
  reference: string,
): Promise<ChannelFiling<R> | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: channelKey(integrator, reference), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { code, requestHash, receipt } = Item;
  return { code, requestHash, receipt } as ChannelFiling<R>;
}

/** The filing's record, to go in the dossier's transaction. */
export function recordChannelFiling<R>(
  integrator: string,
  reference: string,
  filing: ChannelFiling<R>,
): TransactPart {
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: { ...channelKey(integrator, reference), entity: 'channel-filing', ...filing },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    failure: () =>
      new DomainError('already-exists', {
        vi: `Hồ sơ ${reference} đã được tiếp nhận qua kênh này.`,
        en: `Dossier ${reference} was filed through this channel already.`,
      }),
  };
}

/**
 * Where the reading of a channel's feed stands (pull mode): the cursor after the last dossier
 * filed, and the dossiers of the feed refused (kept for their channel to correct).
 *
 *   cursor  pk=CHANNEL#<integrator>  sk=#PULL   (no channel's code begins with #)
 */
export interface FeedPosition {
  cursor: string;
  /** When the cursor last moved. */
  at?: string;
  refused: { MaHoSo: string; reason: string; at: string }[];
}

const cursorKey = (integrator: string) => ({ pk: `${PARTITIONS.channel}${integrator}`, sk: '#PULL' });

export async function getFeedPosition(integrator: string): Promise<FeedPosition> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: cursorKey(integrator), ConsistentRead: true }),
  );
  return Item
    ? { cursor: Item.cursor, at: Item.at, refused: Item.refused ?? [] }
    : { cursor: '', refused: [] };
}

/**
 * Moves the cursor on, from where this reader found it: a reader that overlapped and moved it
 * first wins, and this one's move is dropped (false), so the cursor never goes back.
 */
export async function moveFeedPosition(
  integrator: string,
  from: FeedPosition,
  to: FeedPosition,
): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...cursorKey(integrator), entity: 'channel-cursor', ...to },
        ConditionExpression: 'attribute_not_exists(pk) OR #cursor = :from',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':from': from.cursor },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

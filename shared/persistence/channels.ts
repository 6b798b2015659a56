import { GetCommand } from '@aws-sdk/lib-dynamodb';
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

import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { staleVersion } from '../domain/errors.ts';
import { conditionally, documents, type TransactPart, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * Hops waiting for a unit outside this deployment, oldest first, until a connector carries
 * them. Written in the same transaction as the hop's delivery, so none is lost or doubled.
 *
 *   outbound  pk=OUTBOUND#<unit>  sk=<sentAt>#<code>#<hop, 4 digits>
 */
export interface OutboundHop {
  code: string;
  hop: number;
  fromUnit: string;
  toUnit: string;
  sentAt: string;
  /** The signed hop receipt the connector hands over with the dossier. */
  receipt: string;
}

export interface OutboundEntry extends OutboundHop {
  status: 'queued' | 'handed-over';
  queuedAt: string;
  handedOverAt?: string;
}

const outboundKey = (hop: Pick<OutboundHop, 'toUnit' | 'sentAt' | 'code' | 'hop'>) => ({
  pk: `${PARTITIONS.outbound}${hop.toUnit}`,
  sk: `${hop.sentAt}#${hop.code}#${String(hop.hop).padStart(4, '0')}`,
});

/** The write that queues a hop for its unit, to go in the delivery's transaction. */
export function queueOutbound(hop: OutboundHop, now: Date): TransactPart {
  const entry: OutboundEntry = { ...hop, status: 'queued', queuedAt: now.toISOString() };
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: { ...outboundKey(hop), entity: 'outbound-hop', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    // Queued already: another delivery of the same hop got there first.
    failure: () => staleVersion(),
  };
}

/** A unit's outbound hops, oldest first. */
export async function listOutbound(unit: string, limit = 100): Promise<OutboundEntry[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :unit',
      ExpressionAttributeValues: { ':unit': `${PARTITIONS.outbound}${unit}` },
      Limit: limit,
    }),
  );
  return Items.map(
    ({ pk: _pk, sk: _sk, entity: _entity, shape: _shape, ...entry }) => entry as OutboundEntry,
  );
}

/** Marks a queued hop handed over; false when it already was. */
export async function markHandedOver(hop: OutboundHop, now: Date): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: outboundKey(hop),
        UpdateExpression: 'SET #status = :over, handedOverAt = :now',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':over': 'handed-over', ':queued': 'queued', ':now': now.toISOString() },
      }),
    ),
  );
}

import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentConfirmation, PaymentRefusal } from '../domain/payments.ts';
import { batchGet, conditionally, documents, type TransactPart, tableName, withoutKeys } from './client.ts';
import { INDEX_PARTITIONS, PARTITIONS } from './keys.ts';

/**
 * Payment platforms' confirmations, one item per transaction, so that the same confirmation
 * twice finds the first and changes nothing. A confirmation that settles no dossier is kept
 * with the reason, for an officer to review.
 *
 *   payment  pk=PAYMENT#<integrator>  sk=<transaction id>
 *            gsi1pk=REVIEW#PAYMENTS   gsi1sk=<received at>#<integrator>#<transaction id>  (kept for review)
 */
export interface PaymentRecord extends PaymentConfirmation {
  integrator: string;
  status: 'accepted' | 'review';
  reason?: PaymentRefusal;
  receivedAt: string;
  /** SHA-256 of the confirmation as sent: the same transaction id with other figures is refused. */
  requestHash: string;
}

const paymentKey = (integrator: string, transactionId: string) => ({
  pk: `${PARTITIONS.payment}${integrator}`,
  sk: transactionId,
});

const item = (record: PaymentRecord) => ({
  ...paymentKey(record.integrator, record.transactionId),
  ...(record.status === 'review'
    ? {
        gsi1pk: INDEX_PARTITIONS.gsi1.paymentReview,
        gsi1sk: `${record.receivedAt}#${record.integrator}#${record.transactionId}`,
      }
    : {}),
  entity: 'payment',
  ...record,
});

const recordOf = (item: Record<string, unknown>) => withoutKeys(item) as unknown as PaymentRecord;

export async function getPayment(
  integrator: string,
  transactionId: string,
): Promise<PaymentRecord | undefined> {
  const { Item } = await documents.send(
    new GetCommand({
      TableName: tableName(),
      Key: paymentKey(integrator, transactionId),
      ConsistentRead: true,
    }),
  );
  return Item ? recordOf(Item) : undefined;
}

/** The accepted payment, to go in the dossier's transaction; it fails when the transaction is known. */
export function recordPayment(record: PaymentRecord, failure: TransactPart['failure']): TransactPart {
  return {
    item: {
      Put: { TableName: tableName(), Item: item(record), ConditionExpression: 'attribute_not_exists(pk)' },
    },
    failure,
  };
}

/** Keeps a confirmation for review; false when the transaction was recorded already. */
export async function keepForReview(record: PaymentRecord): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: item(record),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** The confirmations kept for review, newest first. */
export async function paymentsForReview(limit: number): Promise<PaymentRecord[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :review',
      ExpressionAttributeValues: { ':review': INDEX_PARTITIONS.gsi1.paymentReview },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  const records = (await batchGet(Items.map(({ pk, sk }) => ({ pk, sk })))).map(recordOf);
  return records.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

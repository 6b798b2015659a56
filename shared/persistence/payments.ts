import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PaymentConfirmation, PaymentRefusal } from '../domain/payments.ts';
import { documents, type TransactPart, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * Payment platforms' confirmations, one item per transaction, so that the same confirmation
 * twice finds the first and changes nothing. A confirmation that settles no dossier is kept
 * with the reason, for an officer to review.
 *
 *   payment  pk=PAYMENT#<integrator>  sk=<transaction id>
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
  entity: 'payment',
  ...record,
});

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
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, ...record } = Item;
  return record as PaymentRecord;
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
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName(),
        Item: item(record),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

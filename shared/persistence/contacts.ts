import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactChannel } from '../domain/contacts.ts';
import { conditionally, documents, tableName } from './client.ts';
import { PARTITIONS, userPart } from './keys.ts';

/**
 * Contacts:  pk=CONTACT#USER:<sub>  sk=<channel>#<address>. Pending with a code hash until
 * confirmed (a pending one expires with its code); confirmed ones stay.
 */
export interface Contact {
  channel: ContactChannel;
  address: string;
  status: 'pending' | 'confirmed';
  codeHash?: string;
  codeExpiresAt?: string;
  attempts?: number;
  confirmedAt?: string;
}

const key = (sub: string, channel: ContactChannel, address: string) => ({
  pk: `${PARTITIONS.contacts}${userPart(sub)}`,
  sk: `${channel}#${address}`,
});

export async function getContact(
  sub: string,
  channel: ContactChannel,
  address: string,
): Promise<Contact | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: tableName(), Key: key(sub, channel, address), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, shape: _shape, expiresAt: _expires, ...contact } = Item;
  return contact as Contact;
}

/** A new code for an address not confirmed yet (an address already confirmed stays so). */
export async function putPendingContact(sub: string, contact: Contact, expiresAt: Date): Promise<void> {
  await documents
    .send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key(sub, contact.channel, contact.address),
          entity: 'contact',
          ...contact,
          expiresAt: Math.floor(expiresAt.getTime() / 1000) + 3600,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    )
    .catch((error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

/**
 * A wrong code: one attempt fewer, counted even under concurrent tries. False when the contact
 * is no longer pending (confirmed alongside, or its code expired and gone).
 */
export async function countAttempt(sub: string, channel: ContactChannel, address: string): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(sub, channel, address),
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':pending': 'pending' },
      }),
    ),
  );
}

/** Confirms a pending contact whose code was right, if it still had attempts left. */
export async function markConfirmed(
  sub: string,
  channel: ContactChannel,
  address: string,
  attemptsSeen: number,
  now: Date,
): Promise<boolean> {
  return conditionally(() =>
    documents.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(sub, channel, address),
        UpdateExpression:
          'SET #status = :confirmed, confirmedAt = :now REMOVE codeHash, codeExpiresAt, expiresAt',
        ConditionExpression: '#status = :pending AND (attribute_not_exists(attempts) OR attempts = :seen)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':confirmed': 'confirmed',
          ':pending': 'pending',
          ':now': now.toISOString(),
          ':seen': attemptsSeen,
        },
      }),
    ),
  );
}

/** The contacts a person has confirmed. */
export async function confirmedContacts(sub: string): Promise<Contact[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#status = :confirmed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': `${PARTITIONS.contacts}${userPart(sub)}`,
        ':confirmed': 'confirmed',
      },
      ConsistentRead: true,
    }),
  );
  return Items.map(({ channel, address, status, confirmedAt }) => ({
    channel,
    address,
    status,
    confirmedAt,
  }));
}

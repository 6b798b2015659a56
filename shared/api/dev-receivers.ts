import * as z from 'zod';

const Name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, 'must be a receiver name: lower-case letters, digits, . -');

export const ReceiverParams = z.strictObject({ name: Name });
export const ReceiveParams = z.strictObject({
  name: Name,
  operation: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be an operation name'),
});
export const ReceivedQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });
export const FailuresBody = z
  .strictObject({
    times: z.int().min(0).max(100),
    status: z.int().min(400).max(599).default(503),
  })
  .meta({ id: 'DevFailures' });

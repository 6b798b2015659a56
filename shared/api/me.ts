import * as z from 'zod';

export const NotificationsQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const MarkReadBody = z
  .strictObject({
    items: z
      .array(z.strictObject({ id: z.string().min(1).max(200), at: z.iso.datetime() }))
      .min(1)
      .max(100),
  })
  .meta({ id: 'MarkRead' });

export const PreferencesBody = z
  .strictObject({
    language: z.enum(['vi', 'en']),
    channels: z.array(z.enum(['in-app', 'email', 'sms'])).max(3),
  })
  .meta({ id: 'Preferences' });

export const OutboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(2000).default(100) });

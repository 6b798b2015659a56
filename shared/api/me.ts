import * as z from 'zod';
import { ACCESS_REASONS } from '../domain/data-access.ts';
import { NOTIFICATION_KINDS } from '../domain/notifications.ts';
import { ProcedureCode } from '../schemas/catalog.ts';

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

const Channel = z.enum(['email', 'sms']);
const Address = z.string().trim().min(3).max(254);

/** An address to confirm: an email, or a Vietnamese mobile number. */
export const ContactBody = z
  .strictObject({ channel: Channel, address: Address })
  .superRefine((contact, ctx) => {
    const valid =
      contact.channel === 'email'
        ? z.email().safeParse(contact.address).success
        : /^(0|\+84)\d{9,10}$/.test(contact.address.replace(/[\s.-]/g, ''));
    if (!valid)
      ctx.addIssue({ code: 'custom', message: `not a valid ${contact.channel} address`, path: ['address'] });
  })
  .meta({ id: 'Contact' });

export const ConfirmContactBody = z
  .strictObject({
    channel: Channel,
    address: Address,
    code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code'),
  })
  .meta({ id: 'ContactConfirmation' });

export const ContactView = z
  .object({
    channel: Channel,
    address: z.string(),
    status: z.enum(['pending', 'confirmed']),
    codeExpiresAt: z.string().optional(),
    confirmedAt: z.string().optional(),
  })
  .meta({ id: 'ContactState' });

export const NotificationPage = z
  .object({
    items: z.array(
      z.object({
        id: z.string().meta({ description: 'With `at`, what marks it read' }),
        kind: z.enum(NOTIFICATION_KINDS as [string, ...string[]]),
        code: z.string().meta({ description: 'The dossier (or feedback) it is about' }),
        subject: z.string(),
        text: z.string(),
        at: z.iso.datetime(),
        read: z.boolean(),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'NotificationPage' });

export const DraftParams = z.strictObject({ code: ProcedureCode });

export const DraftBody = z
  .strictObject({
    formData: z
      .record(z.string().min(1).max(100), z.unknown())
      .meta({ description: "What the citizen typed into the procedure's form so far, partial or not" }),
  })
  .meta({ id: 'DraftBody' });

const DraftTimes = {
  savedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().meta({ description: 'When the draft goes unless saved again' }),
};

export const DraftView = z
  .object({
    procedureCode: z.string(),
    formData: z.record(z.string(), z.unknown()),
    ...DraftTimes,
  })
  .meta({ id: 'Draft' });

export const DraftList = z
  .object({ items: z.array(z.object({ procedureCode: z.string(), ...DraftTimes })) })
  .meta({ id: 'Drafts' });

export const PrefillQuery = z.strictObject({
  onBehalf: z
    .enum(['true', 'false'])
    .default('false')
    .meta({ description: 'The citizen files for someone else: nothing of their own is prefilled' }),
});

export const PrefillView = z
  .object({
    procedureCode: z.string(),
    formData: z.record(z.string(), z.unknown()),
    share: z.number().min(0).max(1).meta({ description: "The share of the form's fields prefilled" }),
    from: z.string().optional().meta({ description: 'The earlier dossier the values come from' }),
    off: z.enum(['on-behalf']).optional().meta({ description: 'Why nothing was prefilled' }),
  })
  .meta({ id: 'Prefill' });

export const DataAccessQuery = NotificationsQuery;

export const DataAccessPage = z
  .object({
    items: z.array(
      z.object({
        at: z.iso.datetime(),
        code: z.string().meta({ description: 'The dossier read' }),
        by: z.object({ sub: z.string(), role: z.string(), unit: z.string().optional() }),
        why: z
          .enum(ACCESS_REASONS)
          .meta({ description: 'What was read: the dossier, its history, a file, a document issued' }),
      }),
    ),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'DataAccessPage' });

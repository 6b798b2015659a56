import * as z from 'zod';
import { EXTENSION_REASONS } from '../domain/deadline.ts';
import { OFFICER_ACTIONS, TERMINAL } from '../domain/dossier.ts';
import { DOSSIER_CODE } from '../domain/dossier-code.ts';
import { AgencyCode } from '../schemas/catalog.ts';

export const DossierCode = z
  .string()
  .regex(DOSSIER_CODE, 'must be a dossier code, e.g. 000.01.30.H19-261128-0001')
  .meta({ example: '000.01.30.H19-261128-0001' });

export const DossierParams = z.strictObject({ code: DossierCode });

export const ActionParams = z.strictObject({ code: DossierCode, action: z.enum(OFFICER_ACTIONS) });

export const PageQuery = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const UnitParams = z.strictObject({ unitCode: AgencyCode });

/** The states a unit's inbox holds: everything not finished. */
const OPEN_STATES = ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const).filter((state) => !TERMINAL.includes(state));

export const InboxQuery = PageQuery.extend({
  state: z.coerce
    .number()
    .pipe(
      z.union(OPEN_STATES.map((state) => z.literal(state)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<2>]),
    )
    .optional()
    .meta({ description: `An open state: the inbox holds no finished dossier (${TERMINAL.join(', ')})` }),
  dueBefore: z.iso.datetime().optional(),
});

export const LookupQuery = z
  .strictObject({
    secret: z
      .string()
      .regex(
        /^[0-9A-Za-z]{5}-?[0-9A-Za-z]{5}$/,
        'must be the look-up secret printed on the receipt, e.g. 7KQ2M-X9D4H',
      )
      .optional()
      .meta({ description: 'Mã tra cứu from the receipt (preferred)' }),
    phone: z
      .string()
      .regex(/^\d{4}$/, 'must be the last 4 digits of the applicant’s phone')
      .optional()
      .meta({ description: "The last 4 digits of the applicant's phone, where the secret is not at hand" }),
  })
  .refine((query) => (query.secret === undefined) !== (query.phone === undefined), {
    message: 'give either the look-up secret or the last 4 digits of the phone',
    path: ['secret'],
  });

export const DocumentQuery = z.strictObject({ format: z.enum(['json', 'html']).default('json') });

const HopView = z
  .object({
    seq: z.int().meta({ description: 'The history number of the event that sent the hop' }),
    kind: z.enum(['transfer', 'return']),
    fromUnit: z.string(),
    toUnit: z.string(),
    sentBy: z.string(),
    sentAt: z.string(),
    status: z.enum(['sent', 'delivered', 'queued-external', 'failed']),
    receivedAt: z.string().optional(),
    dueAt: z.string().optional().meta({ description: "The receiving unit's deadline for its step" }),
    receipt: z
      .string()
      .optional()
      .meta({ description: 'Compact JWS (EdDSA, typ motcua-hop+jws) of the hand-over' }),
    failure: z.object({ reason: z.enum(['unknown-unit', 'disabled-unit']), at: z.string() }).optional(),
  })
  .meta({ id: 'Hop' });

const Dossier = z.looseObject({
  code: DossierCode,
  state: z.int(),
  stateName: z.string(),
  version: z.int(),
  sub: z
    .enum(['none', 'in-transit', 'at-receiving-unit', 'returned-from-transfer', 'supplemented'])
    .meta({ description: 'in-transit: a hop was sent and has not landed yet; nobody acts until it does' }),
  currentUnit: z.string(),
  dueAt: z.string().optional(),
  stepDueAt: z
    .string()
    .optional()
    .meta({ description: "The current unit's own deadline for a transferred step" }),
  handoffFailure: z
    .object({ seq: z.int(), toUnit: z.string(), reason: z.string(), at: z.string() })
    .optional()
    .meta({ description: 'A hop that could not be delivered; cleared when the sending unit acts' }),
  hops: z.array(HopView),
  apology: z
    .object({
      at: z.string(),
      category: z.enum(EXTENSION_REASONS),
      publicReason: z.string(),
      newDueAt: z.string(),
    })
    .optional()
    .meta({
      description:
        'The latest apology and extension letter as the public page shows it: its category and its reason scrubbed of personal data',
    }),
});
export const DossierView = Dossier.meta({ id: 'Dossier' });
export const DossierPage = z
  .object({ items: z.array(DossierView), nextCursor: z.string().optional() })
  .meta({ id: 'DossierPage' });
export const HistoryView = z
  .object({
    events: z.array(z.looseObject({ seq: z.int(), hash: z.string() })),
    verification: z.looseObject({ valid: z.boolean() }),
  })
  .meta({ id: 'History' });
export const LookupView = z
  .object({
    code: DossierCode,
    state: z.int(),
    stateName: z.string(),
    procedureName: z.string(),
    receivedAt: z.string().optional(),
    dueAt: z.string().optional(),
    currentUnit: z.object({ code: z.string(), name: z.string() }),
  })
  .meta({ id: 'Lookup' });

/** The answer to a submission; parsed on the way out so a replay is byte-identical. */
export const SubmissionReceiptView = z
  .object({
    code: DossierCode,
    state: z.int(),
    stateName: z.string(),
    procedureCode: z.string(),
    procedureName: z.string(),
    receivingUnit: z.string(),
    submittedAt: z.string(),
    components: z.array(
      z.object({
        componentId: z.string(),
        files: z.array(
          z.object({ uploadId: z.string(), fileName: z.string(), size: z.int(), sha256: z.string() }),
        ),
      }),
    ),
    lookupSecret: z.string().meta({
      description: 'Mã tra cứu, printed on the receipt: with the code, it opens the public look-up',
      example: '7KQ2M-X9D4H',
    }),
    proof: z.string().meta({
      description:
        "Compact JWS (EdDSA, typ motcua-receipt+jws) over the code, procedure, unit, time, the number of files, filesDigest (SHA-256 of the canonical JSON of each component's files: uploadId, size, sha256) and the application hash; key at /.well-known/jwks.json",
    }),
  })
  .meta({ id: 'SubmissionReceipt' });

export const SyncView = z
  .object({
    code: z.string(),
    targets: z.array(
      z.object({
        target: z
          .string()
          .meta({ description: '`portal`, `unit:<code>` or `webhook:<integrator>/<subscription>`' }),
        status: z.enum(['synced', 'pending', 'held', 'failed']),
        events: z.int(),
        delivered: z.int(),
        lastAttempt: z
          .object({
            at: z.string(),
            ok: z.boolean(),
            status: z.int().optional(),
            error: z.string().optional(),
          })
          .optional(),
        reason: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'DossierSync' });

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

const SubState = z
  .enum([
    'none',
    'receiving-files',
    'in-transit',
    'at-receiving-unit',
    'returned-from-transfer',
    'supplemented',
  ])
  .meta({
    description:
      'in-transit: a hop was sent and has not landed yet; nobody acts until it does. receiving-files: the files another channel named are being fetched and scanned',
  });

/** What became of a file another channel named by its address. */
const ChannelFileVerdict = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('clean'),
      uploadId: z.uuid().meta({ description: 'Fetched, checked and scanned: download it under this id' }),
    }),
    z.object({
      status: z.literal('refused'),
      reason: z.enum([
        'host-not-allowed',
        'unreachable',
        'too-large',
        'size-mismatch',
        'checksum-mismatch',
        'type-not-accepted',
        'malware',
        'scan-failed',
      ]),
    }),
  ])
  .meta({ id: 'ChannelFileVerdict' });

const HopView = z
  .object({
    seq: z.int().meta({ description: 'The history number of the event that sent the hop' }),
    kind: z.enum(['transfer', 'return', 'route']),
    fromUnit: z.string(),
    toUnit: z.string(),
    sentBy: z.string(),
    sentAt: z.string(),
    sentFrom: SubState.meta({
      description: 'Where the dossier stood before it left, to go back to if the hop fails',
    }),
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

/** A file of a dossier, as verified (size, type, SHA-256). */
export const AttachedFileView = z
  .object({
    uploadId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.int(),
    sha256: z.string(),
    url: z.string().optional().meta({ description: 'Where another system serves a file it holds' }),
  })
  .meta({ id: 'AttachedFile' });

const Dossier = z.object({
  code: DossierCode,
  procedureCode: z.string(),
  procedureName: z.string(),
  procedureVersion: z
    .int()
    .optional()
    .meta({ description: 'The catalogue’s version of the procedure it was filed under, and is judged by' }),
  ownerSub: z.string().meta({ description: "The applicant's account (the token's subject)" }),
  receivingUnit: z.string(),
  currentUnit: z.string().meta({ description: 'The unit whose officers may act now' }),
  competentUnit: z.string().optional().meta({
    description:
      'The unit competent to decide it, by the routing rule, when not the one that received it: once received, the dossier is routed there',
  }),
  units: z.array(z.string()).meta({ description: 'Every unit the dossier has been at' }),
  state: z.int().meta({ description: 'The national state (1–10)' }),
  stateName: z.string(),
  sub: SubState,
  channelFiles: z.record(z.string(), ChannelFileVerdict).optional().meta({
    description: 'By the file’s upload id (channel:…): what became of each file another channel named',
  }),
  version: z.int().meta({ description: 'For If-Match' }),
  submittedAt: z.string(),
  clock: z
    .object({
      processingDays: z.int(),
      cutoffHour: z.int().optional(),
      extensions: z.object({ maxTimes: z.int(), maxWorkingDays: z.int() }).optional(),
    })
    .meta({ description: "The procedure's legal time when the dossier was submitted" }),
  receivedAt: z.string().optional(),
  dueAt: z
    .string()
    .optional()
    .meta({ description: 'Ngày hẹn trả: the date promised (an extension moves it)' }),
  legalDueAt: z
    .string()
    .optional()
    .meta({ description: 'The date the law gives; timeliness is judged against it' }),
  pausedAt: z.string().optional().meta({ description: 'Set while a supplement request stops the clock' }),
  pausedDays: z.number(),
  supplementRequests: z.int(),
  resumeState: z.int().optional(),
  supplementItems: z.array(z.string()).optional(),
  supplementFiles: z.array(AttachedFileView).optional(),
  paymentAmount: z.number().optional().meta({ description: 'The fee asked, in đồng' }),
  paymentOrder: z.string().optional().meta({
    description: 'The payment order the last fee request issued (`<code>-TT<seq>`): a confirmation cites it',
  }),
  paidAt: z.string().optional(),
  hops: z.array(HopView),
  resultSummary: z.string().optional(),
  resultFiles: z.array(AttachedFileView).optional(),
  reason: z.string().optional(),
  endedAt: z.string().optional(),
  timeliness: z.enum(['early', 'on-time', 'late']).optional(),
  extensions: z.int().optional().meta({ description: 'Apology and extension letters so far' }),
  stepDueAt: z
    .string()
    .optional()
    .meta({ description: "The current unit's own deadline for a transferred step" }),
  handoffFailure: z
    .object({ seq: z.int(), toUnit: z.string(), reason: z.string(), at: z.string() })
    .optional()
    .meta({ description: 'A hop that could not be delivered; cleared when the sending unit acts' }),
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
  eventCount: z.int().meta({ description: 'The length of its history' }),
  digitisation: z
    .object({ components: z.boolean(), result: z.boolean() })
    .meta({ description: 'Số hóa: components with files, and an electronic result' }),
  channel: z
    .object({ integrator: z.string(), reference: z.string() })
    .optional()
    .meta({ description: 'Filed through another channel: its integrator and its code there' }),
  filedAtDesk: z.enum(['in-person', 'post']).optional().meta({
    description:
      'Filed by an officer at the desk, the applicant there in person or writing by post; online when absent',
  }),
  externalResults: z
    .array(
      z.object({ unit: z.string(), at: z.string(), summary: z.string(), files: z.array(AttachedFileView) }),
    )
    .optional()
    .meta({ description: 'What units outside the deployment sent back' }),
  rating: z
    .object({
      criteria: z.record(z.string(), z.int()),
      verdict: z.string(),
      comment: z.string().optional(),
      firstRatedAt: z.string(),
      ratedAt: z.string(),
    })
    .optional(),
});
const Actor = z.object({
  sub: z.string(),
  role: z.string().meta({ description: 'citizen, officer or system' }),
  unit: z.string().optional(),
});

export const DossierEventView = z
  .object({
    seq: z.int(),
    eventId: z.string(),
    code: DossierCode,
    type: z.string().meta({ description: 'The action, or submit, a hand-off entry, a payment or rating' }),
    at: z.string(),
    actor: Actor,
    fromState: z.int().optional(),
    toState: z.int(),
    fromUnit: z.string().optional(),
    toUnit: z.string(),
    note: z.string().optional(),
    data: z.record(z.string(), z.unknown()).meta({ description: "The step's own details" }),
    prevHash: z.string(),
    hash: z.string().meta({ description: 'SHA-256 of the canonical JSON of the event with prevHash' }),
  })
  .meta({ id: 'DossierEvent' });

export const DossierView = Dossier.meta({ id: 'Dossier' });

/** What the applicant filed, as stored with the dossier. */
const ApplicationView = z
  .object({
    applicant: z.object({
      kind: z.enum(['citizen', 'business']),
      fullName: z.string(),
      idNumber: z.string().optional(),
      dateOfBirth: z.string().optional(),
      taxCode: z.string().optional(),
      phone: z.string(),
      email: z.string().optional(),
      address: z.string(),
    }),
    formData: z.record(z.string(), z.unknown()).meta({ description: "The procedure's form, as filled" }),
    components: z.array(
      z.object({ componentId: z.string(), uploadIds: z.array(z.string()), files: z.array(AttachedFileView) }),
    ),
    delivery: z.object({ method: z.enum(['online', 'post']), address: z.string().optional() }),
    filer: z
      .object({
        sub: z.string(),
        verified: z.boolean().meta({ description: 'The issuer vouched for the identity' }),
        idNumber: z.string().optional(),
        fullName: z.string().optional(),
        onBehalf: z.object({ relationship: z.string() }).optional(),
        atDesk: z
          .object({ unit: z.string(), channel: z.enum(['in-person', 'post']) })
          .optional()
          .meta({ description: 'An officer of this unit filed it at the desk for the applicant' }),
      })
      .optional()
      .meta({ description: 'Who filed it, for themself or on behalf of the applicant' }),
    verifiedContacts: z.object({ email: z.string().optional(), phone: z.string().optional() }).optional(),
    receiptProof: z.string().optional().meta({ description: 'The signed proof of submission' }),
    lookupSecret: z.string().optional().meta({ description: 'Mã tra cứu, printed on the receipt' }),
  })
  .meta({ id: 'Application' });

/** One dossier as its applicant and its officers read it: with what was filed and its history. */
export const DossierDetailView = Dossier.extend({
  application: ApplicationView.optional(),
  history: z.array(DossierEventView),
}).meta({ id: 'DossierDetail' });
export const DossierPage = z
  .object({ items: z.array(DossierView), nextCursor: z.string().optional() })
  .meta({ id: 'DossierPage' });
/** Whether a hash chain holds, and where it breaks. */
export const ChainVerdictView = z
  .object({
    valid: z.boolean(),
    length: z.int(),
    brokenAt: z.int().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'ChainVerdict' });

export const HistoryView = z
  .object({
    events: z.array(DossierEventView),
    verification: ChainVerdictView.extend({
      checkpoint: z.object({ number: z.int(), at: z.string(), count: z.int() }).optional().meta({
        description: 'The latest checkpoint that anchors the history, and how many events it covers',
      }),
      statement: z.string().meta({ description: 'What the verification covered, in words' }),
    }),
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

/** A filed dossier's answer, however it was filed: 201, its receipt, where it is, and whether this was a replay. */
export const submittedAnswer = (receipt: { code: string }, replayed: boolean) => ({
  status: 201 as const,
  body: SubmissionReceiptView.parse(receipt),
  headers: { location: `/dossiers/${receipt.code}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
});

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

import * as z from 'zod';
import { ISSUED_KINDS } from '../domain/issued-documents.ts';
import { DossierCode } from './dossiers.ts';

/** The answers that are documents: receipts, slips, pages, the dashboard, the keys that check proofs. */

/** A page or script the API serves as it is. */
export const Text = z.string();

const UnitName = z.object({ code: z.string(), name: z.string() });
const Timeliness = z.enum(['early', 'on-time', 'late']);

export const ReceiptDocumentView = z
  .object({
    title: z.string(),
    code: DossierCode,
    procedure: z.object({ code: z.string(), name: z.string() }),
    applicant: z.string(),
    receivingUnit: UnitName,
    receivedAt: z.string().meta({ description: 'Empty before reception' }),
    dueAt: z.string().meta({ description: 'Ngày hẹn trả; empty before reception' }),
    components: z.array(z.string()).meta({ description: 'The names of the components received' }),
    delivery: z.string().meta({ description: 'How the result is returned' }),
    lookupSecret: z.string().optional().meta({ description: 'Mã tra cứu, for the public look-up' }),
  })
  .meta({ id: 'ReceiptDocument', description: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });

export const IssuedDocumentParams = z.strictObject({ code: DossierCode, kind: z.enum(ISSUED_KINDS) });

export const IssuedDocumentQuery = z.strictObject({
  format: z.enum(['json', 'html', 'pdf']).default('json'),
});

export const IssuedDocumentView = z
  .object({
    kind: z.enum(ISSUED_KINDS),
    name: z.string(),
    code: DossierCode,
    procedure: z.object({ code: z.string(), name: z.string() }),
    issuer: UnitName.meta({ description: 'The unit that issues it' }),
    applicant: z.string(),
    issuedAt: z.string(),
    lines: z.array(z.object({ label: z.string(), value: z.string() })).meta({ description: 'As printed' }),
    list: z.object({ heading: z.string(), items: z.array(z.string()) }).optional(),
    qr: z.string().meta({
      description:
        'What the QR in its top-left corner holds: the public look-up’s address, and after `#` the signed claims (compact JWS, EdDSA, typ motcua-document+jws; keys at /.well-known/jwks.json)',
    }),
  })
  .meta({
    id: 'IssuedDocument',
    description: 'A document issued on a dossier, with its QR (Thông tư 01/2023)',
  });

export const ControlSlipView = z
  .object({
    title: z.string(),
    code: DossierCode,
    dueAt: z.string(),
    rows: z.array(
      z.object({
        step: z.string(),
        fromUnit: UnitName,
        toUnit: UnitName,
        by: z.string(),
        at: z.string(),
        status: Timeliness.optional().meta({ description: 'Against the due date of the dossier' }),
      }),
    ),
    handoffs: z.array(
      z.object({
        hop: z.int(),
        kind: z.enum(['transfer', 'return', 'route']),
        fromUnit: UnitName,
        toUnit: UnitName,
        sentBy: z.string(),
        sentAt: z.string(),
        status: z.enum(['sent', 'delivered', 'queued-external', 'failed']),
        receivedAt: z.string().optional(),
        stepDueAt: z.string().optional().meta({ description: "The receiving unit's deadline for its step" }),
        stepEndedAt: z.string().optional(),
        stepStatus: Timeliness.optional(),
        receipt: z
          .string()
          .optional()
          .meta({ description: 'Compact JWS (typ motcua-hop+jws) of the hand-over' }),
        failure: z.object({ reason: z.enum(['unknown-unit', 'disabled-unit']), at: z.string() }).optional(),
      }),
    ),
  })
  .meta({ id: 'ControlSlip', description: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' });

const ReceiptClaimsView = z
  .object({
    code: DossierCode,
    procedureCode: z.string(),
    receivingUnit: z.string(),
    submittedAt: z.string(),
    files: z.int(),
    filesDigest: z.string(),
    applicationHash: z.string(),
  })
  .meta({ id: 'ReceiptClaims', description: 'What the proof of submission signs' });

export const ReceiptVerificationView = z
  .object({
    proof: z.string().meta({ description: 'The compact JWS checked' }),
    valid: z.boolean(),
    kid: z.string().optional(),
    receipt: ReceiptClaimsView.optional(),
    reason: z.string().optional().meta({ description: 'Why the proof does not hold' }),
  })
  .meta({ id: 'ReceiptVerification' });

export const JwksView = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal('OKP'),
        crv: z.literal('Ed25519'),
        x: z.string(),
        kid: z.string(),
        alg: z.literal('EdDSA'),
        use: z.literal('sig'),
      }),
    ),
  })
  .meta({ id: 'JWKS', description: 'The public keys that check receipts, hop receipts and checkpoints' });

const Figure = z.number().optional().meta({ description: 'Left out when there is nothing to measure' });

export const DashboardView = z
  .object({
    unit: z.string(),
    period: z.string(),
    at: z.iso.datetime(),
    units: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        open: z.int(),
        dueSoon: z.int(),
        overdue: z.int(),
        resolved: z.int(),
        onTimeRate: Figure,
        lists: z
          .object({ open: z.string(), dueSoon: z.string(), overdue: z.string(), resolved: z.string() })
          .meta({ description: 'The address of the list behind each figure' }),
      }),
    ),
    officers: z.array(z.object({ officer: z.string(), resolved: z.int(), onTimeRate: Figure })),
  })
  .meta({ id: 'LeaderDashboard' });

/** The OpenAPI document itself: every top-level field OpenAPI 3.1 defines, each as it defines it. */
const Part = z.record(z.string(), z.unknown());
export const OpenApiDocumentView = z
  .object({
    openapi: z.string(),
    info: Part,
    jsonSchemaDialect: z.string().optional(),
    servers: z.array(Part).optional(),
    paths: Part.optional(),
    webhooks: Part.optional(),
    components: Part.optional(),
    security: z.array(Part).optional(),
    tags: z.array(Part).optional(),
    externalDocs: Part.optional(),
  })
  .meta({ id: 'OpenApiDocument' });

import * as z from 'zod';
import { INTEGRATOR_ID, SCOPES } from '../domain/integrators.ts';
import { AgencyCode, ProcedureCode } from '../schemas/catalog.ts';
import { DossierCode } from './dossiers.ts';

const IntegratorId = z.string().regex(INTEGRATOR_ID, 'must be 2–40 lower-case letters, digits or hyphens');
const unique = <T>(items: T[]) => new Set(items).size === items.length;

export const IntegratorBody = z
  .strictObject({
    id: IntegratorId,
    name: z.string().trim().min(1).max(200),
    unit: AgencyCode.meta({ description: 'The unit that owns the integration' }),
    scopes: z.array(z.enum(SCOPES)).min(1).refine(unique, 'each scope once'),
    procedures: z
      .array(ProcedureCode)
      .min(1)
      .max(500)
      .refine(unique, 'each procedure once')
      .optional()
      .meta({ description: 'Only dossiers of these procedures; all when absent' }),
    units: z
      .array(AgencyCode)
      .min(1)
      .max(500)
      .refine(unique, 'each unit once')
      .optional()
      .meta({ description: 'Only dossiers received by or handed to these units; all when absent' }),
  })
  .meta({ id: 'IntegratorInput' });

export const IntegratorParams = z.strictObject({ id: IntegratorId });

/** What an administrator changes of an integrator; each change goes in its trail. */
export const IntegratorPatchBody = z
  .strictObject({
    status: z.enum(['active', 'disabled']).optional().meta({
      description:
        'disabled: its signed requests are refused and its webhooks held, at once; active again sends what was held',
    }),
    scopes: z.array(z.enum(SCOPES)).min(1).refine(unique, 'each scope once').optional(),
    procedures: z
      .array(ProcedureCode)
      .min(1)
      .max(500)
      .refine(unique, 'each procedure once')
      .nullable()
      .optional()
      .meta({ description: 'Only dossiers of these procedures; null for all' }),
    units: z
      .array(AgencyCode)
      .min(1)
      .max(500)
      .refine(unique, 'each unit once')
      .nullable()
      .optional()
      .meta({ description: 'Only dossiers received by or handed to these units; null for all' }),
    requestsPerMinute: z.int().min(1).max(100_000).optional().meta({
      description: 'Signed requests it may make a minute (600 unless set); more answer 429 with Retry-After',
    }),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one field')
  .meta({ id: 'IntegratorChange' });

export const IntegratorsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});

/**
 * An Ed25519 public key as a JWK (RFC 8037): 32 bytes in base64url, as tools export it, with
 * its `kid`, `alg` and `use` when they come (the registry names the key by its thumbprint, and
 * keeps only the key). A private key (`d`) is refused.
 */
export const PublicKeyBody = z
  .strictObject({
    publicKey: z.strictObject({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the 32-byte public key in base64url'),
      kid: z.string().min(1).max(200).optional(),
      alg: z.enum(['EdDSA', 'Ed25519']).optional(),
      use: z.literal('sig').optional(),
      key_ops: z.array(z.literal('verify')).min(1).optional(),
      ext: z.boolean().optional(),
    }),
  })
  .meta({ id: 'IntegratorKeyInput' });

export const KeyParams = z.strictObject({
  id: IntegratorId,
  thumbprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the key’s RFC 7638 thumbprint'),
});

const KeyView = z
  .object({
    keyid: z.string().meta({ description: 'What the integrator puts in its signatures’ keyid' }),
    publicKey: z.object({ kty: z.string(), crv: z.string(), x: z.string() }),
    status: z.enum(['active', 'revoked']),
    addedAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .meta({ id: 'IntegratorKey' });

export const IntegratorView = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    procedures: z.array(z.string()).optional(),
    units: z.array(z.string()).optional(),
    status: z.enum(['active', 'disabled']),
    requestsPerMinute: z.int().meta({ description: 'Signed requests it may make a minute' }),
    createdAt: z.string(),
    keys: z.array(KeyView),
    trail: z.array(z.object({ at: z.string(), actor: z.string(), what: z.string() })),
  })
  .meta({ id: 'Integrator' });

export const KeyAnswer = KeyView;

export const IntegratorList = z
  .object({
    items: z.array(IntegratorView.omit({ keys: true, trail: true })),
    cursor: z.string().optional().meta({ description: 'Present when there are more: send it back' }),
  })
  .meta({ id: 'Integrators' });

export const IntegrationDossierParams = z.strictObject({ code: DossierCode });

/** What an integrator reads of a dossier: where it is and how it got there, no personal data. */
export const IntegrationDossierView = z
  .object({
    code: z.string(),
    procedureCode: z.string(),
    state: z.int().min(1).max(10),
    stateName: z.string(),
    receivingUnit: z.string(),
    currentUnit: z.string(),
    submittedAt: z.string(),
    receivedAt: z.string().optional(),
    dueAt: z.string().optional(),
    progress: z.array(
      z.object({
        at: z.string(),
        step: z.string(),
        fromState: z.int().optional(),
        toState: z.int(),
        fromUnit: z.string().optional(),
        toUnit: z.string(),
      }),
    ),
  })
  .meta({ id: 'IntegrationDossier' });

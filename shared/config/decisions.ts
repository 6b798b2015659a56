import * as z from 'zod';

/**
 * What every province decides before going live, by the field of its file each decision
 * settles. A file records each one in `decisions`: `{ "toDecide": … }` while open, then
 * `{ "decided": "<date>", "by": "<who or which document>" }`, with the `value` it settled for a
 * single field. A decision the file does not record is open: deleting the list decides nothing.
 */
export const DECISIONS = {
  code: 'the province group of the agency codes (QCVN 102); the one here may be a placeholder',
  account: 'the AWS account (12 digits) the province deploys to; commands refuse credentials of any other',
  region: 'the AWS region of the deployment',
  units: 'the real units with their agency codes; the ones here are examples',
  procedures:
    'those the province offers online, with receiving and handling units, times, fees, components and forms',
  calendar: 'the holidays and make-up working days of each year, as announced',
  oidc: 'sign-in through a user pool of the province (cognito) or through VNeID or another issuer, with its claims',
  webOrigins: 'the portals whose pages upload files',
  notifyFromEmail: 'the address citizens’ email comes from, its domain verified in SES',
} as const;

export type DecisionKey = keyof typeof DECISIONS;
export const DECISION_KEYS = Object.keys(DECISIONS) as DecisionKey[];

/** The decisions whose record must name the value the file holds. */
export const VALUE_DECISIONS = ['code', 'account', 'region'] as const satisfies readonly DecisionKey[];

const Decision = z.union(
  [
    z.strictObject({ toDecide: z.string().trim().min(1).max(300) }),
    z.strictObject({
      decided: z.iso.date(),
      /** Who decided, or the document that did (a decision, an official letter). */
      by: z.string().trim().min(1).max(300),
      /** For a single field (code, account, region): the value decided, which the file must hold. */
      value: z.string().trim().min(1).max(100).optional(),
      note: z.string().max(1000).optional(),
    }),
  ],
  { error: 'must be { "toDecide": "…" } or { "decided": "yyyy-mm-dd", "by": "…" }' },
);

export const DecisionsSchema = z.partialRecord(z.enum(DECISION_KEYS), Decision);
export type Decisions = z.infer<typeof DecisionsSchema>;

/** The decisions of a new province file, each still to take. */
export const openDecisions = (): Record<DecisionKey, { toDecide: string }> =>
  Object.fromEntries(DECISION_KEYS.map((key) => [key, { toDecide: DECISIONS[key] }])) as Record<
    DecisionKey,
    { toDecide: string }
  >;

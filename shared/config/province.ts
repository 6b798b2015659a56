import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { flattenUnits, type Unit } from '../domain/catalog.ts';
import { DRAFT_KEEP_DAYS } from '../domain/drafts.ts';
import { DEFAULT_SCORING, FIVE_GROUPS, SIX_PARTS } from '../domain/indicators.ts';
import { INTEGRATOR_ID } from '../domain/integrators.ts';
import { RATING_CHANGE_DAYS } from '../domain/ratings.ts';
import { AgencyCode, duplicates, ProcedureSchema } from '../schemas/catalog.ts';
import { formatPath } from '../schemas/issues.ts';
import { DecisionsSchema } from './decisions.ts';

const UnitSchema: z.ZodType<Unit> = z.lazy(() =>
  z.strictObject({
    code: AgencyCode,
    name: z.string().trim().min(1).max(300),
    kind: z.enum(['province', 'centre', 'department', 'commune', 'office']),
    external: z.boolean().optional(),
    disabled: z.boolean().optional(),
    children: z.array(UnitSchema).optional(),
  }),
);

const IsoDate = z.iso.date();
/** A host name as a URL carries it, lower-case, without scheme, port or path. */
const HostName = z
  .string()
  .regex(
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'must be a host name such as files.dichvucong.gov.vn (lower case, no scheme, port or path)',
  );

/** One year of the civil servants' calendar as announced (nghỉ lễ, Tết, làm bù). */
const YearCalendarSchema = z.strictObject({
  holidays: z.array(IsoDate),
  /** Saturdays or Sundays worked in exchange for a bridge day. */
  workingWeekends: z.array(IsoDate).default([]),
  source: z.string().optional(),
});

const Points = z.int().min(0).max(100);
const pointsOf = <K extends string>(parts: Record<K, unknown>) =>
  z.strictObject(
    Object.fromEntries(Object.keys(parts).map((part) => [part, Points])) as Record<K, typeof Points>,
  );

/**
 * One year's points of the service index (Quyết định 766/QĐ-TTg): the decision's five groups, or
 * the six parts the national portal shows since 2025 (online payment apart), 100 in all.
 */
const ScoreWeightsSchema = z
  .union([pointsOf(FIVE_GROUPS), pointsOf(SIX_PARTS)], {
    error: `must be the five groups (${Object.keys(FIVE_GROUPS).join(', ')}) or the six parts (${Object.keys(SIX_PARTS).join(', ')}), each with its points`,
  })
  .refine((weights) => Object.values<number>(weights).reduce((sum, points) => sum + points, 0) === 100, {
    message: 'the points must add up to 100',
  });

const ClaimName = z.string().min(1).max(100);

/** The retention periods CloudWatch Logs offers, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Which claims of the issuer's tokens say what, named explicitly per issuer: only the
 * claim named for roles can grant one, and only with the values mapped here.
 */
export const ClaimsSchema = z.strictObject({
  /** The claim listing the caller's groups or roles (an array). */
  roles: ClaimName,
  /**
   * The issuer's group names for each role of the API. When given, it is the whole mapping
   * (a role it leaves out is never granted); when absent, each role goes by its own name.
   */
  roleValues: z
    .partialRecord(z.enum(['citizen', 'officer', 'leader', 'admin']), z.array(z.string().min(1)).min(1))
    .optional(),
  /** The officer's unit (an attribute only administrators can set). */
  unit: ClaimName,
  /** The personal identification number (CCCD) the issuer vouches for, e.g. VNeID's. */
  idNumber: ClaimName.optional(),
  fullName: ClaimName.optional(),
  email: ClaimName.optional(),
  emailVerified: ClaimName.optional(),
  phone: ClaimName.optional(),
  phoneVerified: ClaimName.optional(),
});

export type Claims = z.infer<typeof ClaimsSchema>;

/** Cognito's claims: groups, the admin-only custom attributes, and the standard verified contacts. */
export const COGNITO_CLAIMS: Claims = {
  roles: 'cognito:groups',
  unit: 'custom:unit',
  idNumber: 'custom:id_number',
  fullName: 'name',
  email: 'email',
  emailVerified: 'email_verified',
  phone: 'phone_number',
  phoneVerified: 'phone_number_verified',
};

const OidcSchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('cognito') }),
  z.strictObject({
    provider: z.literal('external'),
    issuer: z.url({ protocol: /^https$/ }),
    audience: z.array(z.string().min(1)).min(1),
    claims: ClaimsSchema,
  }),
]);

/** A domain name of the province's own and the ARN of its ACM certificate in `region`. */
const DomainSchema = (region: string) =>
  z.strictObject({
    name: z
      .string()
      .regex(
        /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        'must be a domain name, e.g. dichvucong.dongnai.gov.vn',
      ),
    certificateArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
        `must be the ARN of an ACM certificate in ${region}`,
      ),
  });

/** The claims mapping of a province's issuer. */
export const claimsOf = (oidc: z.infer<typeof OidcSchema>): Claims =>
  oidc.provider === 'cognito' ? COGNITO_CLAIMS : oidc.claims;

export const ProvinceSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be a short lower-case id, e.g. dong-nai'),
    name: z.string().trim().min(1).max(100),
    /** Province group of the agency codes, e.g. `H19`. */
    code: z.string().regex(/^[A-Z]\d{2}$/, 'must be the province group of the agency code, e.g. H19'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region, e.g. ap-southeast-1'),
    /** The AWS account deployed to: deploy, diff and destroy refuse credentials of any other. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be the 12 digits of an AWS account id, e.g. 123456789012')
      .optional(),
    /**
     * A demonstration file, not a province going live: what it has not decided is listed but does
     * not stop `check`, and it deploys only with `--demo`.
     */
    demo: z.literal(true).optional(),
    oidc: OidcSchema,
    units: z.array(UnitSchema).min(1),
    procedures: z.array(ProcedureSchema),
    source: z.string().max(1000).optional(),
    /** How long function logs are kept, in days (one of CloudWatch Logs' retention periods). */
    logRetentionDays: z
      .union(
        LOG_RETENTION_DAYS.map((days) => z.literal(days)) as unknown as [
          z.ZodLiteral<number>,
          z.ZodLiteral<number>,
        ],
      )
      .default(90),
    /**
     * X-Ray: every invocation (Lambda's active tracing), or also every AWS SDK call within it
     * (Powertools' tracer, about 40 ms more on each cold start).
     */
    tracing: z.enum(['invocations', 'sdk']).default('invocations'),
    /**
     * The Object Lock mode of the history checkpoints: `governance` lets an account
     * administrator with the bypass permission delete one before its retention ends;
     * `compliance` lets nobody, the account's root included, for the whole retention.
     */
    checkpointLock: z.enum(['governance', 'compliance']).default('governance'),
    /**
     * Requests one address may send the public page's distribution in five minutes before its
     * web ACL answers 429 (AWS WAF's rate rule counts from 10 up).
     */
    edgeRatePerFiveMinutes: z.number().int().min(10).max(2_000_000_000).default(1000),
    /**
     * How a release reaches the API's functions: all at once, or through CodeDeploy, a share of
     * the requests first (canary) or step by step (linear), rolled back when the API answers 5xx.
     * The background consumers always take a release at once.
     */
    apiDeployment: z
      .enum([
        'all-at-once',
        'canary-10-percent-5-minutes',
        'canary-10-percent-15-minutes',
        'linear-10-percent-every-minute',
        'linear-10-percent-every-3-minutes',
      ])
      .default('canary-10-percent-5-minutes'),
    /**
     * A second region that keeps a copy of every daily backup (the table, the files, the
     * checkpoints), for a disaster that takes the province's region; none when absent.
     */
    backupCopyRegion: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region, e.g. ap-southeast-2')
      .optional(),
    /** For how many days after first rating a dossier its applicant may change the rating. */
    ratingChangeDays: z.int().min(0).max(90).default(RATING_CHANGE_DAYS),
    /** For how many days a citizen's draft of an application is kept after it was last saved. */
    draftKeepDays: z.int().min(1).max(365).default(DRAFT_KEEP_DAYS),
    /**
     * Each decision to take before going live, open or recorded as taken; `npm run province --
     * check` reports every one not recorded as decided.
     */
    decisions: DecisionsSchema.default({}),
    /** The SES identity that sends citizens' email. */
    notifyFromEmail: z.email().optional(),
    /**
     * Addresses of the province's own, each with its ACM certificate: the API's (a certificate
     * in the province's region) and the public page's (CloudFront takes one in us-east-1).
     * The generated addresses serve when absent.
     */
    domains: z
      .strictObject({
        api: DomainSchema('the province’s region').optional(),
        publicPage: DomainSchema('us-east-1').optional(),
      })
      .default({}),
    /**
     * The officers' and leaders' applications, with the province's own user pool: where its
     * sign-in (authorization code with PKCE) may send them back after sign-in and sign-out, and
     * the prefix of the pool's sign-in pages (`<prefix>.auth.<region>.amazoncognito.com`).
     */
    staffApps: z
      .strictObject({
        callbackUrls: z
          .array(z.url({ protocol: /^https$/ }))
          .min(1)
          .max(20),
        logoutUrls: z
          .array(z.url({ protocol: /^https$/ }))
          .min(1)
          .max(20),
        signInDomainPrefix: z
          .string()
          .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes')
          .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'may not contain aws, amazon or cognito'),
      })
      .optional(),
    /** The web origins of the province's portals, whose pages upload files straight to the bucket. */
    webOrigins: z
      .array(z.url({ protocol: /^https$/ }))
      .max(20)
      .default([]),
    calendar: z.record(z.string().regex(/^\d{4}$/, 'must be a year'), YearCalendarSchema),
    /**
     * The service index's layout and points by the year from which they apply (a year not listed
     * takes the latest listed before it).
     */
    scoring: z
      .record(z.string().regex(/^\d{4}$/, 'must be a year'), ScoreWeightsSchema)
      .refine((years) => Object.keys(years).length > 0, { message: 'must list at least one year' })
      .default(DEFAULT_SCORING as Record<string, z.infer<typeof ScoreWeightsSchema>>),
    /**
     * Where the connectors deliver: the national portal's endpoint (DVCQG, or the province's
     * data-sharing platform in front of it) and the systems of units outside the deployment.
     */
    connectors: z
      .strictObject({
        nationalPortal: z
          .strictObject({
            url: z.url({ protocol: /^https$/ }),
            /**
             * The registry id under which the portal files dossiers here (the national shape's
             * route): a dossier it filed is its own, synchronised under the portal's MaHoSo.
             */
            integrator: z.string().regex(INTEGRATOR_ID, 'must be an integrator id, e.g. dvcqg').optional(),
            /**
             * How the portal hands dossiers over (DVCQG has not published it): `push`, it calls
             * the filing route; `pull`, a schedule asks it for new dossiers after a cursor.
             */
            handOver: z.enum(['push', 'pull']).default('push'),
            /** In pull mode, where the portal lists the dossiers it hands the province, after a cursor. */
            feedUrl: z.url({ protocol: /^https$/ }).optional(),
            /** The portal's codes (HinhThuc) of how a result is returned, if not the observed 1 online, 2 by post. */
            resultReturnCodes: z
              .strictObject({ online: z.int().min(0).max(99), post: z.int().min(0).max(99) })
              .optional(),
          })
          .refine((portal) => portal.handOver === 'push' || (portal.feedUrl && portal.integrator), {
            message:
              'pull mode needs the feed’s address (feedUrl) and the registry id it files under (integrator)',
            path: ['feedUrl'],
          })
          .optional(),
        /**
         * The channels that file dossiers here (by integrator id: the portal, a kiosk, the
         * data-sharing platform): the hosts their files are fetched from (HTTPS only), and how
         * large a file may be. A channel not listed may not name files by address.
         */
        channels: z
          .record(
            z.string().regex(INTEGRATOR_ID, 'must be an integrator id, e.g. dvcqg'),
            z.strictObject({
              fileHosts: z.array(HostName).min(1).max(20),
              maxFileMb: z.int().min(1).max(50).default(10),
            }),
          )
          .default({}),
        units: z.record(AgencyCode, z.strictObject({ url: z.url({ protocol: /^https$/ }) })).default({}),
        /**
         * The National Database on Administrative Procedures (CSDL quốc gia về TTHC), where the
         * weekly sync (and `npm run catalog -- sync`) reads each procedure's national record.
         */
        procedureDatabase: z.strictObject({ url: z.url({ protocol: /^https$/ }) }).optional(),
        /** Ports besides 443 that connectors and webhooks may send to (HTTPS always). */
        allowedPorts: z.array(z.int().min(1).max(65_535)).max(20).default([]),
      })
      .default({ units: {}, channels: {}, allowedPorts: [] }),
  })
  .superRefine((province, ctx) => {
    const certificateRegion = (arn: string) => arn.split(':')[3];
    const { api, publicPage } = province.domains;
    if (api && certificateRegion(api.certificateArn) !== province.region)
      ctx.addIssue({
        code: 'custom',
        message: `must be a certificate in ${province.region}, the API's region`,
        path: ['domains', 'api', 'certificateArn'],
      });
    if (publicPage && certificateRegion(publicPage.certificateArn) !== 'us-east-1')
      ctx.addIssue({
        code: 'custom',
        message: 'must be a certificate in us-east-1, where CloudFront takes them',
        path: ['domains', 'publicPage', 'certificateArn'],
      });
    if (province.staffApps && province.oidc.provider !== 'cognito')
      ctx.addIssue({
        code: 'custom',
        message:
          'staff apps sign in through the province’s own user pool: set oidc.provider to cognito, or leave staffApps to the external issuer',
        path: ['staffApps'],
      });
    if (province.backupCopyRegion === province.region)
      ctx.addIssue({
        code: 'custom',
        message:
          'must be another region than the province’s own: a copy in the same region survives nothing more',
        path: ['backupCopyRegion'],
      });
    const units = flattenUnits(province.units);
    const known = new Set(units.map((unit) => unit.code));
    for (const code of Object.keys(province.connectors.units)) {
      const unit = units.find((candidate) => candidate.code === code);
      if (!unit?.external)
        ctx.addIssue({
          code: 'custom',
          message: `${code} is not a unit of the province marked external`,
          path: ['connectors', 'units', code],
        });
    }
    duplicates(units.map((unit) => unit.code)).forEach((index) => {
      ctx.addIssue({ code: 'custom', message: `duplicate unit code ${units[index]?.code}`, path: ['units'] });
    });
    duplicates(province.procedures.map((procedure) => procedure.code)).forEach((index) => {
      ctx.addIssue({
        code: 'custom',
        message: 'duplicate procedure code',
        path: ['procedures', index, 'code'],
      });
    });
    province.procedures.forEach((procedure, index) => {
      const references: [string, string | number][] = [
        [procedure.receivingUnit, 'receivingUnit'],
        ...procedure.handlingUnits.map((code, at): [string, number] => [code, at]),
      ];
      for (const [code, key] of references) {
        if (known.has(code)) continue;
        const path = key === 'receivingUnit' ? [key] : ['handlingUnits', key];
        ctx.addIssue({
          code: 'custom',
          message: `unknown unit ${code}`,
          path: ['procedures', index, ...path],
        });
      }
    });
  });

export type Province = z.infer<typeof ProvinceSchema>;

export class ProvinceConfigError extends Error {
  override name = 'ProvinceConfigError';
}

export const PROVINCES_DIR = join(import.meta.dirname, '..', '..', 'provinces');

export const provinceFile = (id: string): string => join(PROVINCES_DIR, `${id}.json`);

/** Parses a province config; every error names the file and the failing field. */
export function parseProvince(raw: unknown, file: string): Province {
  const result = ProvinceSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${file}: ${formatPath(issue.path)}: ${issue.message}`);
  throw new ProvinceConfigError(`Invalid province config ${file}\n${lines.join('\n')}`);
}

export function loadProvinceFile(file: string): Province {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ProvinceConfigError(`Cannot read province config ${file}: ${(error as Error).message}`);
  }
  return parseProvince(raw, file);
}

export const loadProvince = (id: string): Province => loadProvinceFile(provinceFile(id));

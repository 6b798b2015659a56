import type { Role } from '../../shared/manifest-types.ts';
import {
  BIEN_HOA,
  CONSTRUCTION_DEPT,
  EXTERNAL_UNIT,
  journey,
  marriageStatus,
  TRAN_BIEN,
} from '../support/dossiers.ts';
import { pdf, sha256, upload } from '../support/files.ts';
import { readJson } from '../support/json.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { randomKey, type Tokens } from './drafts.ts';
import type { Knowledge } from './schema.ts';

/** The citizen who owns every prepared dossier. */
export const OWNER = 'citizen-fuzz-owner';
/** A unit code of the right shape that no catalog holds. */
export const UNKNOWN_UNIT = '000.99.99.H19';

export interface Caller {
  name: string;
  role?: Role;
  sub?: string;
  unit?: string;
}

/** Everyone who may knock: nobody, the owner, a stranger, officers here, elsewhere and nowhere, an admin. */
export const CALLERS: readonly Caller[] = [
  { name: 'anonymous' },
  { name: 'citizen owner', role: 'citizen', sub: OWNER },
  { name: 'another citizen', role: 'citizen', sub: 'citizen-fuzz-stranger' },
  { name: 'officer of the dossiers’ unit', role: 'officer', sub: 'officer-bien-hoa', unit: BIEN_HOA },
  { name: 'officer of another unit', role: 'officer', sub: 'officer-tran-bien', unit: TRAN_BIEN },
  { name: 'officer of an unknown unit', role: 'officer', sub: 'officer-nowhere', unit: UNKNOWN_UNIT },
  { name: 'officer of the external unit', role: 'officer', sub: 'officer-external', unit: EXTERNAL_UNIT },
  { name: 'admin', role: 'admin', sub: 'admin-fuzz' },
];

export interface PreparedDossier {
  code: string;
  lookupSecret: string;
  uploadIds: string[];
}

export interface World {
  /** The prepared data, as values for requests to carry. */
  knowledge: Knowledge;
  tokens: Tokens;
  /** `Authorization` of each caller with a token. */
  authorization: ReadonlyMap<string, string>;
  /** The ETag of each prepared dossier and procedure as last read. */
  etags: Map<string, string>;
  refreshEtags(): Promise<void>;
}

/** Procedures of the demo province, as the catalog seed writes them. */
const PROCEDURES = ['1.004873', '1.001193', '1.013831'];

/**
 * Real data for valid requests to reach: dossiers in four states (two in processing, as
 * valid requests move them on), a spare file, cursors of real pages.
 */
export async function prepare(api: TestRuntime): Promise<World> {
  const flow = journey(api, OWNER);
  const dossiers = await Promise.all([
    submitted(flow),
    inProcessing(flow),
    inProcessing(flow),
    askedToSupplement(flow),
  ]);
  const spareUpload = String((await upload(api, pdf('Bản sao'), { sub: OWNER })).id);
  const etags = new Map<string, string>();
  const refreshEtags = () => readEtags(api, dossiers, etags);
  await refreshEtags();
  const cursors = await harvestCursors(api);
  return {
    knowledge: knowledge(dossiers, spareUpload, cursors),
    tokens: { refused: await refusedTokens(api), odd: await oddTokens(api) },
    authorization: await authorizations(api),
    etags,
    refreshEtags,
  };
}

/** The versions as they are now, so that a valid If-Match is one that would apply. */
async function readEtags(api: TestRuntime, dossiers: PreparedDossier[], etags: Map<string, string>) {
  const reads = [
    ...dossiers.map(({ code }) => [code, `/dossiers/${code}`] as const),
    ...PROCEDURES.map((code) => [code, `/procedures/${code}`] as const),
  ];
  await Promise.all(
    reads.map(async ([code, path]) => {
      const response = await api.call(path, { as: 'citizen', sub: OWNER });
      await response.arrayBuffer();
      const etag = response.headers.get('etag');
      if (etag) etags.set(code, etag);
    }),
  );
}

type Flow = ReturnType<typeof journey>;

const prepared = (receipt: Awaited<ReturnType<Flow['submit']>>): PreparedDossier => ({
  code: receipt.code,
  lookupSecret: receipt.lookupSecret,
  uploadIds: receipt.components.flatMap((component: { files: { uploadId: string }[] }) =>
    component.files.map((file) => file.uploadId),
  ),
});

const submitted = async (flow: Flow) => prepared(await flow.submit());

async function inProcessing(flow: Flow) {
  const dossier = prepared(await flow.submit());
  await flow.act(dossier.code, BIEN_HOA, 'receive', { note: 'Hồ sơ đủ' });
  await flow.act(dossier.code, BIEN_HOA, 'startProcessing');
  return dossier;
}

async function askedToSupplement(flow: Flow) {
  const dossier = await inProcessing(flow);
  await flow.act(dossier.code, BIEN_HOA, 'requestSupplement', { items: ['Bản sao giấy khai sinh'] });
  return dossier;
}

/** Cursors the API really gave out, by route, for valid requests to page on and the fuzzer to edit. */
async function harvestCursors(api: TestRuntime): Promise<Record<string, string>> {
  const officer = { as: 'officer' as const, sub: 'officer-bien-hoa', unit: BIEN_HOA };
  const pages: [string, Promise<Response>][] = [
    ['/procedures', api.call('/procedures?limit=1')],
    ['/dossiers', api.call('/dossiers?limit=1', { as: 'citizen', sub: OWNER })],
    ['/units/{unitCode}/dossiers', api.call(`/units/${BIEN_HOA}/dossiers?limit=1`, officer)],
    ['/me/notifications', api.call('/me/notifications?limit=1', officer)],
  ];
  const cursors: Record<string, string> = {};
  for (const [route, page] of pages) {
    const next: unknown = (await readJson(await page)).nextCursor;
    if (typeof next === 'string') cursors[route] = next;
  }
  return cursors;
}

function knowledge(
  dossiers: PreparedDossier[],
  spareUpload: string,
  cursors: Record<string, string>,
): Knowledge {
  const file = pdf();
  const uploads = [spareUpload, ...dossiers.flatMap((dossier) => dossier.uploadIds)];
  return {
    strings: [
      ...PROCEDURES,
      ...dossiers.map((dossier) => dossier.code),
      BIEN_HOA,
      TRAN_BIEN,
      CONSTRUCTION_DEPT,
      UNKNOWN_UNIT,
      EXTERNAL_UNIT,
      ...uploads,
      ...dossiers.map((dossier) => dossier.lookupSecret),
      '5678',
      'to-khai',
      'ho-tich',
    ],
    cursors: Object.values(cursors),
    byName: {
      'header:idempotency-key': randomKey,
      'query:cursor': (random, where) => cursors[where.path] ?? random.pick(Object.values(cursors)),
      // An officer's own inbox, most of the time; the others are refused.
      'path:unitCode': (random, where) =>
        where.unit ?? random.pick([BIEN_HOA, TRAN_BIEN, CONSTRUCTION_DEPT, UNKNOWN_UNIT, EXTERNAL_UNIT]),
      'query:secret': (random) => random.pick(dossiers).lookupSecret,
      // The last four digits of the applicant's phone in every prepared dossier.
      'query:phone': () => '5678',
      procedureCode: () => '1.004873',
      applicant: () => marriageStatus().applicant,
      formData: () => marriageStatus().formData,
      'SubmitDossier.components': () => [{ componentId: 'to-khai', uploadIds: [spareUpload] }],
      'SupplementAnswer.components': () => [{ componentId: 'to-khai', uploadIds: [spareUpload] }],
      uploadIds: (random) => [random.pick(uploads)],
      toUnit: (random) => random.pick([TRAN_BIEN, CONSTRUCTION_DEPT, UNKNOWN_UNIT, EXTERNAL_UNIT]),
      purpose: (random) =>
        random.pick([
          { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
          { kind: 'result', dossierCode: dossiers[1]!.code },
        ]),
      fileName: () => 'Tờ khai.pdf',
      contentType: () => 'application/pdf',
      size: () => file.length,
      sha256: () => sha256(file),
      'ProcedureInput.receivingUnit': () => BIEN_HOA,
      'ProcedureInput.handlingUnits': () => [BIEN_HOA],
      // The document states no constraint on the names of this record; they are unit codes.
      'ProcedureInput.stepHours': () => ({ [BIEN_HOA]: 24 }),
      resultUploadIds: () => [],
    },
  };
}

async function refusedTokens(api: TestRuntime): Promise<[string, string][]> {
  const { issuer } = api.runtime;
  const good = await api.token('citizen', { sub: OWNER });
  const [header, payload, signature = ''] = good.split('.');
  // A character in the middle of the signature: the last one may only carry padding bits.
  const at = Math.floor(signature.length / 2);
  const forged = `${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
  const dayAgo = new Date(Date.now() - 86_400_000);
  return [
    ['expired token', await issuer.sign({ role: 'citizen', sub: OWNER, now: dayAgo, ttl: 60 })],
    ['token for another audience', await issuer.sign({ role: 'admin', sub: 'admin-fuzz', audience: 'x' })],
    ['token with a forged signature', `${header}.${payload}.${forged}`],
    ['token without expiry', await issuer.sign({ role: 'admin', sub: 'admin-fuzz', withoutExpiry: true })],
  ];
}

/** Signed, unexpired tokens whose claims are odd: the authorizer lets them through to the functions. */
async function oddTokens(api: TestRuntime): Promise<[string, string][]> {
  const { issuer } = api.runtime;
  const odd: [string, Parameters<typeof issuer.sign>[0]][] = [
    ['a sub of 300 characters', { role: 'citizen', sub: 'x'.repeat(300) }],
    // As long as a sub may be, in characters that take nine once percent-encoded into a key.
    ['a sub of 256 Vietnamese letters', { role: 'citizen', sub: 'ệ'.repeat(256) }],
    [
      'an officer with a sub of 256 Vietnamese letters',
      { role: 'officer', sub: 'ệ'.repeat(256), unit: BIEN_HOA },
    ],
    ['a sub with key separators', { role: 'citizen', sub: `USER:x#OWNER#${OWNER}` }],
    ['an NFD sub', { role: 'citizen', sub: 'Nguyễn Thị Hoà'.normalize('NFD') }],
    ['a sub with a lone surrogate', { role: 'citizen', sub: 'citizen-\ud800' }],
    ['an officer without a unit', { role: 'officer', sub: 'officer-unitless' }],
    ['an officer of unit "CATALOG"', { role: 'officer', sub: 'officer-catalog', unit: 'CATALOG' }],
    [
      'an officer of a unit 1,100 characters long',
      { role: 'officer', sub: 'officer-long', unit: '0'.repeat(1100) },
    ],
    [
      'an officer of a lower-case unit',
      { role: 'officer', sub: 'officer-lower', unit: BIEN_HOA.toLowerCase() },
    ],
    [
      'an officer of two units',
      { role: 'officer', sub: 'officer-two', claims: { 'custom:unit': [BIEN_HOA, TRAN_BIEN] } },
    ],
    ['an integrator', { role: 'integrator', sub: 'integrator-fuzz' }],
    ['no role', { role: 'citizen', sub: OWNER, claims: { 'cognito:groups': [] } }],
    [
      'every role, as the owner',
      {
        role: 'citizen',
        sub: OWNER,
        unit: BIEN_HOA,
        claims: { 'cognito:groups': ['citizen', 'officer', 'admin'] },
      },
    ],
    [
      'the owner with a vouched identity',
      { role: 'citizen', sub: OWNER, claims: { 'custom:id_number': '075190001234', name: 'Nguyễn Thị Hoà' } },
    ],
    [
      'the owner vouched as someone else',
      { role: 'citizen', sub: OWNER, claims: { 'custom:id_number': '999999999999', email_verified: 'yes' } },
    ],
  ];
  return Promise.all(
    odd.map(async ([what, request]): Promise<[string, string]> => [what, await issuer.sign(request)]),
  );
}

async function authorizations(api: TestRuntime): Promise<Map<string, string>> {
  const entries = await Promise.all(
    CALLERS.filter((caller) => caller.role).map(async (caller) => {
      const token = await api.token(caller.role!, {
        ...(caller.sub ? { sub: caller.sub } : {}),
        ...(caller.unit ? { unit: caller.unit } : {}),
      });
      return [caller.name, `Bearer ${token}`] as const;
    }),
  );
  return new Map(entries);
}

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { CRITERIA } from '../../shared/domain/ratings.ts';
import { type Role, signedScope } from '../../shared/manifest-types.ts';
import { changeUnit } from '../support/catalog.ts';
import {
  BIEN_HOA,
  CONSTRUCTION_DEPT,
  EXTERNAL_UNIT,
  journey,
  marriageStatus,
  TRAN_BIEN,
} from '../support/dossiers.ts';
import { readJson } from '../support/json.ts';
import { type Caller as Identity, useRuntime } from '../support/runtime.ts';

const api = useRuntime();
const flow = journey(api, 'citizen-owner');
let code = '';
let fileId = '';

type Caller = 'anonymous' | 'owner' | 'otherCitizen' | 'unitOfficer' | 'otherOfficer' | 'admin';
const callers: Record<Caller, { as?: Role; sub?: string; unit?: string }> = {
  anonymous: {},
  owner: { as: 'citizen', sub: 'citizen-owner' },
  otherCitizen: { as: 'citizen', sub: 'citizen-other' },
  unitOfficer: { as: 'officer', unit: BIEN_HOA },
  otherOfficer: { as: 'officer', unit: TRAN_BIEN },
  admin: { as: 'admin' },
};

interface Case {
  route: string;
  request: () => { path: string; method?: string; body?: unknown; headers?: Record<string, string> };
  expect: Record<Caller, number>;
}

/** Transitions carry a stale If-Match, so an allowed caller gets 409 and nothing changes. */
const stale = { 'if-match': '"999"' };
const cases: Case[] = [
  {
    route: 'POST /dossiers',
    request: () => ({
      path: '/dossiers',
      method: 'POST',
      body: marriageStatus(),
      headers: { 'idempotency-key': randomUUID() },
    }),
    // Citizens pass the authorizer and the role check, and reach validation (no file attached).
    expect: {
      anonymous: 401,
      owner: 400,
      otherCitizen: 400,
      unitOfficer: 403,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'POST /desk/dossiers',
    request: () => ({
      path: '/desk/dossiers',
      method: 'POST',
      body: { ...marriageStatus(), channel: 'in-person' },
      headers: { 'idempotency-key': randomUUID() },
    }),
    // The officer of the receiving unit reaches validation (no file attached); another unit's
    // officer is told the procedure is not received at their desk.
    expect: {
      anonymous: 401,
      owner: 403,
      otherCitizen: 403,
      unitOfficer: 400,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers',
    request: () => ({ path: '/dossiers' }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherCitizen: 200,
      unitOfficer: 403,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers/{code}',
    request: () => ({ path: `/dossiers/${code}` }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherCitizen: 404,
      unitOfficer: 200,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'POST /dossiers/{code}/withdraw',
    request: () => ({
      path: `/dossiers/${code}/withdraw`,
      method: 'POST',
      body: { reason: 'x' },
      headers: stale,
    }),
    expect: {
      anonymous: 401,
      owner: 409,
      otherCitizen: 404,
      unitOfficer: 403,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'POST /dossiers/{code}/supplement',
    request: () => ({ path: `/dossiers/${code}/supplement`, method: 'POST', body: {}, headers: stale }),
    expect: {
      anonymous: 401,
      owner: 409,
      otherCitizen: 404,
      unitOfficer: 403,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'POST /dossiers/{code}/actions/{action}',
    request: () => ({ path: `/dossiers/${code}/actions/receive`, method: 'POST', body: {}, headers: stale }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherCitizen: 403,
      unitOfficer: 409,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'GET /units/{unitCode}/dossiers',
    request: () => ({ path: `/units/${BIEN_HOA}/dossiers` }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherCitizen: 403,
      unitOfficer: 200,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'GET /units/{unitCode}/feedback',
    request: () => ({ path: `/units/${BIEN_HOA}/feedback` }),
    // The unit's own officers only: another unit's is refused, as are citizens and admins.
    expect: {
      anonymous: 401,
      owner: 403,
      otherCitizen: 403,
      unitOfficer: 200,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers/{code}/history',
    request: () => ({ path: `/dossiers/${code}/history` }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherCitizen: 404,
      unitOfficer: 200,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers/{code}/receipt',
    request: () => ({ path: `/dossiers/${code}/receipt` }),
    expect: {
      anonymous: 401,
      owner: 409,
      otherCitizen: 404,
      unitOfficer: 409,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers/{code}/documents/{kind}',
    request: () => ({ path: `/dossiers/${code}/documents/receipt?format=pdf` }),
    expect: {
      anonymous: 401,
      owner: 409,
      otherCitizen: 404,
      unitOfficer: 409,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'PUT /dossiers/{code}/rating',
    request: () => ({
      path: `/dossiers/${code}/rating`,
      method: 'PUT',
      body: {
        criteria: Object.fromEntries(CRITERIA.map((criterion) => [criterion, 2])),
        verdict: 'hai-long',
      },
      headers: stale,
    }),
    expect: {
      anonymous: 401,
      owner: 409,
      otherCitizen: 404,
      unitOfficer: 403,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'GET /leaders/units/{unitCode}',
    request: () => ({ path: `/leaders/units/${BIEN_HOA}` }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherCitizen: 403,
      unitOfficer: 403,
      otherOfficer: 403,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers/{code}/sync',
    request: () => ({ path: `/dossiers/${code}/sync` }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherCitizen: 403,
      unitOfficer: 200,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers/{code}/control-slip',
    request: () => ({ path: `/dossiers/${code}/control-slip` }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherCitizen: 404,
      unitOfficer: 200,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'GET /dossiers/{code}/files/{uploadId}',
    request: () => ({ path: `/dossiers/${code}/files/${fileId}` }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherCitizen: 404,
      unitOfficer: 200,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'GET /receipts/{code}/verify',
    request: () => ({ path: `/receipts/${code}/verify` }),
    expect: {
      anonymous: 401,
      owner: 200,
      otherCitizen: 404,
      unitOfficer: 200,
      otherOfficer: 404,
      admin: 403,
    },
  },
  {
    route: 'GET /lookup/{code}',
    request: () => ({ path: `/lookup/${code}?phone=5678` }),
    expect: {
      anonymous: 200,
      owner: 200,
      otherCitizen: 200,
      unitOfficer: 200,
      otherOfficer: 200,
      admin: 200,
    },
  },
  {
    route: 'PUT /admin/procedures/{code}',
    request: () => ({ path: '/admin/procedures/1.004873', method: 'PUT', body: {} }),
    expect: {
      anonymous: 401,
      owner: 403,
      otherCitizen: 403,
      unitOfficer: 403,
      otherOfficer: 403,
      admin: 400,
    },
  },
];

describe('who may call each dossier route', () => {
  beforeAll(async () => {
    code = (await flow.submit()).code;
    fileId = (await flow.get(code)).application.components[0].files[0].uploadId;
  });

  it("covers every dossier route of the manifest but the integrators'", () => {
    // Integrators' signed routes are the integrators test's (test/integration/integrators.test.ts).
    const routes = Object.values(manifest).flatMap((spec) =>
      'http' in spec && spec.http && !signedScope(spec.http.access)
        ? [`${spec.http.method} ${spec.http.path}`]
        : [],
    );
    const dossierRoutes = routes.filter((route) => /dossiers|units|lookup|receipts\/\{code\}/.test(route));
    expect(cases.map((entry) => entry.route)).toEqual(expect.arrayContaining(dossierRoutes));
  });

  for (const entry of cases) {
    it(`${entry.route}`, async () => {
      const seen: Record<string, number> = {};
      for (const [caller, identity] of Object.entries(callers)) {
        const { path, method = 'GET', body, headers = {} } = entry.request();
        const response = await api.call(path, {
          method,
          ...identity,
          headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        seen[caller] = response.status;
      }
      expect(seen).toEqual(entry.expect);
    });
  }

  /** Tokens the province does not vouch for as what they claim to be. */
  const unvouched = {
    'an officer of a unit the province does not have': { as: 'officer', unit: '000.99.99.H19' },
    'an officer of a unit outside this deployment': { as: 'officer', unit: EXTERNAL_UNIT },
    'an officer of a closed unit': { as: 'officer', unit: CONSTRUCTION_DEPT },
    'an officer token naming no unit': { as: 'officer' },
    'a token whose roles claim says admin, officer and citizen': {
      as: 'citizen',
      claims: { 'cognito:groups': [], roles: ['admin', 'officer', 'citizen'] },
    },
  } as const satisfies Record<string, Identity>;

  for (const [who, identity] of Object.entries(unvouched)) {
    it(`refuses ${who} on every route that needs a role (403), as on AWS`, async () => {
      const undo = await changeUnit(CONSTRUCTION_DEPT, { disabled: true });
      try {
        // The public look-up reads no token (and counts its attempts per code).
        for (const entry of cases.filter((candidate) => candidate.expect.anonymous === 401)) {
          const { path, method = 'GET', body, headers = {} } = entry.request();
          const response = await api.call(path, {
            method,
            ...identity,
            headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          expect(response.status, entry.route).toBe(403);
          const officerRoute =
            /actions|^GET \/units|files|history|receipt|documents|control-slip|verify|GET \/dossiers\/\{code\}$/.test(
              entry.route,
            );
          if (identity.as === 'officer' && officerRoute)
            expect((await readJson(response)).type, entry.route).toBe(
              'urn:motcua:problem:officer-unit-refused',
            );
        }
      } finally {
        await undo();
      }
    });
  }

  it('left the dossier as it was', async () => {
    const dossier = await flow.get(code);
    expect(dossier).toMatchObject({ state: 1, version: 1 });
    expect(
      (await readJson(await api.call(`/dossiers/${code}/history`, callers.owner))).verification.length,
    ).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIEN_HOA, journey, marriageStatus } from '../support/dossiers.ts';
import { readJson } from '../support/json.ts';
import { useRuntime } from '../support/runtime.ts';

const api = useRuntime();
const flow = journey(api, 'citizen-careless');
const owner = { as: 'citizen' as const, sub: 'citizen-careless' };
const officer = { as: 'officer' as const, unit: BIEN_HOA };
let code = '';

const json = { 'content-type': 'application/json' };

async function refused(response: Response, status: number, pathPattern?: RegExp) {
  const body = await readJson(response);
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  if (pathPattern)
    expect(body.errors.map((error: { path: string }) => error.path).join(' ')).toMatch(pathPattern);
}

const submit = (
  body: string,
  headers: Record<string, string> = { ...json, 'idempotency-key': randomUUID() },
) => api.call('/dossiers', { method: 'POST', ...owner, headers, body });

describe('bad input on the dossier routes: a 4xx problem, nothing written', () => {
  beforeAll(async () => {
    code = (await flow.submit()).code;
  });

  it('POST /dossiers', async () => {
    await refused(await submit('{"procedureCode":'), 400);
    await refused(await submit(JSON.stringify(marriageStatus()), { 'idempotency-key': randomUUID() }), 415);
    await refused(await submit(JSON.stringify(marriageStatus()), json), 400, /headers\.idempotency-key/);
    await refused(
      await submit(JSON.stringify(marriageStatus()), { ...json, 'idempotency-key': 'short' }),
      400,
    );
    await refused(await submit(JSON.stringify(marriageStatus({ extra: 1 }))), 400, /body/);
    await refused(
      await submit(JSON.stringify(marriageStatus({ procedureCode: '9.999999' }))),
      400,
      /body\.procedureCode/,
    );
    await refused(
      await submit(JSON.stringify(marriageStatus({ procedureCode: 'x' }))),
      400,
      /body\.procedureCode/,
    );
    await refused(
      await submit(
        JSON.stringify(marriageStatus({ applicant: { ...marriageStatus().applicant, idNumber: '123' } })),
      ),
      400,
      /body\.applicant\.idNumber/,
    );
    await refused(
      await submit(JSON.stringify(marriageStatus({ formData: { purpose: '' } }))),
      400,
      /body\.formData/,
    );
    await refused(
      await submit(JSON.stringify(marriageStatus({ formData: { purpose: 'x', previousMarriage: 'no' } }))),
      400,
      /body\.formData\.previousMarriage/,
    );
    // Numbers DynamoDB could not keep exactly (a copy certificate's number of copies).
    for (const copies of [1e16, -1e16, 1e-200])
      await refused(
        await submit(
          JSON.stringify(
            marriageStatus({
              procedureCode: '2.000635',
              formData: { copies },
              components: [{ componentId: 'to-khai', uploadIds: [randomUUID()] }],
            }),
          ),
        ),
        400,
        /body\.formData\.copies/,
      );
    await refused(await submit(JSON.stringify(marriageStatus({ components: [] }))), 400, /body\.components/);
    await refused(
      await submit(
        JSON.stringify(
          marriageStatus({
            components: [
              { componentId: 'to-khai', uploadIds: [] },
              { componentId: 'nope', uploadIds: [] },
            ],
          }),
        ),
      ),
      400,
      /body\.components\[1\]\.componentId/,
    );
    await refused(
      await submit(JSON.stringify(marriageStatus({ delivery: { method: 'post' } }))),
      400,
      /body\.delivery/,
    );
    // More files than any request may name, and a component named twice.
    const many = ['a', 'b', 'c', 'd', 'e', 'f'].map((componentId) => ({
      componentId,
      uploadIds: Array.from({ length: 20 }, () => randomUUID()),
    }));
    await refused(
      await submit(JSON.stringify(marriageStatus({ components: many }))),
      400,
      /body\.components/,
    );
    const twice = [
      { componentId: 'to-khai', uploadIds: [randomUUID()] },
      { componentId: 'to-khai', uploadIds: [randomUUID()] },
    ];
    await refused(
      await submit(JSON.stringify(marriageStatus({ components: twice }))),
      400,
      /body\.components\[1\]\.componentId/,
    );
  });

  it('GET /dossiers and the inbox', async () => {
    await refused(await api.call('/dossiers?limit=1000', owner), 400, /query\.limit/);
    await refused(await api.call('/dossiers?cursor=abc', owner), 400, /query\.cursor/);
    const foreign = Buffer.from(
      JSON.stringify({ pk: 'x', sk: 'y', gsi1pk: 'OWNER#someone-else', gsi1sk: 'z' }),
    ).toString('base64url');
    await refused(await api.call(`/dossiers?cursor=${foreign}`, owner), 400, /query\.cursor/);
    await refused(await api.call(`/units/${BIEN_HOA}/dossiers?state=11`, officer), 400, /query\.state/);
    await refused(
      await api.call(`/units/${BIEN_HOA}/dossiers?dueBefore=tomorrow`, officer),
      400,
      /query\.dueBefore/,
    );
    await refused(await api.call('/units/H19/dossiers', officer), 400, /params\.unitCode/);
    // Cursors with a key attribute added, left out, or pointing outside the query's range.
    const cursor = (key: object) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const mine = { pk: 'DOSSIER#x', sk: 'DOSSIER', gsi1pk: 'OWNER#USER:citizen-careless', gsi1sk: 'z' };
    for (const key of [
      { ...mine, extra: 'x' },
      { gsi1pk: mine.gsi1pk, gsi1sk: 'z' },
      { ...mine, sk: 7 },
    ]) {
      await refused(await api.call(`/dossiers?cursor=${cursor(key)}`, owner), 400, /query\.cursor/);
    }
    const inbox = {
      pk: 'DOSSIER#x',
      sk: 'DOSSIER',
      gsi2pk: `INBOX#${BIEN_HOA}`,
      gsi2sk: '2099-01-01T00:00:00Z#x',
    };
    await refused(
      await api.call(
        `/units/${BIEN_HOA}/dossiers?dueBefore=2030-01-01T00:00:00Z&cursor=${cursor(inbox)}`,
        officer,
      ),
      400,
      /query\.cursor/,
    );
    await refused(
      await api.call(`/units/${BIEN_HOA}/dossiers?cursor=${cursor({ ...inbox, gsi9: 'x' })}`, officer),
      400,
    );
    await refused(
      await api.call(`/me/notifications?cursor=${cursor({ pk: 'NOTIFY#USER:citizen-careless' })}`, owner),
      400,
    );
  });

  it('dossier codes in paths', async () => {
    await refused(await api.call('/dossiers/not-a-code', owner), 400, /params\.code/);
    await refused(await api.call('/dossiers/000.02.30.H19-261128-01', owner), 400, /params\.code/);
    await refused(await api.call(`/dossiers/${code}/receipt?format=pdf`, owner), 400, /query\.format/);
    await refused(await api.call(`/lookup/${code}?phone=12`), 400, /query\.phone/);
    await refused(await api.call(`/lookup/${code}`), 400, /query\.secret/);
    // API Gateway itself refuses a path it cannot decode.
    const undecodable = await api.call('/dossiers/%E0%A4%A', owner);
    expect(undecodable.status).toBe(400);
    expect(await readJson(undecodable)).toEqual({ message: 'Bad Request' });
  });

  it('officer actions', async () => {
    const act = (
      action: string,
      body: string,
      headers: Record<string, string> = { ...json, 'if-match': '"1"' },
    ) => api.call(`/dossiers/${code}/actions/${action}`, { method: 'POST', ...officer, headers, body });
    await refused(await act('fly', '{}'), 400, /params\.action/);
    await refused(await act('receive', '{}', json), 428);
    await refused(await act('receive', '{}', { ...json, 'if-match': 'latest' }), 400, /headers\.if-match/);
    await refused(await act('receive', '{"note": 5}'), 400, /body\.note/);
    await refused(await act('receive', '{"colour": "red"}'), 400, /body/);
    await refused(await act('refuse', '{}'), 400, /body\.reason/);
    await refused(await act('transfer', '{"toUnit": "000.99.99.H19"}'), 400, /body\.toUnit/);
    await refused(await act('requestPayment', '{"amount": -5}'), 400, /body\.amount/);
    await refused(await act('receive', '{'), 400);
  });

  it('citizen actions', async () => {
    const post = (
      path: string,
      body: string,
      headers: Record<string, string> = { ...json, 'if-match': '"1"' },
    ) => api.call(`/dossiers/${code}/${path}`, { method: 'POST', ...owner, headers, body });
    await refused(await post('withdraw', '{}'), 400, /body\.reason/);
    await refused(await post('withdraw', '{"reason": "x"}', json), 428);
    await refused(await post('supplement', '{"components": "all"}'), 400, /body\.components/);
    await refused(await post('supplement', '{}'), 409);
  });

  it('wrote nothing', async () => {
    const mine = await readJson(await api.call('/dossiers', owner));
    expect(mine.items.map((item: { code: string }) => item.code)).toEqual([code]);
    const dossier = await flow.get(code);
    expect(dossier).toMatchObject({ state: 1, version: 1 });
    expect(dossier.history).toHaveLength(1);
  });
});

import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { localDate } from '../../shared/domain/calendar.ts';
import { dueDate } from '../../shared/domain/deadline.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';
import { logger } from '../../shared/observability.ts';
import { workingCalendar } from '../../shared/persistence/calendar.ts';
import { listProcedures } from '../../shared/persistence/catalog.ts';
import { PARTITIONS } from '../../shared/persistence/keys.ts';
import { readJson } from '../support/json.ts';
import { linesWhile } from '../support/logs.ts';
import { demoProvince, useRuntime } from '../support/runtime.ts';

const api = useRuntime();
const province = demoProvince();

async function json(path: string, init?: Parameters<typeof api.call>[1]) {
  const response = await api.call(path, init);
  return { status: response.status, headers: response.headers, body: await readJson(response) };
}

async function editable(code: string) {
  const { body } = await json(`/procedures/${code}`);
  const { code: _code, version: _version, origin: _origin, updatedAt: _at, updatedBy: _by, ...fields } = body;
  return fields;
}

describe('the catalog over the local gateway', () => {
  it('answers the health check with the province id', async () => {
    const { status, body } = await json('/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', province: 'dong-nai' });
  });

  it('serves every seeded procedure once when walking the pages', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await json(`/procedures?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((item: { code: string }) => item.code));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(province.procedures.map((procedure) => procedure.code).sort());
  });

  it('reads a bounded number of procedures a page: a filter that matches nothing stops and says where to read on', async () => {
    const budget = 3;
    const pages: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listProcedures({ field: 'khong-co-linh-vuc-nay' }, 10, cursor, budget);
      pages.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 1000);
    expect(pages.every((count) => count === 0)).toBe(true);
    // Every page but the last stopped at the budget: the whole catalog took that many calls.
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(province.procedures.length / budget));
    // Matches are found across the budget's pages, none skipped.
    const civil = province.procedures.filter((procedure) => procedure.field.code === 'ho-tich');
    const found: string[] = [];
    do {
      const page = await listProcedures({ field: 'ho-tich' }, 10, cursor, budget);
      found.push(...page.items.map((item) => item.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(found.sort()).toEqual(civil.map((procedure) => procedure.code).sort());
  });

  it('filters by field, unit and online level, pages included', async () => {
    const civil = province.procedures.filter((procedure) => procedure.field.code === 'ho-tich');
    const { body } = await json('/procedures?field=ho-tich&limit=1');
    expect(body.items).toHaveLength(1);
    const second = await json(`/procedures?field=ho-tich&limit=10&cursor=${body.nextCursor}`);
    expect(
      [body.items[0].code, ...second.body.items.map((item: { code: string }) => item.code)].sort(),
    ).toEqual(civil.map((procedure) => procedure.code).sort());

    const construction = await json('/procedures?unit=000.00.15.H19');
    expect(construction.body.items.map((item: { code: string }) => item.code)).toEqual(['1.013225']);

    const partial = await json('/procedures?level=mot-phan&limit=100');
    const expected = province.procedures.filter((procedure) => procedure.level === 'mot-phan').length;
    expect(partial.body.items).toHaveLength(expected);
    expect(partial.body.items.every((item: { level: string }) => item.level === 'mot-phan')).toBe(true);
  });

  it('reads one procedure with its version as ETag, Vietnamese text intact', async () => {
    const { status, headers, body } = await json('/procedures/1.001193');
    expect(status).toBe(200);
    expect(headers.get('etag')).toBe('"1"');
    expect(body.name).toBe('Đăng ký khai sinh'.normalize('NFC'));
    expect(body).toMatchObject({ processingDays: 0, cutoffHour: 15, level: 'toan-trinh' });
  });

  it('answers 404 problem+json for a code that is not in the catalog', async () => {
    const response = await api.call('/procedures/9.999999', { headers: { 'accept-language': 'en' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(response)).toMatchObject({
      type: 'urn:motcua:problem:not-found',
      title: 'Not found',
    });
  });

  it('lets an administrator replace a procedure, guarded by If-Match', async () => {
    const fields = { ...(await editable('1.004873')), processingDays: 5 };
    const put = (ifMatch: string) =>
      json('/admin/procedures/1.004873', {
        method: 'PUT',
        as: 'admin',
        sub: 'admin-hoa',
        headers: { 'content-type': 'application/json', 'if-match': ifMatch },
        body: JSON.stringify(fields),
      });
    const first = await put('"1"');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      version: 2,
      origin: 'admin',
      updatedBy: 'admin-hoa',
      processingDays: 5,
    });
    const stale = await put('"1"');
    expect(stale.status).toBe(409);
    const { body } = await json('/procedures/1.004873');
    expect(body).toMatchObject({ version: 2, processingDays: 5 });
  });

  it('refuses to replace a procedure without If-Match (428, nothing changed), and creates a new one without', async () => {
    const fields = { ...(await editable('1.001193')), processingDays: 9 };
    const put = (code: string, headers: Record<string, string> = {}) =>
      json(`/admin/procedures/${code}`, {
        method: 'PUT',
        as: 'admin',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(fields),
      });
    const blind = await put('1.001193');
    expect(blind.status).toBe(428);
    expect(blind.body).toMatchObject({ type: 'urn:motcua:problem:precondition-required' });
    expect((await json('/procedures/1.001193')).body).toMatchObject({ version: 1, origin: 'config' });
    const created = await put('9.000428');
    expect(created).toMatchObject({ status: 200, body: { code: '9.000428', version: 1, processingDays: 9 } });
    expect((await put('9.000428')).status).toBe(428);
    expect((await put('9.000428', { 'if-match': '"1"' })).body).toMatchObject({ version: 2 });
  });

  it('keeps an administrator edit when the catalog is seeded again', async () => {
    const fields = { ...(await editable('2.000815')), name: 'Chứng thực bản sao từ bản chính (đã sửa)' };
    const edited = await json('/admin/procedures/2.000815', {
      method: 'PUT',
      as: 'admin',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify(fields),
    });
    expect(edited.status).toBe(200);
    const catalog = (await json('/procedures?limit=100')).body.items as { code: string; origin: string }[];
    const ofTheFile = new Set(province.procedures.map((procedure) => procedure.code));
    const editedByAdmins = catalog.filter(
      (procedure) => procedure.origin === 'admin' && ofTheFile.has(procedure.code),
    ).length;
    const result = await api.runtime.invoke('seedCatalog', { RequestType: 'Update' });
    const counts = (result as { Data: { kept: number; procedures: number } }).Data;
    // 2.000815 and every other procedure an administrator edited are kept, and only those.
    expect(counts.kept).toBe(editedByAdmins);
    expect(counts.kept + counts.procedures).toBe(province.procedures.length);
    expect((await json('/procedures/2.000815')).body.name).toBe(fields.name);
  });

  it('stores the announced years as announced and every generated year as provisional', async () => {
    const client = DynamoDBDocumentClient.from(api.runtime.clients.dynamodb);
    const { Item } = await client.send(
      new GetCommand({
        TableName: api.runtime.resources.tableName,
        Key: { pk: PARTITIONS.catalog, sk: 'CALENDAR' },
      }),
    );
    expect(Item?.announcedYears).toEqual(Object.keys(province.calendar).sort());
    const announced = province.calendar['2026']!;
    expect(Item?.schedules['2026']).toEqual({
      holidays: announced.holidays,
      workingWeekends: announced.workingWeekends,
    });
    expect(Item?.schedules['2027']).toMatchObject({ provisional: true, workingWeekends: [] });
    expect(Item?.schedules['2027'].holidays).toEqual(expect.arrayContaining(['2027-01-01', '2027-02-06']));
    const calendar = await workingCalendar();
    expect(calendar.isProvisional('2026-12-31')).toBe(false);
    expect(calendar.isProvisional('2027-01-01')).toBe(true);
    // 15 working days from Tuesday 15 December 2026: 1 January 2027 is a day off, provisional or not.
    const due = dueDate(new Date('2026-12-15T09:00:00+07:00'), { processingDays: 15 }, calendar);
    expect(localDate(due)).toBe('2027-01-06');
  });

  it('warns at each seed of a year not announced, as check does: next year from 60 days before it', async () => {
    const seededOn = async (at: string) => {
      await api.call('/dev/clock', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ at, frozen: true }),
      });
      const lines = await linesWhile(() => api.runtime.invoke('seedCatalog', { RequestType: 'Update' }));
      return lines.filter((line) => line.message === 'calendar provisional');
    };
    logger.setLogLevel('WARN'); // the tests' runtime logs only the critical
    try {
      expect(await seededOn('2026-12-07T09:00:00+07:00')).toEqual([
        expect.objectContaining({ level: 'WARN', province: 'dong-nai', where: 'calendar.2027' }),
      ]);
      expect(await seededOn('2026-06-01T09:00:00+07:00')).toEqual([]);
    } finally {
      logger.setLogLevel('CRITICAL');
      await api.call('/dev/clock', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reset: true }),
      });
    }
  });

  it('refuses a procedure naming units the province does not have', async () => {
    const fields = { ...(await editable('3.000333')), handlingUnits: ['000.99.99.H19'] };
    const { status, body } = await json('/admin/procedures/3.000333', {
      method: 'PUT',
      as: 'admin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fields),
    });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      expect.objectContaining({ path: 'body.handlingUnits[0]', code: 'unknown_unit' }),
    ]);
    expect((await json('/procedures/3.000333')).body.version).toBe(1);
  });

  it('publishes an OpenAPI 3.1 document with every deployed route, and no route of the local runtime', async () => {
    const { status, body } = await json('/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const routes = (Object.values(manifest) as FunctionSpec[]).flatMap((spec) =>
      spec.http && !spec.http.request?.bodyTaggedBy
        ? [[spec.http.path, spec.http.method.toLowerCase(), spec]]
        : [],
    );
    for (const [path, method, spec] of routes) {
      const operation = body.paths[path as string]?.[method as string];
      expect(Boolean(operation), `${method} ${path}`).toBe(!(spec as FunctionSpec).localOnly);
    }
    expect(body.paths['/dev/outbox']).toBeUndefined();
    expect(body.paths['/admin/procedures/{code}'].put.security).toEqual([{ bearer: [] }]);
  });
});

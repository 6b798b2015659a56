import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadProvince,
  loadProvinceFile,
  type Province,
  ProvinceConfigError,
  parseProvince,
} from '../../shared/config/province.ts';
import { flattenUnits, unitSubtree } from '../../shared/domain/catalog.ts';

const demo = (): Province => structuredClone(loadProvince('dong-nai'));

function errorOf(raw: unknown): string {
  try {
    parseProvince(raw, 'provinces/test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ProvinceConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('the province config', () => {
  it('accepts the demo province Đồng Nai with its centre, departments, communes and procedures', () => {
    const province = demo();
    const units = flattenUnits(province.units);
    expect(units.filter((unit) => unit.kind === 'centre')).not.toHaveLength(0);
    expect(units.filter((unit) => unit.kind === 'department').length).toBeGreaterThanOrEqual(2);
    expect(units.filter((unit) => unit.kind === 'commune').length).toBeGreaterThanOrEqual(3);
    expect(province.procedures.length).toBeGreaterThanOrEqual(6);
    const sameDay = province.procedures.filter((procedure) => procedure.processingDays === 0);
    expect(sameDay.every((procedure) => procedure.cutoffHour === 15)).toBe(true);
  });

  it('names the file and the field of a bad agency code', () => {
    const province = demo();
    province.units[0]!.children![1]!.code = '000.00.14';
    expect(errorOf(province)).toMatch(
      /provinces\/test\.json: units\[0\]\.children\[1\]\.code: must be an electronic agency code/,
    );
  });

  it('refuses a backup copy region that is the province’s own, or no region at all', () => {
    const province = demo();
    province.backupCopyRegion = province.region;
    expect(errorOf(province)).toMatch(/backupCopyRegion: must be another region than the province’s own/);
    province.backupCopyRegion = 'sydney';
    expect(errorOf(province)).toMatch(/backupCopyRegion: must be an AWS region/);
  });

  it('takes a certificate for the API from its region and one for the page from us-east-1 only', () => {
    const province = demo();
    const arn = (region: string) =>
      `arn:aws:acm:${region}:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;
    province.domains = {
      api: { name: 'api.dongnai.gov.vn', certificateArn: arn('us-east-1') },
      publicPage: { name: 'congkhai.dongnai.gov.vn', certificateArn: arn(province.region) },
    };
    const error = errorOf(province);
    expect(error).toMatch(/domains\.api\.certificateArn: must be a certificate in ap-southeast-1/);
    expect(error).toMatch(/domains\.publicPage\.certificateArn: must be a certificate in us-east-1/);
    province.domains = { api: { name: 'not a domain', certificateArn: arn(province.region) } };
    expect(errorOf(province)).toMatch(/domains\.api\.name: must be a domain name/);
  });

  it('gives staff apps a sign-in only through the province’s own pool, back to HTTPS addresses', () => {
    const province = demo();
    province.staffApps = {
      callbackUrls: ['http://canbo.dongnai.gov.vn/'],
      logoutUrls: ['https://canbo.dongnai.gov.vn/'],
      signInDomainPrefix: 'dangnhap-dongnai',
    };
    expect(errorOf(province)).toMatch(/staffApps\.callbackUrls\[0\]: Invalid URL/);
    province.staffApps.callbackUrls = ['https://canbo.dongnai.gov.vn/'];
    province.oidc = {
      provider: 'external',
      issuer: 'https://sso.dongnai.gov.vn',
      audience: ['motcua'],
      claims: { roles: 'groups', unit: 'unit' },
    };
    expect(errorOf(province)).toMatch(/staffApps: staff apps sign in through the province’s own user pool/);
  });

  it('refuses a procedure that names a unit outside the tree', () => {
    const province = demo();
    province.procedures[2]!.handlingUnits = ['000.77.77.H19'];
    expect(errorOf(province)).toMatch(/procedures\[2\]\.handlingUnits\[0\]: unknown unit 000\.77\.77\.H19/);
  });

  it('refuses duplicate unit codes and duplicate procedure codes', () => {
    const province = demo();
    province.units[0]!.children!.push({ ...province.units[0]!.children![0]!, children: [] });
    province.procedures.push(province.procedures[0]!);
    const message = errorOf(province);
    expect(message).toMatch(/duplicate unit code 000\.00\.01\.H19/);
    expect(message).toMatch(/procedures\[\d+\]\.code: duplicate procedure code/);
  });

  it('refuses unknown fields and a select field without options', () => {
    const province = demo() as Province & { colour?: string };
    province.colour = 'red';
    province.procedures[0]!.formFields.push({ key: 'kind', label: 'Loại', type: 'select', required: true });
    const message = errorOf(province);
    expect(message).toMatch(/\(root\): Unrecognized key/);
    expect(message).toMatch(/procedures\[0\]\.formFields\[\d+\]\.options/);
  });

  it('refuses an account that is not 12 digits, and a decision neither open nor recorded as taken', () => {
    expect(errorOf({ ...demo(), account: '1234-5678' })).toMatch(
      /provinces\/test\.json: account: must be the 12 digits of an AWS account id/,
    );
    const notYet = { ...demo(), decisions: { code: { decided: 'soon', by: 'UBND' } } };
    expect(errorOf(notYet)).toMatch(/decisions\.code\.decided: Invalid ISO date/);
    const unsaid = { ...demo(), decisions: { region: { by: 'UBND' } } };
    expect(errorOf(unsaid)).toMatch(
      /decisions\.region: must be \{ "toDecide": "…" \} or \{ "decided": "yyyy-mm-dd", "by": "…" \}/,
    );
    expect(errorOf({ ...demo(), decisions: { sender: { toDecide: 'who' } } })).toMatch(
      /decisions: Unrecognized key: "sender"/,
    );
    expect(errorOf({ ...demo(), decisions: ['the portal'] })).toMatch(
      /decisions: Invalid input: expected record/,
    );
  });

  it('keeps the service index weights as yearly data: the five groups or the six parts, 100 points in all', () => {
    const province = demo();
    expect(Object.keys(province.scoring['2022']!)).toEqual([
      'transparency',
      'progress',
      'online',
      'digitisation',
      'satisfaction',
    ]);
    expect(province.scoring['2025']).toEqual({
      transparency: 18,
      progress: 20,
      onlineService: 12,
      onlinePayment: 10,
      satisfaction: 18,
      digitisation: 22,
    });
    const mixed = demo();
    mixed.scoring['2027'] = { ...province.scoring['2025']!, online: 22 };
    expect(errorOf(mixed)).toMatch(/scoring\.2027: must be the five groups .* or the six parts/);
    const short = demo();
    short.scoring['2027'] = { ...province.scoring['2025']!, onlinePayment: 5 };
    expect(errorOf(short)).toMatch(/scoring\.2027: the points must add up to 100/);
    const { scoring: _scoring, ...unsaid } = demo();
    expect(parseProvince(unsaid, 'provinces/test.json').scoring).toEqual(province.scoring);
  });

  it('takes a units tree of any depth', () => {
    const province = demo();
    const deep = { code: '000.03.16.H19', name: 'Chi nhánh', kind: 'office' as const };
    province.units[0]!.children![3]!.children![0]!.children = [
      { code: '000.02.16.H19', name: 'Tổ', kind: 'office', children: [deep] },
    ];
    const parsed = parseProvince(province, 'x.json');
    expect(unitSubtree(parsed.units, '000.00.16.H19')).toEqual([
      '000.00.16.H19',
      '000.01.16.H19',
      '000.02.16.H19',
      '000.03.16.H19',
    ]);
  });

  it('accepts an external OIDC issuer only over https, with an audience and its claims named', () => {
    const province = demo();
    const claims = { roles: 'groups', unit: 'unit_code' };
    province.oidc = { provider: 'external', issuer: 'http://sso.example.vn', audience: ['motcua'], claims };
    expect(errorOf(province)).toMatch(/oidc\.issuer/);
    province.oidc = {
      provider: 'external',
      issuer: 'https://sso.dongnai.gov.vn',
      audience: ['motcua'],
      claims,
    };
    expect(parseProvince(province, 'x.json').oidc).toMatchObject({ provider: 'external' });
    const unnamed = {
      ...province,
      oidc: { provider: 'external', issuer: 'https://sso.dongnai.gov.vn', audience: ['m'] },
    };
    expect(errorOf(unnamed as never)).toMatch(/oidc\.claims/);
  });

  it('reports a file that is not JSON with its name', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-config-')), 'broken.json');
    writeFileSync(file, '{ "id": ');
    expect(() => loadProvinceFile(file)).toThrow(/Cannot read province config .*broken\.json/);
  });
});

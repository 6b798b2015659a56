import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProvince, writeNewProvince } from '../../infra/ops/province-files.ts';
import { DECISIONS } from '../../infra/ops/province-template.ts';
import { loadProvince, type Province } from '../../shared/config/province.ts';
import { reviewProvince } from '../../shared/config/province-review.ts';

const today = new Date('2026-11-29T03:00:00Z');
const base = loadProvince('thanh-hoa');
const review = (change: (province: Province) => Province) =>
  reviewProvince(change(structuredClone(base)), today).map(({ level, where }) => `${level} ${where}`);

describe('a province file reviewed beyond its schema', () => {
  it('finds nothing missing in the demo provinces', () => {
    expect(reviewProvince(loadProvince('dong-nai'), today).filter((f) => f.level === 'missing')).toEqual([]);
    expect(review((province) => province)).toEqual(['suspicious calendar.2027']);
  });

  it('lists each open decision as missing', () => {
    expect(review((province) => ({ ...province, decisions: ['the portal', 'the sender'] }))).toEqual(
      expect.arrayContaining(['missing decisions[0]', 'missing decisions[1]']),
    );
  });

  it('flags a unit with no procedure, and a procedure with no open unit to handle or receive it', () => {
    const closed = review((province) => {
      const wards = province.units[0]!.children!;
      wards[2] = { ...wards[2]!, disabled: true }; // phường Hạc Thành closes
      return province;
    });
    expect(closed).toEqual(
      expect.arrayContaining([
        'missing procedures[0].receivingUnit',
        'missing procedures[0].handlingUnits',
        'missing procedures[2].receivingUnit',
        'missing procedures[2].handlingUnits',
      ]),
    );
    const idle = review((province) => ({ ...province, procedures: province.procedures.slice(1) }));
    expect(idle).not.toContain('suspicious units: 000.01.01.H56');
    const none = review((province) => ({ ...province, procedures: province.procedures.slice(3) }));
    expect(none).toEqual(
      expect.arrayContaining(['suspicious units: 000.01.01.H56', 'suspicious units: 000.02.01.H56']),
    );
  });

  it("flags this year's calendar as missing and next year's as suspicious", () => {
    expect(review((province) => ({ ...province, calendar: {} }))).toEqual(
      expect.arrayContaining(['missing calendar.2026', 'suspicious calendar.2027']),
    );
  });

  it('flags a same-day procedure without its cut-off hour, and a province with no portal or sender', () => {
    const findings = review((province) => {
      const { cutoffHour: _cutoff, ...birth } = province.procedures[0]!;
      return {
        ...province,
        procedures: [birth, ...province.procedures.slice(1)],
        webOrigins: [],
        notifyFromEmail: undefined,
      };
    });
    expect(findings).toEqual(
      expect.arrayContaining([
        'suspicious procedures[0].cutoffHour',
        'suspicious webOrigins',
        'suspicious notifyFromEmail',
      ]),
    );
  });
});

describe('a new province file', () => {
  it('is valid from the start, lists what to decide, and is never written over', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'motcua-province-')), 'thu.json');
    expect(writeNewProvince(file, { id: 'thu', name: 'Tỉnh Thử', code: 'H99' })).toEqual(DECISIONS);
    const written = readFileSync(file, 'utf8');
    expect(JSON.parse(written)).toMatchObject({ id: 'thu', code: 'H99', decisions: DECISIONS });
    // Laid out as the repository's formatter would: the file passes `npm run lint` where it lands.
    const biome = spawnSync('npx', ['biome', 'format', '--stdin-file-path=provinces/thu.json'], {
      input: written,
      encoding: 'utf8',
    });
    expect(biome.stdout).toBe(written);
    const { findings, missing } = checkProvince(file, today);
    expect(missing).toBe(DECISIONS.length + 1); // and this year's calendar
    expect(findings.map((finding) => finding.where)).toContain('calendar.2026');
    expect(() => writeNewProvince(file, { id: 'thu' })).toThrow(/exists already/);
    expect(() => writeNewProvince(join(file, '..', 'bad.json'), { id: 'Bad Id' })).toThrow(
      /bad\.json: id: must be a short lower-case id/,
    );
  });
});

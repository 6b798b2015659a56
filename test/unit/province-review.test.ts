import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProvince, writeNewProvince } from '../../infra/ops/province-files.ts';
import { DECISION_KEYS, type Decisions, openDecisions } from '../../shared/config/decisions.ts';
import { loadProvince, loadProvinceFile, type Province } from '../../shared/config/province.ts';
import { exampleUnits, reviewProvince } from '../../shared/config/province-review.ts';

const today = new Date('2026-11-29T03:00:00Z');

/** Every decision recorded as taken, with the values the file holds. */
const allDecided = (province: Province): Decisions =>
  Object.fromEntries(
    DECISION_KEYS.map((key) => [
      key,
      {
        decided: '2026-11-20',
        by: 'Quyết định của UBND tỉnh',
        ...(key === 'code' || key === 'account' || key === 'region' ? { value: province[key] } : {}),
      },
    ]),
  );

/** Thanh Hóa as a province of its own going live: its account named, each decision taken. */
function goingLive(): Province {
  const { demo: _demo, ...province } = structuredClone(loadProvince('thanh-hoa'));
  const live = { ...province, account: '123456789012' };
  return { ...live, decisions: allDecided(live) };
}

const findingsOf = (province: Province, on = today) =>
  reviewProvince(province, on).map(({ level, where }) => `${level} ${where}`);
const review = (change: (province: Province) => Province, on = today) => findingsOf(change(goingLive()), on);
const missingOf = (findings: string[]) => findings.filter((finding) => finding.startsWith('missing'));

describe('a province file reviewed beyond its schema', () => {
  it('finds nothing missing in a province whose every decision is recorded as taken', () => {
    expect(review((province) => province)).toEqual(['suspicious calendar.2027']);
  });

  it('lists what a demo file leaves open as demo, never as missing', () => {
    for (const id of ['dong-nai', 'thanh-hoa']) {
      const findings = findingsOf(loadProvince(id));
      expect(missingOf(findings), id).toEqual([]);
      expect(findings, id).toEqual(
        expect.arrayContaining([...DECISION_KEYS.map((key) => `demo decisions.${key}`), 'demo account']),
      );
    }
  });

  it('counts a decision the file does not record as not taken: deleting the list decides nothing', () => {
    expect(missingOf(review((province) => ({ ...province, decisions: {} })))).toEqual(
      DECISION_KEYS.map((key) => `missing decisions.${key}`),
    );
  });

  it('lists each decision still to take as missing', () => {
    const findings = review((province) => ({
      ...province,
      decisions: { ...province.decisions, webOrigins: { toDecide: 'the portal' } },
    }));
    expect(missingOf(findings)).toEqual(['missing decisions.webOrigins']);
  });

  it('holds code, account and region to the value their decision records', () => {
    const other = review((province) => ({ ...province, code: 'H57' }));
    expect(missingOf(other)).toEqual(['missing decisions.code']);
    const unsaid = review((province) => ({
      ...province,
      decisions: { ...province.decisions, account: { decided: '2026-11-20', by: 'Sở KH&CN' } },
    }));
    expect(missingOf(unsaid)).toEqual(['missing decisions.account']);
  });

  it('sees the placeholders of a new file in the data, whatever the decisions record', () => {
    const placeholder = (change: (province: Province) => Province) =>
      missingOf(
        review((province) => {
          const changed = change(province);
          return { ...changed, decisions: allDecided(changed) };
        }),
      );
    expect(placeholder((province) => ({ ...province, account: '000000000000' }))).toEqual([
      'missing account',
    ]);
    expect(placeholder(({ account: _account, ...province }) => province)).toEqual(['missing account']);
    expect(placeholder((province) => ({ ...province, code: 'H00' }))).toEqual(['missing code']);
    const examples = exampleUnits({ name: 'Tỉnh Thanh Hóa', code: 'H56' });
    expect(
      placeholder((province) => ({
        ...province,
        units: examples,
        procedures: province.procedures.map((procedure) => ({
          ...procedure,
          receivingUnit: '000.01.01.H56',
          handlingUnits: ['000.01.01.H56'],
        })),
      })),
    ).toEqual(['missing units: 000.01.01.H56', 'missing units']);
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

  it("stops on this year's calendar not announced, and warns of next year's from 60 days before it", () => {
    expect(review((province) => ({ ...province, calendar: {} }))).toEqual(
      expect.arrayContaining(['missing calendar.2026', 'suspicious calendar.2027']),
    );
    const calendarOn = (local: string) =>
      review((province) => province, new Date(`${local}+07:00`)).filter((f) => f.includes('calendar'));
    expect(calendarOn('2026-11-01T23:59:00')).toEqual([]); // 61 days before
    expect(calendarOn('2026-11-02T00:00:00')).toEqual(['suspicious calendar.2027']); // 60 days before
    expect(calendarOn('2027-01-01T00:00:00')).toEqual(['missing calendar.2027']);
  });

  it("lists this year's calendar not announced in a demo as open, not missing", () => {
    expect(findingsOf(loadProvince('thanh-hoa'), new Date('2027-01-04T02:00:00Z'))).toContain(
      'demo calendar.2027',
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
    const decisions = writeNewProvince(file, { id: 'thu', name: 'Tỉnh Thử', code: 'H99' });
    expect(decisions).toEqual(
      Object.entries(openDecisions()).map(([key, { toDecide }]) => `${key}: ${toDecide}`),
    );
    expect(decisions).toContainEqual(expect.stringMatching(/^account: the AWS account \(12 digits\)/));
    const written = readFileSync(file, 'utf8');
    expect(JSON.parse(written)).toMatchObject({
      id: 'thu',
      code: 'H99',
      account: '000000000000',
      decisions: openDecisions(),
    });
    // Laid out as the repository's formatter would: the file passes `npm run lint` where it lands.
    const biome = spawnSync('npx', ['biome', 'format', '--stdin-file-path=provinces/thu.json'], {
      input: written,
      encoding: 'utf8',
    });
    expect(biome.stdout).toBe(written);
    const { findings, missing } = checkProvince(file, today);
    const stops = findings.filter((finding) => finding.level === 'missing').map((finding) => finding.where);
    expect(stops).toEqual([
      ...DECISION_KEYS.map((key) => `decisions.${key}`),
      'account',
      'units: 000.01.01.H99',
      'units',
      'calendar.2026',
    ]);
    expect(missing).toBe(stops.length);
    // Recording every decision as taken, without changing what the template wrote, is not enough.
    const draft = loadProvinceFile(file);
    expect(
      missingOf(findingsOf({ ...draft, decisions: allDecided(draft) })).map((finding) => finding.slice(8)),
    ).toEqual(['account', 'units: 000.01.01.H99', 'units', 'calendar.2026']);
    expect(() => writeNewProvince(file, { id: 'thu' })).toThrow(/exists already/);
    expect(() => writeNewProvince(join(file, '..', 'bad.json'), { id: 'Bad Id' })).toThrow(
      /bad\.json: id: must be a short lower-case id/,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/domain/action-inputs.ts';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  addCounts,
  type Counts,
  countsFor,
  type DossierMarks,
  marked,
  markFor,
  periodsOf,
  zeroCounts,
} from '../../shared/domain/indicators.ts';
import type { Principal } from '../../shared/http/principal.ts';
import { type DossierRecord, getDossier, listHistory } from '../../shared/persistence/dossiers.ts';
import { getCounts } from '../../shared/persistence/indicators.ts';
import { putUpload, settleUpload } from '../../shared/persistence/uploads.ts';
import { actOn } from '../../shared/services/dossiers.ts';
import { factsOf } from '../../shared/services/indicators.ts';
import { submitDossier } from '../../shared/services/submissions.ts';
import { BIEN_HOA, marriageStatus, TRAN_BIEN } from '../support/dossiers.ts';
import { eventually } from '../support/eventually.ts';
import { demoProvince, useRuntime } from '../support/runtime.ts';

/**
 * Dozens of dossiers of every kind the counters tell apart, taken through the services
 * (as the API would, without its HTTP) while the indicators consumer counts their events live
 * from the queue; then the counters must equal a recomputation from the dossiers' histories.
 */
// Only what the counters need runs: the hops (transfers land) and the indicators.
useRuntime({ idleConsumers: ['sendDeliveries', 'deliverNotifications', 'routeNotifications'] });
const DOSSIERS = 48;
const AT_ONCE = 4;
const DAY = 86_400_000;

const citizen = (sub: string): Principal => ({ sub, roles: ['citizen'], verifiedContacts: {} });
const officer = (unit: string): Principal => ({
  sub: `officer-${unit}`,
  roles: ['officer'],
  unit,
  verifiedContacts: {},
});

/** One dossier's life: each step an officer's (or the applicant's) action at the version it read. */
type Step = {
  by: 'citizen' | string;
  command: Command | ((dossier: DossierRecord) => Command);
  at?: (dossier: DossierRecord) => Date;
};

const complete: Command = { action: 'complete', resultSummary: 'Đã cấp' } as Command;
const open: Step[] = [
  { by: BIEN_HOA, command: { action: 'receive' } as Command },
  { by: BIEN_HOA, command: { action: 'startProcessing' } as Command },
];
/** A day after the promised date: one working day late at least. */
const afterDue = (dossier: DossierRecord) => new Date(Date.parse(dossier.dueAt!) + DAY);

const KINDS: Record<string, Step[]> = {
  onTime: [
    ...open,
    { by: BIEN_HOA, command: complete },
    { by: BIEN_HOA, command: { action: 'returnResult' } as Command },
  ],
  late: [...open, { by: BIEN_HOA, command: complete, at: afterDue }],
  apologised: [
    ...open,
    {
      by: BIEN_HOA,
      command: (dossier) =>
        ({
          action: 'extendDeadline',
          reason: 'Chờ xác minh',
          newDueAt: new Date(Date.parse(dossier.dueAt!) + DAY).toISOString(),
        }) as Command,
    },
    { by: BIEN_HOA, command: complete },
  ],
  supplemented: [
    ...open,
    { by: BIEN_HOA, command: { action: 'requestSupplement', items: ['Bản sao CCCD'] } as Command },
    { by: 'citizen', command: { action: 'supplement', components: [] } as Command },
    { by: BIEN_HOA, command: { action: 'receive' } as Command },
    { by: BIEN_HOA, command: complete },
  ],
  transferred: [
    ...open,
    { by: BIEN_HOA, command: { action: 'transfer', toUnit: TRAN_BIEN } as Command },
    { by: TRAN_BIEN, command: { action: 'returnFromTransfer' } as Command },
    { by: BIEN_HOA, command: complete },
  ],
  withdrawn: [
    { by: BIEN_HOA, command: { action: 'receive' } as Command },
    { by: 'citizen', command: { action: 'withdraw', reason: 'Không còn nhu cầu' } as Command },
    { by: BIEN_HOA, command: { action: 'stop', reason: 'Công dân rút hồ sơ' } as Command },
  ],
  refused: [{ by: BIEN_HOA, command: { action: 'refuse', reason: 'Sai thẩm quyền' } as Command }],
  received: [{ by: BIEN_HOA, command: { action: 'receive' } as Command }],
};

/** The dossier once a hop it is on has landed. */
async function settled(code: string): Promise<DossierRecord> {
  for (;;) {
    const dossier = (await getDossier(code))!;
    if (dossier.sub !== 'in-transit') return dossier;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Arrange: the applicant's declaration, uploaded and found clean (its bytes are not what is counted). */
async function scannedDeclaration(owner: string): Promise<string> {
  const id = randomUUID();
  await putUpload(
    {
      id,
      ownerSub: owner,
      purpose: { kind: 'component', procedureCode: '1.004873', componentId: 'to-khai' },
      fileName: 'to-khai.pdf',
      contentType: 'application/pdf',
      size: 1024,
      sha256: '0'.repeat(64),
      status: 'pending',
      key: `quarantine/${id}`,
      maxBytes: 10 * 1024 * 1024,
      createdAt: new Date().toISOString(),
    },
    new Date(),
  );
  await settleUpload(id, { status: 'verified', key: `clean/${id}` });
  return id;
}

async function live(kind: string): Promise<string> {
  const owner = `citizen-${randomUUID().slice(0, 8)}`;
  const application = marriageStatus({
    components: [{ componentId: 'to-khai', uploadIds: [await scannedDeclaration(owner)] }],
  });
  const { receipt } = await submitDossier(application as never, citizen(owner), randomUUID(), new Date());
  for (const step of KINDS[kind]!) {
    const dossier = await settled(receipt.code);
    const who = step.by === 'citizen' ? citizen(owner) : officer(step.by);
    const command = typeof step.command === 'function' ? step.command(dossier) : step.command;
    await actOn(receipt.code, command, who, dossier.version, step.at?.(dossier) ?? new Date());
  }
  return receipt.code;
}

async function inPool<T>(count: number, work: (at: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const at = next++;
      results[at] = await work(at);
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  return results;
}

/** The counters worked out again from every dossier's history and how it ended, its marks folded event by event. */
async function recomputed(codes: string[], period: string): Promise<Counts> {
  const calendar = new WorkingCalendar(demoProvince().calendar);
  const total = zeroCounts();
  for (const code of codes) {
    const facts = factsOf((await getDossier(code))!);
    let marks: DossierMarks = {};
    for (const event of await listHistory(code)) {
      const counts = countsFor(event, facts, calendar);
      if (periodsOf(event.at).includes(period)) addCounts(total, counts);
      const fact = markFor(event, counts, { scopes: ['this'], periods: periodsOf(event.at) });
      if (!fact) continue;
      const step = marked(marks, fact);
      marks = step.marks;
      for (const addition of step.additions)
        if (addition.period === period) addCounts(total, addition.counts);
    }
  }
  return total;
}

describe('the Decision 766 indicators, over many dossiers of every kind', () => {
  it('equal, live, a recomputation from the histories: late, apologised, supplemented, transferred, withdrawn, refused', {
    timeout: 120_000,
  }, async () => {
    const kinds = Object.keys(KINDS);
    const codes = await inPool(DOSSIERS, (at) => live(kinds[at % kinds.length]!));
    // The quarter: a late dossier's last step may fall in the next month.
    const quarter = periodsOf(new Date().toISOString())[1]!;
    const expected = await recomputed(codes, quarter);
    // Refused at the desk, a dossier is never received.
    expect(expected).toMatchObject({
      received: DOSSIERS - DOSSIERS / kinds.length,
      refused: DOSSIERS / kinds.length,
    });
    expect(expected.late).toBeGreaterThanOrEqual(DOSSIERS / kinds.length);
    await eventually(async () => expect(await getCounts('PROVINCE', quarter)).toEqual(expected), 60_000);
    expect(await getCounts(`UNIT#${BIEN_HOA}`, quarter)).toEqual(expected);
  });
});

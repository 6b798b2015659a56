import { randomUUID } from 'node:crypto';
import { BIEN_HOA, marriageStatus } from '../support/dossiers.ts';
import { pdf, sha256 } from '../support/files.ts';
import type { Json } from '../support/json.ts';
import { answered, type Client, explain, type Identity, uploadFile } from './client.ts';

/** A submission that was sent, with what it needs to be sent again and what came back. */
export interface Submission {
  citizen: string;
  key: string;
  body: Json;
  file: { uploadId: string; sha256: string };
  /** The receipt, when the submission was acknowledged (201). */
  receipt?: Json;
  /** Why no answer came, when the connection went down with the server. */
  lost?: string;
}

/** An officer's action that was sent, and what came back. */
export interface Action {
  code: string;
  action: string;
  /** The version the officer read and sent as If-Match. */
  readVersion: number;
  /** The dossier as the 200 answer gave it. */
  acknowledged?: { version: number; state: number };
  lost?: string;
}

export interface Ledger {
  submissions: Submission[];
  actions: Action[];
  /** Answers the load did not expect (a 5xx above all), with what was asked. */
  unexpected: string[];
  /** When the server was killed (ms since the epoch). */
  killedAt: number;
}

export interface LoadPlan {
  /** Submissions at most; the load ends with the kill. */
  submissions: number;
  /** Citizens submitting at the same time. */
  submitters: number;
  /** Officers working through the acknowledged dossiers at the same time. */
  officers: number;
  /**
   * The server is killed once this many submissions are acknowledged and another one has
   * been at the server for `inFlightMs`, so that the kill catches it half-way…
   */
  killAfter: number;
  inFlightMs: number;
  /** …or after this long, whichever comes first. */
  killWithinMs: number;
}

/** The officer's steps on each dossier: reception, processing, result (1 → 2 → 4 → 9). */
export const STEPS: readonly { action: string; body: Record<string, unknown> }[] = [
  { action: 'receive', body: { note: 'Hồ sơ đủ' } },
  { action: 'startProcessing', body: {} },
  { action: 'complete', body: { resultSummary: 'Đã cấp Giấy xác nhận tình trạng hôn nhân' } },
];

export const OFFICER: Identity = { role: 'officer', sub: 'officer-crash', unit: BIEN_HOA };
export const citizenOf = (submission: Submission): Identity => ({ role: 'citizen', sub: submission.citizen });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Citizens submitting and officers acting at the same time, until `kill` is called with
 * requests in flight. Every request sent is in the ledger with its fate.
 */
export async function driveLoad(api: Client, plan: LoadPlan, kill: () => void): Promise<Ledger> {
  const ledger: Ledger = { submissions: [], actions: [], unexpected: [], killedAt: 0 };
  let killed = false;
  const killNow = () => {
    if (killed) return;
    killed = true;
    ledger.killedAt = Date.now();
    kill();
  };
  const timer = setTimeout(killNow, plan.killWithinMs);
  const toAct: string[] = [];
  let next = 0;
  let acknowledged = 0;
  let submittersLeft = plan.submitters;
  // When each submission now at the server was sent, by its key.
  const sentAt = new Map<string, number>();
  const watch = setInterval(() => {
    const now = Date.now();
    if (acknowledged >= plan.killAfter && [...sentAt.values()].some((at) => now - at >= plan.inFlightMs))
      killNow();
  }, 5);

  const submitter = async () => {
    while (!killed && next < plan.submissions) {
      const code = await submitOne(api, next++, ledger, () => killed, sentAt);
      if (!code) continue;
      toAct.push(code);
      acknowledged += 1;
    }
    submittersLeft -= 1;
  };
  const officer = async () => {
    while (!killed) {
      const code = toAct.shift();
      if (code) await actOnAll(api, code, ledger, () => killed);
      else if (submittersLeft === 0) return;
      else await sleep(20);
    }
  };

  await Promise.all([
    ...Array.from({ length: plan.submitters }, submitter),
    ...Array.from({ length: plan.officers }, officer),
  ]);
  clearTimeout(timer);
  clearInterval(watch);
  killNow();
  return ledger;
}

/** Uploads the declaration and submits; the code when acknowledged. */
async function submitOne(
  api: Client,
  index: number,
  ledger: Ledger,
  killed: () => boolean,
  sentAt: Map<string, number>,
): Promise<string | undefined> {
  const citizen = `crash-citizen-${index}`;
  const bytes = pdf(`Tờ khai số ${index}`);
  const file = await uploadFile(api, citizen, bytes);
  if ('failed' in file) {
    if (answered(file.outcome))
      ledger.unexpected.push(`${file.failed} (${citizen}): ${explain(file.outcome)}`);
    return undefined;
  }
  // A submission that would only meet a dead server is not one the server lost.
  if (killed()) return undefined;
  const template = marriageStatus();
  const body = marriageStatus({
    applicant: { ...template.applicant, email: `${citizen}@example.vn` },
    components: [{ componentId: 'to-khai', uploadIds: [file.uploadId] }],
  });
  const submission: Submission = {
    citizen,
    key: randomUUID(),
    body,
    file: { uploadId: file.uploadId, sha256: sha256(bytes) },
  };
  ledger.submissions.push(submission);
  sentAt.set(submission.key, Date.now());
  const outcome = await api.call('/dossiers', citizenOf(submission), {
    method: 'POST',
    body,
    headers: { 'idempotency-key': submission.key },
  });
  sentAt.delete(submission.key);
  if (!answered(outcome)) submission.lost = outcome.lost;
  else if (outcome.status === 201) submission.receipt = outcome.body;
  else ledger.unexpected.push(`POST /dossiers (${citizen}): ${explain(outcome)}`);
  return submission.receipt?.code;
}

/** The officer's steps on one dossier, each at the version just read, until one fails. */
async function actOnAll(api: Client, code: string, ledger: Ledger, killed: () => boolean): Promise<void> {
  for (const step of STEPS) {
    if (killed()) return;
    const read = await api.call(`/dossiers/${code}`, OFFICER);
    if (!answered(read)) return;
    if (read.status !== 200) {
      ledger.unexpected.push(`GET /dossiers/${code} as officer: ${explain(read)}`);
      return;
    }
    const action: Action = { code, action: step.action, readVersion: read.body.version };
    ledger.actions.push(action);
    const outcome = await api.call(`/dossiers/${code}/actions/${step.action}`, OFFICER, {
      method: 'POST',
      body: step.body,
      headers: { 'if-match': `"${action.readVersion}"` },
    });
    if (!answered(outcome)) {
      action.lost = outcome.lost;
      return;
    }
    if (outcome.status !== 200) {
      ledger.unexpected.push(`${step.action} on ${code}: ${explain(outcome)}`);
      return;
    }
    action.acknowledged = { version: outcome.body.version, state: outcome.body.state };
  }
}

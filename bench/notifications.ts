import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import { percentile, round } from './stats.ts';
import { submission, uploadDeclaration } from './writes.ts';

const BIEN_HOA = '000.02.30.H19';

/** The email and SMS the local runtime kept, oldest first. */
const outbox = (runtime: LocalRuntime): { text: string; channel: string }[] =>
  existsSync(runtime.outboxFile)
    ? readFileSync(runtime.outboxFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];

/**
 * From an officer's action (its answer) to the citizen's email landing in the local outbox,
 * through the stream, the outbox, dossier-events, the router and the delivery consumer.
 */
export async function measureNotifications(runtime: LocalRuntime, samples: number) {
  const citizen = await runtime.issuer.sign({ sub: 'bench-notified', role: 'citizen' });
  const officer = await runtime.issuer.sign({ sub: 'bench-notifier', role: 'officer', unit: BIEN_HOA });
  const post = async (path: string, token: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { code: string };
  };
  await confirmEmail(runtime, citizen, post);
  const latencies: number[] = [];
  const started = performance.now();
  for (let sample = 0; sample < samples; sample += 1) {
    const upload = await uploadDeclaration(runtime, citizen);
    const body = submission(upload);
    const { code } = await post(
      '/dossiers',
      citizen,
      { ...body, applicant: { ...body.applicant, email: 'bench@example.vn' } },
      {
        'idempotency-key': randomUUID(),
      },
    );
    const committed = performance.now();
    await post(`/dossiers/${code}/actions/receive`, officer, {}, { 'if-match': '"1"' });
    const acted = performance.now();
    for (;;) {
      const landed = outbox(runtime).some(
        (message) => String(message.text).includes(code) && message.channel === 'email',
      );
      if (landed) break;
      if (performance.now() - committed > 30_000) throw new Error(`no notification for ${code}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    latencies.push(performance.now() - acted);
  }
  latencies.sort((a, b) => a - b);
  const seconds = (performance.now() - started) / 1000;
  return {
    samples,
    actionToOutboxP50Ms: round(percentile(latencies, 50)),
    actionToOutboxP99Ms: round(percentile(latencies, 99)),
    notificationsPerSecond: round((samples * 3) / seconds, 1),
  };
}

/** Email goes only to a confirmed address: confirm the bench's, with the code from the outbox. */
async function confirmEmail(
  runtime: LocalRuntime,
  token: string,
  post: (path: string, token: string, body: unknown) => Promise<unknown>,
): Promise<void> {
  const address = 'bench@example.vn';
  await post('/me/contacts', token, { channel: 'email', address });
  const sent = outbox(runtime).findLast((message) => message.text.includes('Mã xác nhận'));
  const code = /\b(\d{6})\b/.exec(sent?.text ?? '')?.[1];
  if (!code) throw new Error('no confirmation code in the outbox');
  await post('/me/contacts/confirm', token, { channel: 'email', address, code });
}

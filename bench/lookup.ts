import { randomUUID } from 'node:crypto';
import { httpApiEvent } from '../infra/local/events.ts';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import { LOOKUPS_PER_CODE_HOUR } from '../shared/services/documents.ts';
import { percentile, round } from './stats.ts';
import { submission, uploadDeclaration } from './writes.ts';

export interface LookupFigures {
  samples: number;
  wrongPhoneP50Ms: number;
  unknownCodeP50Ms: number;
  wrongPhoneP99Ms: number;
  unknownCodeP99Ms: number;
  /** Wrong phone ÷ unknown code: near 1 when the two refusals cannot be told apart by time. */
  p50Ratio: number;
}

/**
 * The public look-up's two refusals, timed side by side: a wrong phone for a real dossier and
 * an unknown code. Called through the function itself, each from its own address, so that the
 * per-address limit does not answer first; each dossier takes fewer attempts than its hourly
 * limit.
 */
export async function measureLookups(runtime: LocalRuntime, dossiers: number): Promise<LookupFigures> {
  const codes = await submitted(runtime, dossiers);
  const wrongPhone: number[] = [];
  const unknownCode: number[] = [];
  let address = 0;
  const timed = async (code: string, into: number[]) => {
    address += 1;
    const started = performance.now();
    const answer = (await runtime.invoke('lookupDossier', lookupEvent(code, address))) as {
      statusCode: number;
    };
    into.push(performance.now() - started);
    if (answer.statusCode !== 404) throw new Error(`look-up of ${code}: ${answer.statusCode}, expected 404`);
  };
  for (const [index, code] of codes.entries()) {
    for (let attempt = 0; attempt < LOOKUPS_PER_CODE_HOUR - 1; attempt += 1) {
      // Alternating, so that drift of a shared machine weighs on both sides alike.
      await timed(code, wrongPhone);
      await timed(code.replace(/\d{4}$/, String(9000 - index * 10 - attempt)), unknownCode);
    }
  }
  const p = (values: number[], at: number) =>
    round(
      percentile(
        [...values].sort((a, b) => a - b),
        at,
      ),
    );
  return {
    samples: wrongPhone.length,
    wrongPhoneP50Ms: p(wrongPhone, 50),
    unknownCodeP50Ms: p(unknownCode, 50),
    wrongPhoneP99Ms: p(wrongPhone, 99),
    unknownCodeP99Ms: p(unknownCode, 99),
    p50Ratio: round(p(wrongPhone, 50) / p(unknownCode, 50)),
  };
}

/** Real dossiers whose applicant's phone does not end in 0000. */
async function submitted(runtime: LocalRuntime, count: number): Promise<string[]> {
  const citizen = await runtime.issuer.sign({ sub: 'lookup-bench-citizen', role: 'citizen' });
  const codes: string[] = [];
  for (let made = 0; made < count; made += 1) {
    const upload = await uploadDeclaration(runtime, citizen);
    const response = await fetch(`${runtime.url}/dossiers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${citizen}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(submission(upload)),
    });
    if (response.status !== 201) throw new Error(`submission: ${response.status} ${await response.text()}`);
    codes.push(((await response.json()) as { code: string }).code);
  }
  return codes;
}

/** GET /lookup/{code}?phone=0000 as the gateway hands it over, from a documentation address. */
function lookupEvent(code: string, address: number) {
  const url = `/lookup/${code}?phone=0000`;
  return httpApiEvent(
    {
      method: 'GET',
      url,
      rawHeaders: ['host', '127.0.0.1'],
      body: Buffer.alloc(0),
      sourceIp: `198.51.${address >> 8}.${address & 255}`,
    },
    { routeKey: 'GET /lookup/{code}', pathParameters: { code } },
    undefined,
    new Date(),
  );
}

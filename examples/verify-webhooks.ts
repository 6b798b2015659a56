import type { JsonWebKey } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { verifyV1a } from './webhook-verifier.ts';

/**
 * Checks what a local stand-in receiver was sent: each delivery's `v1` signature with the
 * subscription's secret (the `standardwebhooks` library) and its `v1a` signature with the
 * province's public key. Usage: npm run verify-webhooks -- <receiver> <whsec_…> [api URL]
 */
const [receiver, secret, api = 'http://localhost:3000'] = process.argv.slice(2);
if (!(receiver && secret?.startsWith('whsec_'))) {
  console.error('usage: npm run verify-webhooks -- <receiver name> <whsec_… secret> [api URL]');
  process.exit(1);
}
const get = async (path: string) => {
  const response = await fetch(`${api}${path}`);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
};
const jwks = (await get('/.well-known/jwks.json')) as { keys: JsonWebKey[] };
type Received = { headers: Record<string, string>; body: string; answered: number };
/** What the receiver got; deliveries take a moment, so an empty list is asked again for 10 s. */
async function received(): Promise<Received[]> {
  for (const deadline = Date.now() + 10_000; ; ) {
    const { items } = (await get(`/dev/receivers/${receiver}?limit=20`)) as { items: Received[] };
    if (items.length || Date.now() > deadline) return items;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
const items = await received();
/** `v1` as the library verifies it; a delivery older than its five minutes, by its own signature. */
function checkV1(headers: Record<string, string>, body: string): string {
  const webhook = new Webhook(secret!);
  try {
    webhook.verify(body, headers);
    return 'ok';
  } catch (error) {
    if (!/too old/.test((error as Error).message)) return 'FAILED';
  }
  const at = new Date(Number(headers['webhook-timestamp']) * 1000);
  const expected = webhook.sign(headers['webhook-id'] ?? '', at, body);
  return headers['webhook-signature']?.split(' ').includes(expected)
    ? 'ok (sent over 5 minutes ago)'
    : 'FAILED';
}

if (items.length === 0) console.log(`${receiver} has received nothing yet`);
let bad = 0;
for (const item of items.reverse()) {
  const { body } = item;
  const v1 = checkV1(item.headers, body);
  const v1a = verifyV1a(item.headers, body, jwks, Number.POSITIVE_INFINITY) ? 'ok' : 'FAILED';
  if (v1 !== 'ok' || v1a !== 'ok') bad += 1;
  const event = JSON.parse(body) as { type?: string; data?: { code?: string } };
  console.log(
    `${item.headers['webhook-id']} ${event.type} ${event.data?.code} answered ${item.answered}: v1 ${v1}, v1a ${v1a}`,
  );
}
process.exit(bad ? 1 : 0);

import type { Campaign, Exchange, Group } from './campaign.ts';
import type { Rule } from './contract.ts';

const cut = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length)}… (${text.length} characters)` : text;

/** A request and its answer, written so that the failure can be read and replayed. */
export function describeExchange(exchange: Exchange, seed: number): string {
  const { request, answer } = exchange;
  const headers = Object.entries(request.headers).map(([name, value]) => {
    const shown =
      name !== 'authorization'
        ? JSON.stringify(value)
        : exchange.changes.some((change) => change.startsWith('authorization'))
          ? tokenShown(String(value))
          : `<token of ${exchange.caller}>`;
    return `    ${name}: ${cut(shown, 300)}`;
  });
  const body =
    request.body === undefined
      ? '(none)'
      : typeof request.body === 'string'
        ? `${cut(JSON.stringify(request.body), 400)} [${exchange.bodyBytes} bytes]`
        : // Bytes that are not text, shown so that they can be sent again as they were.
          `base64 ${cut(request.body.toString('base64'), 400)} [${exchange.bodyBytes} bytes]`;
  return [
    `request #${exchange.index} of seed ${seed} (${exchange.operation} as ${exchange.caller})`,
    `  replay: FUZZ_SEED=${seed} npx vitest run test/fuzz`,
    `  mutations: ${exchange.changes.join('; ') || 'none (a valid request)'}`,
    `  ${request.method} ${cut(request.target, 300)}`,
    ...headers,
    `  body: ${body}`,
    `  answer: ${answer.status} ${answer.contentType} ${cut(answer.text || answer.error || '', 500)}`,
  ].join('\n');
}

/** A token by its claims, which is what matters to replay it: the signature is the dev issuer's. */
function tokenShown(authorization: string): string {
  const payload = /^Bearer [\w-]+\.([\w-]+)\.[\w-]*$/.exec(authorization)?.[1];
  if (!payload) return JSON.stringify(authorization);
  try {
    const decoded: Record<string, unknown> = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const { iat: _iat, exp: _exp, ...claims } = decoded;
    const shortened = Object.fromEntries(
      Object.entries(claims).map(([name, value]) => [
        name,
        typeof value === 'string' ? cut(value, 40) : value,
      ]),
    );
    return `a token of the dev issuer with claims ${JSON.stringify(shortened)}`;
  } catch {
    return JSON.stringify(authorization);
  }
}

const SHOWN = 8;

/** Every exchange that broke a rule, the first few written out in full. */
export function breachesOf(campaign: Campaign, rule: Rule): string[] {
  const found = campaign.groups
    .flatMap((group) => group.exchanges)
    .flatMap((exchange) =>
      exchange.breaches
        .filter((breach) => breach.rule === rule)
        .map((breach) => `${breach.why}\n${describeExchange(exchange, campaign.seed)}`),
    );
  return found.length > SHOWN ? [...found.slice(0, SHOWN), `…and ${found.length - SHOWN} more`] : found;
}

/** Every group of refusals after which the table had changed, with its requests. */
export function writesOf(campaign: Campaign): string[] {
  return campaign.groups
    .filter((group): group is Group & { writes: string[] } => !!group.writes?.length)
    .map(
      (group) =>
        `${group.operation}, ${group.label}: every answer was a refusal, yet\n  ${group.writes.join('\n  ')}\n` +
        group.exchanges.map((exchange) => describeExchange(exchange, campaign.seed)).join('\n'),
    );
}

/** One line for the log: seed, requests, statuses by class, time. */
export function summary(campaign: Campaign): string {
  const exchanges = campaign.groups.flatMap((group) => group.exchanges);
  const classes = new Map<string, number>();
  for (const { answer } of exchanges) {
    const kind = answer.status === 0 ? 'none' : `${Math.floor(answer.status / 100)}xx`;
    classes.set(kind, (classes.get(kind) ?? 0) + 1);
  }
  const compared = campaign.groups.filter((group) => group.writes !== undefined).length;
  const busy = campaign.groups.filter((group) => group.busy).length;
  const byClass = [...classes]
    .sort()
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return (
    `fuzz: seed ${campaign.seed}, ${exchanges.length} requests to ${campaign.operations.length} operations ` +
    `(${byClass}), ${compared}/${campaign.groups.length} groups of refusals compared` +
    (busy ? ` (${busy} not: earlier work still going)` : '') +
    `, ${campaign.resent} sent again on a new connection (their kept-alive one closed before they reached the server), ` +
    `${(campaign.durationMs / 1000).toFixed(1)} s`
  );
}

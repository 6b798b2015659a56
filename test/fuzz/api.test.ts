import { beforeAll, describe, expect, it } from 'vitest';
import { useRuntime } from '../support/runtime.ts';
import { type Campaign, runCampaign } from './campaign.ts';
import { seedFromEnvironment } from './random.ts';
import { breachesOf, summary, writesOf } from './report.ts';
import { CALLERS } from './world.ts';

const api = useRuntime();
const seed = seedFromEnvironment();
let campaign: Campaign;

/** Enough requests that the rules mean something, few enough to run with every `npm test`. */
const AT_LEAST = 2_000;

describe(`every operation of /openapi.json, by every kind of caller, with valid, mutated and hostile input (seed ${seed})`, () => {
  beforeAll(async () => {
    campaign = await runCampaign(api, seed);
    console.log(summary(campaign));
  }, 420_000);

  it('no input gets a 5xx, and every request gets an answer', () => {
    const found = breachesOf(campaign, 'no-server-error');
    expect(found.length, found.join('\n\n')).toBe(0);
  });

  it('every answer has a status its operation declares, or is one of the gateway’s own', () => {
    const found = breachesOf(campaign, 'declared-status');
    expect(found.length, found.join('\n\n')).toBe(0);
  });

  it('every refusal is a declared problem: problem+json, with a type listed for its status', () => {
    const found = breachesOf(campaign, 'declared-problem');
    expect(found.length, found.join('\n\n')).toBe(0);
  });

  it('every success is as its operation declares: a media type, the required headers, a body of its schema naming every field', () => {
    const found = breachesOf(campaign, 'declared-answer');
    expect(found.length, found.join('\n\n')).toBe(0);
  });

  it('a refused request writes nothing (rate-limit counters aside)', () => {
    const found = writesOf(campaign);
    expect(found.length, found.join('\n\n')).toBe(0);
    // Work accepted requests set off must end, or no refusal after it could be judged.
    const busy = campaign.groups.filter((group) => group.busy);
    const names = busy.map((group) => `${group.operation}, ${group.label}`).join('; ');
    expect(busy.length, `not compared, earlier work still going (seed ${seed}): ${names}`).toBe(0);
  });

  it(`tries every operation as every caller, at least ${AT_LEAST} requests in all`, () => {
    const exchanges = campaign.groups.flatMap((group) => group.exchanges);
    const tried = new Set(exchanges.map((exchange) => `${exchange.operation} ${exchange.caller}`));
    expect(tried.size, `seed ${seed}`).toBe(campaign.operations.length * CALLERS.length);
    expect(exchanges.length, `seed ${seed}`).toBeGreaterThanOrEqual(AT_LEAST);
  });
});

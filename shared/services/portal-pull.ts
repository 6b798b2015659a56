import { ChannelSubmissionBody } from '../api/integrations.ts';
import { connectorSettings } from '../connectors/settings.ts';
import { signedGet } from '../connectors/signed-post.ts';
import { DomainError } from '../domain/errors.ts';
import { count, logger } from '../observability.ts';
import { type FeedPosition, getFeedPosition, moveFeedPosition } from '../persistence/channels.ts';
import { getIntegrator } from '../persistence/integrators.ts';
import { submitThroughChannel } from './channel-submissions.ts';

/**
 * Pull mode of the national portal's hand-over: the schedule reads the portal's feed of
 * dossiers for the province after the cursor it keeps, files each one exactly as a push would
 * (idempotent on the portal's MaHoSo), and only then moves the cursor on. A run that fails
 * half-way leaves the cursor where it was, so the next run reads the page again and the
 * dossiers already filed answer with their first receipt: at least once, filed once. A dossier
 * the portal sent wrong (bad fields, an unknown procedure) is refused, kept on the cursor's
 * record for the portal to correct, and passed: it never holds the rest of the feed back.
 */

/** Dossiers asked for per page, and pages per run (a run stays well inside its timeout). */
export const PAGE_SIZE = 20;
export const PAGES_PER_RUN = 10;
/** The refusals kept on the cursor's record, newest first. */
const REFUSALS_KEPT = 50;

export type PullOutcome =
  | { kind: 'not-pulling' }
  | { kind: 'pulled'; filed: number; again: number; refused: number; cursor: string }
  | { kind: 'overtaken' };

interface Page {
  items: unknown[];
  cursor: string;
}

export async function pullFromPortal(now: Date): Promise<PullOutcome> {
  const portal = connectorSettings().nationalPortal;
  if (portal?.handOver !== 'pull' || !portal.feedUrl || !portal.integrator) return { kind: 'not-pulling' };
  const integrator = await getIntegrator(portal.integrator);
  if (integrator?.status !== 'active')
    throw new Error(`the portal's integrator ${portal.integrator} is not registered and active`);
  let position = await getFeedPosition(integrator.id);
  const tally = { filed: 0, again: 0, refused: 0 };
  for (let page = 0; page < PAGES_PER_RUN; page += 1) {
    const { items, cursor } = await readPage(portal.feedUrl, position.cursor);
    const refusals: FeedPosition['refused'] = [];
    for (const item of items) {
      const outcome = await fileOne(item, integrator, now);
      if (outcome.kind === 'refused') refusals.push({ ...outcome.refusal, at: now.toISOString() });
      tally[outcome.kind] += 1;
    }
    const next: FeedPosition = {
      cursor,
      at: now.toISOString(),
      refused: [...refusals.reverse(), ...position.refused].slice(0, REFUSALS_KEPT),
    };
    if (!(await moveFeedPosition(integrator.id, position, next))) return { kind: 'overtaken' };
    position = next;
    if (items.length < PAGE_SIZE) break;
  }
  count('PortalPulls', {}, tally.filed);
  return { kind: 'pulled', ...tally, cursor: position.cursor };
}

async function readPage(feedUrl: string, after: string): Promise<Page> {
  const url = new URL(feedUrl);
  if (after) url.searchParams.set('after', after);
  url.searchParams.set('limit', String(PAGE_SIZE));
  const fetched = await signedGet(url.toString());
  if (!fetched.ok) throw new Error(`the portal's feed: ${fetched.error}`);
  const page = JSON.parse(fetched.bytes.toString('utf8')) as Partial<Page>;
  if (!Array.isArray(page.items) || typeof page.cursor !== 'string')
    throw new Error('the portal’s feed answered without items and a cursor');
  if (page.items.length > 0 && page.cursor === after)
    throw new Error('the portal’s feed gave dossiers without moving its cursor');
  return { items: page.items, cursor: page.cursor };
}

type FileOutcome =
  | { kind: 'filed' | 'again' }
  | { kind: 'refused'; refusal: { MaHoSo: string; reason: string } };

async function fileOne(
  item: unknown,
  integrator: NonNullable<Awaited<ReturnType<typeof getIntegrator>>>,
  now: Date,
): Promise<FileOutcome> {
  const reference = String((item as { MaHoSo?: unknown } | null)?.MaHoSo ?? '(no MaHoSo)');
  const parsed = ChannelSubmissionBody.safeParse(item);
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    logger.warn('a dossier of the portal’s feed was refused', { MaHoSo: reference, reason });
    return { kind: 'refused', refusal: { MaHoSo: reference, reason } };
  }
  try {
    const { replayed } = await submitThroughChannel(parsed.data, integrator, now);
    return { kind: replayed ? 'again' : 'filed' };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const english = (text: string | { en: string }) => (typeof text === 'string' ? text : text.en);
    const reason = [
      english(error.detail),
      ...error.issues.map((issue) => `${issue.path}: ${english(issue.message)}`),
    ].join(' ');
    logger.warn('a dossier of the portal’s feed was refused', { MaHoSo: reference, reason });
    return { kind: 'refused', refusal: { MaHoSo: reference, reason } };
  }
}

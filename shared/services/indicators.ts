import type { DossierEvent } from '../domain/dossier-events.ts';
import type { FeedbackTally } from '../domain/feedback.ts';
import {
  type Counts,
  countsFor,
  countsForFeedback,
  type DossierFacts,
  feedbackScopesOf,
  periodsOf,
  scopesOf,
} from '../domain/indicators.ts';
import { count } from '../observability.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { getUnits } from '../persistence/catalog.ts';
import { type DossierRecord, getDossier } from '../persistence/dossiers.ts';
import {
  type Addition,
  counterKey,
  countOnce,
  type LateLetter,
  officerKey,
} from '../persistence/indicators.ts';

/** What of a dossier the counters need: what does not change, and how it ended. */
export function factsOf(dossier: DossierRecord): DossierFacts {
  return {
    procedureCode: dossier.procedureCode,
    receivingUnit: dossier.receivingUnit,
    digitised: dossier.digitisation.components,
    ...(dossier.endedAt
      ? {
          ended: {
            timeliness: dossier.timeliness,
            supplementRequests: dossier.supplementRequests,
            receivedAt: dossier.receivedAt,
            endedAt: dossier.endedAt,
            pausedDays: dossier.pausedDays,
          },
        }
      : {}),
  };
}

const ancestorsOf = async (unit: string) => (await getUnits([unit])).get(unit)?.ancestors ?? [];

/** The same counts added to each scope's counter of each period. */
const inEveryPeriod = (
  scopes: readonly string[],
  periods: readonly string[],
  counts: Partial<Counts>,
): Addition[] =>
  scopes.flatMap((scope) => periods.map((period) => ({ key: counterKey(scope, period), counts })));

/** What the indicators queue carries: a dossier's history event, or what a step of feedback counts. */
export type Countable = DossierEvent | FeedbackTally;

export function countMessage(message: Countable, now: Date): Promise<boolean> {
  return 'feedbackId' in message ? countFeedback(message, now) : countEvent(message, now);
}

/** Counts a step of feedback into its unit's (and those above), its dossier's procedure's and the province's, once. */
export async function countFeedback(tally: FeedbackTally, now: Date): Promise<boolean> {
  const counts = countsForFeedback(tally);
  if (Object.keys(counts).length === 0) return false;
  const additions = inEveryPeriod(
    feedbackScopesOf(tally, await ancestorsOf(tally.unit)),
    periodsOf(tally.at),
    counts,
  );
  const added = await countOnce(tally.eventId, additions, now);
  if (added) count('Indicators', { step: `feedback-${tally.type}` });
  return added;
}

/**
 * Counts one dossier event into the indicators of the dossier's receiving unit (and the units
 * above it), its procedure and the province, for the event's month, quarter and year; once,
 * however often the event arrives. Returns whether it added anything.
 */
export async function countEvent(event: DossierEvent, now: Date): Promise<boolean> {
  const dossier = await getDossier(event.code);
  if (!dossier) throw new Error(`event ${event.eventId} names an unknown dossier ${event.code}`);
  const facts = factsOf(dossier);
  const counts = countsFor(event, facts, await workingCalendar());
  if (Object.keys(counts).length === 0) return false;
  const periods = periodsOf(event.at);
  const additions = inEveryPeriod(scopesOf(facts, await ancestorsOf(facts.receivingUnit)), periods, counts);
  const added = await countOnce(
    event.eventId,
    [...additions, ...officerAdditions(event, counts, periods)],
    now,
    letterOf(event, facts, periods[0]!),
  );
  if (added) count('Indicators', { step: event.type });
  return added;
}

/** An extension's apology letter, for the month's public list. */
function letterOf(event: DossierEvent, facts: DossierFacts, month: string): LateLetter | undefined {
  if (event.type !== 'extendDeadline') return undefined;
  const { reason, newDueAt } = event.data as { reason?: string; newDueAt?: string };
  return {
    month,
    code: event.code,
    procedureCode: facts.procedureCode,
    unit: facts.receivingUnit,
    at: event.at,
    reason: reason ?? '',
    newDueAt: newDueAt ?? '',
  };
}

/** An officer who resolved a dossier: their own handled and on-time counts, at their unit. */
function officerAdditions(
  event: DossierEvent,
  counts: Partial<Counts>,
  periods: readonly string[],
): Addition[] {
  const { actor } = event;
  if (!(counts.resolved && actor.role === 'officer' && 'unit' in actor && actor.unit)) return [];
  const mine = {
    resolved: counts.resolved,
    ...(counts.onTime ? { onTime: counts.onTime } : { late: counts.late }),
  };
  return periods.map((period) => ({ key: officerKey(actor.unit!, actor.sub, period), counts: mine }));
}

import type { DossierEvent } from '../domain/dossier-events.ts';
import type { FeedbackTally } from '../domain/feedback.ts';
import {
  type Counts,
  countsFor,
  countsForFeedback,
  type DossierFacts,
  feedbackMarkFor,
  feedbackScopesOf,
  type MarkFact,
  marked,
  markFor,
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
  type LateDossier,
  type MarksWrite,
  officerKey,
  readMarks,
} from '../persistence/indicators.ts';

/** What of a dossier the counters need: what does not change, when it was received, and how it ended. */
export function factsOf(dossier: DossierRecord): DossierFacts {
  return {
    procedureCode: dossier.procedureCode,
    receivingUnit: dossier.receivingUnit,
    digitised: dossier.digitisation.components,
    ...(dossier.filedAtDesk ? { atDesk: true } : {}),
    ...(dossier.receivedAt ? { receivedAt: dossier.receivedAt } : {}),
    ...(dossier.endedAt
      ? {
          ended: {
            timeliness: dossier.timeliness,
            supplementRequests: dossier.supplementRequests,
            receivedAt: dossier.receivedAt,
            endedAt: dossier.endedAt,
            pausedDays: dossier.pausedDays,
            extensions: dossier.extensions,
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

/** How often an event reads its dossier's marks again when another event changed them meanwhile. */
const MARK_TRIES = 5;

/**
 * Makes an event's additions once, with what it changes of its dossier's marks (and the
 * additions that change brings: a dossier becoming unhappy counts where it was resolved). When
 * another event changed the marks between the read and the write, reads them again.
 */
async function countWithMarks(
  eventId: string,
  additions: readonly Addition[],
  now: Date,
  also: { late?: LateDossier; mark?: { code: string; fact: MarkFact } },
): Promise<boolean> {
  for (let tried = 1; ; tried += 1) {
    let marks: MarksWrite | undefined;
    let more: Addition[] = [];
    if (also.mark) {
      const read = await readMarks(also.mark.code);
      const next = marked(read.marks, also.mark.fact);
      if (next.changed) marks = { code: also.mark.code, marks: next.marks, readVersion: read.version };
      more = next.additions.map(({ scope, period, counts }) => ({ key: counterKey(scope, period), counts }));
    }
    const outcome = await countOnce(eventId, [...additions, ...more], now, {
      ...(also.late ? { late: also.late } : {}),
      ...(marks ? { marks } : {}),
    });
    if (outcome !== 'marks-changed') return outcome === 'counted';
    if (tried >= MARK_TRIES)
      throw new Error(
        `the marks of dossier ${also.mark!.code} kept changing while event ${eventId} was counted`,
      );
  }
}

/**
 * Counts a step of feedback into its unit's (and those above), its dossier's procedure's and the
 * province's, once; a complaint also marks its dossier, which counts as unhappy once whatever
 * the number of complaints.
 */
export async function countFeedback(tally: FeedbackTally, now: Date): Promise<boolean> {
  const counts = countsForFeedback(tally);
  const mark = feedbackMarkFor(tally);
  if (Object.keys(counts).length === 0 && !mark) return false;
  const additions = inEveryPeriod(
    feedbackScopesOf(tally, await ancestorsOf(tally.unit)),
    periodsOf(tally.at),
    counts,
  );
  const added = await countWithMarks(tally.eventId, additions, now, mark ? { mark } : {});
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
  const periods = periodsOf(event.at);
  const scopes = scopesOf(facts, await ancestorsOf(facts.receivingUnit));
  const fact = markFor(event, counts, { scopes, periods });
  if (Object.keys(counts).length === 0 && !fact) return false;
  const late = lateOf(dossier, counts, periods[0]!);
  const added = await countWithMarks(
    event.eventId,
    [...inEveryPeriod(scopes, periods, counts), ...officerAdditions(event, counts, periods)],
    now,
    { ...(late ? { late } : {}), ...(fact ? { mark: { code: event.code, fact } } : {}) },
  );
  if (added) count('Indicators', { step: event.type });
  return added;
}

/** A dossier resolved late, for the month's public list: whether it had its apology letter, and the letter's public part. */
function lateOf(dossier: DossierRecord, counts: Partial<Counts>, month: string): LateDossier | undefined {
  if (!counts.late) return undefined;
  return {
    month,
    code: dossier.code,
    procedureCode: dossier.procedureCode,
    unit: dossier.receivingUnit,
    dueAt: dossier.legalDueAt ?? dossier.dueAt ?? '',
    endedAt: dossier.endedAt ?? '',
    apologised: Boolean(counts.lateApologised),
    ...(dossier.apology ? { apology: dossier.apology } : {}),
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

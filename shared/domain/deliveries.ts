import { STATE_NAMES } from './dossier.ts';
import type { DossierEvent } from './dossier-events.ts';

/**
 * What leaves the deployment for other systems: each dossier event, to every webhook
 * subscribed to it, to the national portal, and (a hop to a unit outside) to that unit's
 * system. One delivery per target and event, retried on a schedule of more than a day and
 * in order per dossier. Pure: the consumer reads, sends and records.
 */

/**
 * The wait before each retry, in seconds (the Standard Webhooks schedule: 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h): the last attempt comes 27 h 35 min 5 s after the first.
 */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** A target's delivery that has failed this long is given up, and its subscription paused. */
export const GIVE_UP_AFTER_MS = 24 * 3600 * 1000;

/**
 * The wait before the next attempt after `failures` failed ones (the schedule scaled, for
 * a runtime that cannot wait hours), or nothing once the schedule is spent.
 */
export function retryDelaySeconds(failures: number, scale = 1): number | undefined {
  const wait = RETRY_SCHEDULE_SECONDS[failures - 1];
  return wait === undefined ? undefined : Math.ceil(wait * scale);
}

/** Where a delivery goes: a webhook subscription, the national portal, or a unit's system. */
export type Target = `webhook:${string}` | 'portal' | `unit:${string}`;

export const EVENT_TYPES = [
  'submit',
  'filesReceived',
  'receive',
  'refuse',
  'startProcessing',
  'requestSupplement',
  'supplement',
  'requestPayment',
  'confirmPayment',
  'paymentConfirmed',
  'transfer',
  'returnFromTransfer',
  'handoffDelivered',
  'handoffFailed',
  'externalProgress',
  'stop',
  'withdraw',
  'complete',
  'returnResult',
  'extendDeadline',
] as const satisfies readonly DossierEvent['type'][];

export type EventType = (typeof EVENT_TYPES)[number];

export interface Subscription {
  id: string;
  integrator: string;
  /** The integrator's owning unit: told when the subscription is paused. */
  ownerUnit: string;
  url: string;
  /** `dossier.<event type>` names, e.g. `dossier.receive`. */
  eventTypes: string[];
  units?: string[];
  procedures?: string[];
  /**
   * `whsec_` and the base64 of 24 random bytes, what signs `v1`: kept sealed with the
   * province's key (shared/signing/sealer.ts), never in the clear.
   */
  secret: string;
  /** The secret a rotation replaced, sealed too, still signing beside the new one until `until`. */
  previousSecret?: { secret: string; until: string };
  status: 'active' | 'paused';
  createdAt: string;
  pausedAt?: string;
  pauseReason?: string;
}

/** What a subscriber is sent of an event: where the dossier is, never who filed it. */
export interface WebhookPayload {
  type: `dossier.${string}`;
  timestamp: string;
  data: {
    code: string;
    procedureCode: string;
    seq: number;
    step: DossierEvent['type'];
    at: string;
    fromState?: number;
    toState: number;
    stateName: string;
    fromUnit?: string;
    toUnit: string;
    /** The dossier's code in the channel that filed it (the national portal's MaHoSo), if any. */
    MaHoSo?: string;
  };
}

/** How long a rotated secret still signs beside the new one: a receiver has a day to switch. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** The (sealed) secrets that sign a delivery now: the current one, and the one it replaced while the overlap lasts. */
export function secretsInForce(
  subscription: Pick<Subscription, 'secret' | 'previousSecret'>,
  now: Date,
): string[] {
  const previous = subscription.previousSecret;
  return [
    subscription.secret,
    ...(previous && now.getTime() < Date.parse(previous.until) ? [previous.secret] : []),
  ];
}

export const webhookTarget = (subscription: Pick<Subscription, 'integrator' | 'id'>): Target =>
  `webhook:${subscription.integrator}/${subscription.id}`;

export const webhookType = (type: DossierEvent['type']): `dossier.${string}` => `dossier.${type}`;

/** Whether a subscription takes an event of a dossier of this procedure, at these units. */
export function subscribed(
  subscription: Pick<Subscription, 'eventTypes' | 'units' | 'procedures' | 'status'>,
  event: Pick<DossierEvent, 'type'>,
  dossier: { procedureCode: string; units: readonly string[] },
): boolean {
  if (!subscription.eventTypes.includes(webhookType(event.type))) return false;
  if (subscription.procedures && !subscription.procedures.includes(dossier.procedureCode)) return false;
  if (subscription.units && !dossier.units.some((unit) => subscription.units!.includes(unit))) return false;
  return true;
}

/**
 * The targets of one event: the subscriptions that take it (paused ones too: their
 * deliveries wait, held, for the subscription to resume), the national portal when the
 * province has one, and the system of an outside unit a hop was queued for.
 */
export function targetsOf(
  event: DossierEvent,
  dossier: { procedureCode: string; units: readonly string[]; fromPortal?: boolean },
  subscriptions: readonly Subscription[],
  portal: boolean,
): Target[] {
  const hooks = subscriptions
    .filter((subscription) => subscribed(subscription, event, dossier))
    .map(webhookTarget);
  const queuedOutside = isQueuedOutside(event);
  return [
    ...hooks,
    ...(portal && toPortal(event) && !(dossier.fromPortal && event.type === 'submit')
      ? (['portal'] as const)
      : []),
    ...(queuedOutside ? [`unit:${event.toUnit}` as const] : []),
  ];
}

/** Whether any target could take the event, whatever its dossier: if not, nothing need be read. */
export function mayInterest(
  event: DossierEvent,
  subscriptions: readonly Subscription[],
  portal: boolean,
): boolean {
  return (
    (portal && toPortal(event)) ||
    isQueuedOutside(event) ||
    subscriptions.some((subscription) => subscription.eventTypes.includes(webhookType(event.type)))
  );
}

/**
 * The portal follows a dossier's progress; an applicant's rating is not a step of it. (Nor is
 * the submission of a dossier the portal filed itself: it has it already.)
 */
const toPortal = (event: Pick<DossierEvent, 'type'>) => event.type !== 'rate';

const isQueuedOutside = (event: DossierEvent) =>
  event.type === 'handoffDelivered' && event.data.status === 'queued-external';

export function webhookPayload(
  event: DossierEvent,
  procedureCode: string,
  sentAt: Date,
  reference?: string,
): WebhookPayload {
  return {
    type: webhookType(event.type),
    timestamp: sentAt.toISOString(),
    data: {
      code: event.code,
      procedureCode,
      seq: event.seq,
      step: event.type,
      at: event.at,
      ...(event.fromState ? { fromState: event.fromState } : {}),
      toState: event.toState,
      stateName: STATE_NAMES[event.toState],
      ...(event.fromUnit ? { fromUnit: event.fromUnit } : {}),
      toUnit: event.toUnit,
      ...(reference ? { MaHoSo: reference } : {}),
    },
  };
}

export interface Attempt {
  at: string;
  /** The answer's HTTP status, when there was one. */
  status?: number;
  /** Why it failed without an answer (refused target, timeout, connection). */
  error?: string;
  ok: boolean;
}

/**
 * One event for one target. `pending` until a 2xx; `held` while its subscription is paused;
 * `failed` once the retry schedule is spent.
 */
export interface Delivery {
  target: Target;
  /** The `webhook-id`: the same on every attempt, so that the receiver can tell a repeat. */
  id: string;
  code: string;
  procedureCode: string;
  /** The dossier's code in the channel that filed it, for the webhook's MaHoSo. */
  reference?: string;
  event: DossierEvent;
  status: 'pending' | 'delivered' | 'held' | 'failed';
  attempts: Attempt[];
  /** Where the current series of attempts began: a replay starts the schedule again. */
  seriesFrom: number;
  createdAt: string;
  deliveredAt?: string;
}

/** What to do after an attempt: done, wait and try again, or give up. */
export type Next = { kind: 'delivered' } | { kind: 'retry'; afterSeconds: number } | { kind: 'give-up' };

export function afterAttempt(
  delivery: Pick<Delivery, 'attempts' | 'seriesFrom'>,
  attempt: Attempt,
  scale = 1,
): Next {
  if (attempt.ok) return { kind: 'delivered' };
  const failures = [...delivery.attempts.slice(delivery.seriesFrom), attempt].length;
  const wait = retryDelaySeconds(failures, scale);
  return wait === undefined ? { kind: 'give-up' } : { kind: 'retry', afterSeconds: wait };
}

/** Where a dossier stands with one target: every event taken, some still going, or one given up. */
export interface TargetSync {
  target: Target;
  status: 'synced' | 'pending' | 'held' | 'failed';
  events: number;
  delivered: number;
  lastAttempt?: Attempt;
  /** Why the failed (or still failing) delivery did not go: the last answer, or its error. */
  reason?: string;
}

const why = (attempt: Attempt | undefined) =>
  attempt && !attempt.ok ? (attempt.status ? `answered ${attempt.status}` : attempt.error) : undefined;

/** A dossier's deliveries, summed up per target in the order the targets were first sent to. */
export function syncByTarget(deliveries: readonly Delivery[]): TargetSync[] {
  const byTarget = new Map<Target, Delivery[]>();
  for (const delivery of deliveries)
    byTarget.set(delivery.target, [...(byTarget.get(delivery.target) ?? []), delivery]);
  return [...byTarget].map(([target, mine]) => {
    const has = (status: Delivery['status']) => mine.some((delivery) => delivery.status === status);
    const status = has('failed') ? 'failed' : has('pending') ? 'pending' : has('held') ? 'held' : 'synced';
    const stuck = mine.find((delivery) => delivery.status === 'failed' || delivery.status === 'pending');
    const lastAttempt = mine
      .flatMap((delivery) => delivery.attempts)
      .sort((a, b) => a.at.localeCompare(b.at))
      .at(-1);
    const reason = why(stuck?.attempts.at(-1));
    return {
      target,
      status,
      events: mine.length,
      delivered: mine.filter((delivery) => delivery.status === 'delivered').length,
      ...(lastAttempt ? { lastAttempt } : {}),
      ...(reason ? { reason } : {}),
    };
  });
}

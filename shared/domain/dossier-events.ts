import type { Command } from './action-inputs.ts';
import type { Actor, Change, Dossier, NationalState, SystemActor } from './dossier.ts';
import { eventHash, GENESIS } from './history.ts';

/** One entry of a dossier's history: who did what, when, from which unit to which. */
export interface DossierEvent {
  seq: number;
  eventId: string;
  code: string;
  type: Command['action'] | 'submit' | HopEventType | IntegratorEventType | FilesEventType | 'rate';
  at: string;
  actor: Actor | SystemActor;
  fromState?: NationalState;
  toState: NationalState;
  fromUnit?: string;
  toUnit: string;
  note?: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** The file consumer's entry: every file another channel named has its verdict. */
export type FilesEventType = 'filesReceived';

/** Who fetches and checks the files another channel names. */
export const CHANNEL_FILES: SystemActor = { sub: 'system:channel-files', role: 'system' };

/** The submissions whose files are fetched before reception, and so reach the `channelFiles` queue. */
export const fetchesFiles = (event: Pick<DossierEvent, 'type' | 'data'>): boolean =>
  event.type === 'submit' && typeof event.data.filesToFetch === 'number' && event.data.filesToFetch > 0;

/** The hand-off consumer's entries: a hop landed in the receiving unit's inbox, or failed. */
export type HopEventType = 'handoffDelivered' | 'handoffFailed';

/**
 * What integrators record: a payment platform's confirmation of a fee, a sector system's
 * step on a dossier at its unit.
 */
export type IntegratorEventType = 'paymentConfirmed' | 'externalProgress';

/** An integrator, as history entries name it. */
export const integratorActor = (id: string): SystemActor => ({ sub: `integrator:${id}`, role: 'system' });

/** The event types that send a hop, and so reach the `handoffs` queue. */
export const HOP_SENDING_EVENTS: readonly DossierEvent['type'][] = ['transfer', 'returnFromTransfer'];

/**
 * Whether an event sent a hop: a transfer or a return, or a reception that routed the dossier
 * on to the unit competent to decide it (its history entry names that unit as where it goes).
 */
export const sendsHop = (event: Pick<DossierEvent, 'type' | 'fromUnit' | 'toUnit'>): boolean =>
  HOP_SENDING_EVENTS.includes(event.type) || (event.type === 'receive' && event.toUnit !== event.fromUnit);

/** Who writes the hand-off entries. */
export const HANDOFFS: SystemActor = { sub: 'system:handoffs', role: 'system' };

export interface Chain {
  eventCount: number;
  lastEventHash: string;
}

export const emptyChain: Chain = { eventCount: 0, lastEventHash: GENESIS };

/** The next link of the chain for a change of the dossier. */
export function chainEvent(
  chain: Chain,
  fields: Omit<DossierEvent, 'seq' | 'prevHash' | 'hash'>,
): { event: DossierEvent; chain: Chain } {
  const unhashed = { ...fields, seq: chain.eventCount + 1, prevHash: chain.lastEventHash };
  const event = { ...unhashed, hash: eventHash(unhashed) } as DossierEvent;
  return { event, chain: { eventCount: event.seq, lastEventHash: event.hash } };
}

/** The history entry of a submission; it commits to the application by its hash. */
export function submissionEvent(
  dossier: Dossier,
  actor: Actor,
  eventId: string,
  applicationHash: string,
  how: {
    /** Filed by an officer at the desk for the applicant, who came thus. */
    atDesk?: 'in-person' | 'post' | undefined;
    /** Files another channel named by address, to fetch before reception. */
    filesToFetch?: number;
  } = {},
) {
  return chainEvent(emptyChain, {
    eventId,
    code: dossier.code,
    type: 'submit',
    at: dossier.submittedAt,
    actor,
    toState: dossier.state,
    toUnit: dossier.currentUnit,
    data: {
      procedureCode: dossier.procedureCode,
      applicationHash,
      ...(how.atDesk ? { filedAtDesk: how.atDesk } : {}),
      ...(how.filesToFetch ? { filesToFetch: how.filesToFetch } : {}),
    },
  });
}

/** The history entry of a transition, with the inputs that shaped it. */
export function transitionEvent(
  chain: Chain,
  change: Change,
  command: Command,
  actor: Actor,
  at: Date,
  eventId: string,
) {
  const { action: _action, note, ...inputs } = command as Command & { note?: string };
  const { dossier } = change;
  return chainEvent(chain, {
    eventId,
    code: dossier.code,
    type: command.action,
    at: at.toISOString(),
    actor,
    fromState: change.fromState,
    toState: change.toState,
    fromUnit: change.fromUnit,
    toUnit: change.toUnit,
    ...(note ? { note } : {}),
    data: { ...inputs, ...(dossier.dueAt ? { dueAt: dossier.dueAt } : {}), version: dossier.version },
  });
}

/** The history entry of a hop's delivery or failure, from the dossier before and after (its last hop). */
export function hopEvent(
  type: HopEventType,
  before: Dossier & Chain,
  after: Dossier,
  at: Date,
  eventId: string,
) {
  const hop = after.hops.at(-1)!;
  return chainEvent(before, {
    eventId,
    code: after.code,
    type,
    at: at.toISOString(),
    actor: HANDOFFS,
    fromState: before.state,
    toState: after.state,
    fromUnit: hop.fromUnit,
    toUnit: hop.toUnit,
    data: {
      hop: hop.seq,
      kind: hop.kind,
      status: hop.status,
      ...(hop.dueAt ? { stepDueAt: hop.dueAt } : {}),
      ...(hop.failure ? { reason: hop.failure.reason } : {}),
      ...(after.dueAt ? { dueAt: after.dueAt } : {}),
      version: after.version,
    },
  });
}

/**
 * The history entry of a step outside the state machine's actions: an integrator's (a
 * payment, a sector system's progress) or an applicant's rating (with what it replaces).
 */
export function sideEvent(
  type: IntegratorEventType | FilesEventType | 'rate',
  before: Dossier & Chain,
  after: Dossier,
  actor: Actor | SystemActor,
  at: Date,
  eventId: string,
  data: Record<string, unknown>,
) {
  return chainEvent(before, {
    eventId,
    code: after.code,
    type,
    at: at.toISOString(),
    actor,
    fromState: before.state,
    toState: after.state,
    fromUnit: before.currentUnit,
    toUnit: after.currentUnit,
    data: { ...data, version: after.version },
  });
}

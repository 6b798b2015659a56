import { createHash, randomUUID } from 'node:crypto';
import type { Unit } from '../domain/catalog.ts';
import type { Hop, HopFailure } from '../domain/dossier.ts';
import { type DossierEvent, type HopEventType, hopEvent } from '../domain/dossier-events.ts';
import { DomainError } from '../domain/errors.ts';
import {
  deliverHop,
  failHop,
  hopReceiptClaims,
  pendingHop,
  stepAllowanceHours,
  stepDueDate,
} from '../domain/handoffs.ts';
import { canonicalJson } from '../domain/history.ts';
import { sendToDeadLetters } from '../messaging/queues.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { getUnits, recentProcedure } from '../persistence/catalog.ts';
import { type DossierRecord, getDossier, saveTransition } from '../persistence/dossiers.ts';
import { queueOutbound } from '../persistence/outbound.ts';
import { HOP_RECEIPT_TYPE, signReceipt } from '../signing/receipts.ts';

export type HandoffOutcome = 'delivered' | 'queued-external' | 'failed' | 'already-handled';

const ATTEMPTS = 3;

/**
 * Takes one hop to its receiving unit: into the unit's inbox with the step's deadline and a
 * signed hop receipt, or to the outbound queue of a unit outside this deployment. A hop to a
 * unit that is unknown or disabled puts the dossier back at the sending unit, flagged, and
 * the message in the DLQ with the reason. Any number of deliveries of the same message
 * have the effect of one.
 */
export async function handOff(event: DossierEvent, messageId: string, now: Date): Promise<HandoffOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await handOffOnce(event, messageId, now);
    } catch (error) {
      // A citizen's withdrawal may have moved the dossier since it was read: read it again.
      // Only that is worth a retry here; anything else goes back to the queue.
      const stale = error instanceof DomainError && error.kind === 'stale-version';
      if (!stale || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function handOffOnce(event: DossierEvent, messageId: string, now: Date): Promise<HandoffOutcome> {
  const dossier = await getDossier(event.code);
  if (!dossier) throw new Error(`hop ${event.code}#${event.seq} names an unknown dossier`);
  const hop = pendingHop(dossier, event.seq);
  if (!hop) return 'already-handled';
  const unit = (await getUnits([hop.toUnit])).get(hop.toUnit);
  if (unit && !unit.disabled) return deliver(dossier, hop, event, unit, now);
  const problem: HopFailure = unit ? 'disabled-unit' : 'unknown-unit';
  // Flag once; a redelivery after a crash, or a redrive before the fix, only re-files it.
  if (hop.status === 'sent') await save(dossier, failHop(dossier, hop, problem, now), 'handoffFailed', now);
  await sendToDeadLetters('handoffs', event, `${problem} ${hop.toUnit}`, {
    groupId: event.code,
    deduplicationId: messageId,
  });
  return 'failed';
}

async function deliver(
  dossier: DossierRecord,
  hop: Hop,
  sentBy: DossierEvent,
  unit: Unit,
  now: Date,
): Promise<HandoffOutcome> {
  const stepDueAt = hop.kind === 'transfer' ? await stepDeadline(dossier, hop, now) : undefined;
  const stateHash = createHash('sha256').update(canonicalJson(dossier)).digest('hex');
  const claims = hopReceiptClaims(dossier, hop, now, { stateHash, eventHash: sentBy.hash });
  const receipt = await signReceipt({ ...claims, ...(stepDueAt ? { stepDueAt } : {}) }, HOP_RECEIPT_TYPE);
  const external = unit.external === true;
  const next = deliverHop(dossier, hop, {
    at: now,
    receipt,
    external,
    ...(stepDueAt ? { dueAt: stepDueAt } : {}),
  });
  const outbound = external
    ? [
        queueOutbound(
          {
            code: dossier.code,
            hop: hop.seq,
            fromUnit: hop.fromUnit,
            toUnit: hop.toUnit,
            sentAt: hop.sentAt,
            receipt,
          },
          now,
        ),
      ]
    : [];
  await save(dossier, next, 'handoffDelivered', now, outbound);
  return external ? 'queued-external' : 'delivered';
}

/** The receiving unit's deadline: the procedure's allowance for it, or a share of the total. */
async function stepDeadline(dossier: DossierRecord, hop: Hop, now: Date): Promise<string> {
  const procedure = await recentProcedure(dossier.procedureCode, now);
  const hours = stepAllowanceHours(
    {
      processingDays: dossier.clock.processingDays,
      ...(procedure?.stepHours ? { stepHours: procedure.stepHours } : {}),
    },
    hop.toUnit,
  );
  return stepDueDate(now, hours, dossier.dueAt, await workingCalendar()).toISOString();
}

async function save(
  before: DossierRecord,
  after: DossierRecord,
  type: HopEventType,
  now: Date,
  also: Parameters<typeof saveTransition>[3] = [],
): Promise<void> {
  const { event, chain } = hopEvent(type, before, after, now, randomUUID());
  await saveTransition({ ...after, ...chain }, before.version, event, also);
}

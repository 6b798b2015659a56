import * as z from 'zod';
import type { Action } from './actions.ts';
import { AgencyCode } from './codes.ts';
import { EXTENSION_REASONS } from './deadline.ts';

/**
 * What each action on a dossier takes, as schemas: parsed where a request names an action,
 * and kept apart from the state machine so that a function that never parses one does not
 * build them.
 */
const Note = z.string().trim().max(2000).optional();
const Reason = z.string().trim().min(1).max(2000);
const Line = z.string().trim().min(1).max(300);

/** Files named for a dossier component: the uploads made for it. */
export const ComponentFiles = z
  .array(
    z.strictObject({
      componentId: z.string().min(1).max(64),
      uploadIds: z.array(z.string().max(100)).max(20),
    }),
  )
  .max(50);

const input = <A extends Action, S extends z.ZodRawShape>(action: A, shape: S) =>
  z.strictObject({ action: z.literal(action), ...shape }).meta({ id: `${action}Action` });

/**
 * What each action takes, beside the dossier it acts on: one schema per action, so that a
 * transfer cannot be asked for without the unit it goes to.
 */
export const ACTION_INPUTS = {
  receive: input('receive', { note: Note }),
  refuse: input('refuse', { note: Note, reason: Reason }),
  startProcessing: input('startProcessing', { note: Note }),
  requestSupplement: input('requestSupplement', { note: Note, items: z.array(Line).min(1).max(50) }),
  requestPayment: input('requestPayment', { note: Note, amount: z.int().min(1).max(10_000_000_000) }),
  confirmPayment: input('confirmPayment', { note: Note }),
  transfer: input('transfer', { note: Note, toUnit: AgencyCode }),
  returnFromTransfer: input('returnFromTransfer', { note: Note }),
  stop: input('stop', { note: Note, reason: Reason }),
  complete: input('complete', {
    note: Note,
    resultSummary: z.string().trim().min(1).max(4000),
    resultUploadIds: z.array(z.uuid()).max(20).optional(),
  }),
  returnResult: input('returnResult', { note: Note }),
  /**
   * Văn bản xin lỗi và đề nghị gia hạn: the reason, its category, and the new due date. The
   * public page shows the category and the reason scrubbed of personal data.
   */
  extendDeadline: input('extendDeadline', {
    note: Note,
    reason: Reason,
    reasonCategory: z.enum(EXTENSION_REASONS).default('other').meta({
      description:
        'What the public page says of the delay: workload, verification, other-agency (waiting for another agency), force-majeure or other',
    }),
    newDueAt: z.iso.datetime(),
  }),
  withdraw: input('withdraw', { reason: Reason }),
  supplement: input('supplement', { note: Note, components: ComponentFiles.default([]) }),
} as const satisfies { [A in Action]: z.ZodObject<{ action: z.ZodLiteral<A> }> };

/** One action with its input. */
export type Command = z.output<(typeof ACTION_INPUTS)[Action]>;

/** An officer's action, told apart by `action` (the last segment of the route's path). */
export const OfficerActionInput = z.discriminatedUnion('action', [
  ACTION_INPUTS.receive,
  ACTION_INPUTS.refuse,
  ACTION_INPUTS.startProcessing,
  ACTION_INPUTS.requestSupplement,
  ACTION_INPUTS.requestPayment,
  ACTION_INPUTS.confirmPayment,
  ACTION_INPUTS.transfer,
  ACTION_INPUTS.returnFromTransfer,
  ACTION_INPUTS.stop,
  ACTION_INPUTS.complete,
  ACTION_INPUTS.returnResult,
  ACTION_INPUTS.extendDeadline,
]);

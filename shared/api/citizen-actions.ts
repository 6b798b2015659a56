import { ACTION_INPUTS } from '../domain/action-inputs.ts';
import { AttachedComponents } from './submission.ts';

/** The bodies of a citizen's actions on their dossier: withdrawing it, answering a supplement request. */
export const WithdrawBody = ACTION_INPUTS.withdraw.omit({ action: true }).meta({ id: 'Withdrawal' });

export const SupplementBody = ACTION_INPUTS.supplement
  .omit({ action: true })
  .extend({ components: AttachedComponents.default([]) })
  .meta({ id: 'SupplementAnswer' });

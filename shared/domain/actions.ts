/** The actions on a dossier, by who takes them: the names the state machine and the inputs share. */
export const OFFICER_ACTIONS = [
  'receive',
  'refuse',
  'startProcessing',
  'requestSupplement',
  'requestPayment',
  'confirmPayment',
  'transfer',
  'returnFromTransfer',
  'stop',
  'complete',
  'returnResult',
  'extendDeadline',
] as const;
export const CITIZEN_ACTIONS = ['withdraw', 'supplement'] as const;

export type Action = (typeof OFFICER_ACTIONS)[number] | (typeof CITIZEN_ACTIONS)[number];

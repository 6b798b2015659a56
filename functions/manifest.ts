import type { Manifest } from '../shared/manifest-types.ts';
import { citizensSignUp, staffNeedSecondFactor } from './accounts/spec.ts';
import { seedCatalog } from './catalog/spec.ts';
import { devOutbox } from './dev/spec.ts';
import { apiDocs, apiDocsScript } from './docs/spec.ts';
import {
  actOnDossier,
  controlSlip,
  dossierHistory,
  dossierReceipt,
  downloadFile,
  getDossier,
  listMyDossiers,
  lookupDossier,
  submitDossier,
  supplementDossier,
  unitInbox,
  withdrawDossier,
} from './dossiers/spec.ts';
import { deliverHandoffs } from './handoffs/spec.ts';
import { health } from './health/spec.ts';
import { checkpointHistory } from './history/spec.ts';
import {
  confirmContact,
  markNotificationsRead,
  myNotifications,
  putPreferences,
  requestContactCode,
} from './me/spec.ts';
import { deliverNotifications, routeNotifications } from './notifications/spec.ts';
import { openapi } from './openapi/spec.ts';
import { publishEvents } from './outbox/spec.ts';
import { sweepOverdue } from './overdue/spec.ts';
import { getProcedure, listProcedures, putProcedure } from './procedures/spec.ts';
import { receiptKeys, verifyReceipt } from './receipts/spec.ts';
import { expireUploads, requestUpload, verifyUpload } from './uploads/spec.ts';

/**
 * THE list of functions. The CDK stack and the local runtime both derive everything from
 * it: routes and who may call them, queue and stream triggers, and the resources each
 * function is granted (and told about through its environment). Each entry is written in its
 * capability's spec.ts, so that a handler loads its own route's schemas and no other.
 */
export const manifest = {
  health,
  openapi,
  apiDocs,
  apiDocsScript,
  listProcedures,
  getProcedure,
  putProcedure,
  seedCatalog,
  submitDossier,
  listMyDossiers,
  getDossier,
  withdrawDossier,
  supplementDossier,
  actOnDossier,
  unitInbox,
  dossierHistory,
  dossierReceipt,
  controlSlip,
  lookupDossier,
  downloadFile,
  receiptKeys,
  verifyReceipt,
  requestUpload,
  verifyUpload,
  routeNotifications,
  deliverNotifications,
  deliverHandoffs,
  myNotifications,
  markNotificationsRead,
  requestContactCode,
  confirmContact,
  putPreferences,
  devOutbox,
  sweepOverdue,
  checkpointHistory,
  expireUploads,
  staffNeedSecondFactor,
  citizensSignUp,
  publishEvents,
} as const satisfies Manifest;

export type FunctionName = keyof typeof manifest;

import type { Manifest } from '../shared/manifest-types.ts';
import { citizensSignUp } from './accounts/post-confirmation.manifest.ts';
import { staffNeedSecondFactor } from './accounts/pre-token.manifest.ts';
import { seedCatalog } from './catalog/seed.manifest.ts';
import { syncCatalogNow } from './catalog/sync.manifest.ts';
import { syncCatalogWeekly } from './catalog/weekly.manifest.ts';
import { fetchChannelFiles } from './channel-files/fetch.manifest.ts';
import { sendDeliveries } from './deliveries/send.manifest.ts';
import { sendWebhooks } from './deliveries/send-webhooks.manifest.ts';
import { devFailures } from './dev/failures.manifest.ts';
import { devOutbox } from './dev/outbox.manifest.ts';
import { devReceive } from './dev/receive.manifest.ts';
import { devReceived } from './dev/received.manifest.ts';
import { apiDocs } from './docs/page.manifest.ts';
import { apiDocsScript } from './docs/script.manifest.ts';
import { actOnDossier } from './dossiers/act.manifest.ts';
import { controlSlip } from './dossiers/control-slip.manifest.ts';
import { fileAtDesk } from './dossiers/desk.manifest.ts';
import { dossierDocument } from './dossiers/document.manifest.ts';
import { downloadFile } from './dossiers/download.manifest.ts';
import { getDossier } from './dossiers/get.manifest.ts';
import { dossierHistory } from './dossiers/history.manifest.ts';
import { unitInbox } from './dossiers/inbox.manifest.ts';
import { listMyDossiers } from './dossiers/list-mine.manifest.ts';
import { lookupDossier } from './dossiers/lookup.manifest.ts';
import { rateDossier } from './dossiers/rate.manifest.ts';
import { dossierReceipt } from './dossiers/receipt.manifest.ts';
import { submitDossier } from './dossiers/submit.manifest.ts';
import { supplementDossier } from './dossiers/supplement.manifest.ts';
import { dossierSync } from './dossiers/sync.manifest.ts';
import { withdrawDossier } from './dossiers/withdraw.manifest.ts';
import { actOnFeedback } from './feedback/act.manifest.ts';
import { downloadFeedbackFile } from './feedback/file.manifest.ts';
import { getFeedback } from './feedback/get.manifest.ts';
import { unitFeedback } from './feedback/inbox.manifest.ts';
import { publishedFeedback } from './feedback/published.manifest.ts';
import { submitFeedback } from './feedback/submit.manifest.ts';
import { voteOnFeedback } from './feedback/vote.manifest.ts';
import { deliverHandoffs } from './handoffs/deliver.manifest.ts';
import { health } from './health/get.manifest.ts';
import { checkpointHistory } from './history/checkpoint.manifest.ts';
import { countIndicators } from './indicators/count.manifest.ts';
import { getIndicators } from './indicators/get.manifest.ts';
import { integrationDossier } from './integrations/dossier.manifest.ts';
import { integrationPayment } from './integrations/payment.manifest.ts';
import { pullPortal } from './integrations/pull.manifest.ts';
import { integrationStep } from './integrations/step.manifest.ts';
import { integrationSubmit } from './integrations/submit.manifest.ts';
import { addIntegratorKey } from './integrators/add-key.manifest.ts';
import { createIntegrator } from './integrators/create.manifest.ts';
import { getIntegrator } from './integrators/get.manifest.ts';
import { listIntegrators } from './integrators/list.manifest.ts';
import { paymentsForReview } from './integrators/payments-review.manifest.ts';
import { revokeIntegratorKey } from './integrators/revoke-key.manifest.ts';
import { updateIntegrator } from './integrators/update.manifest.ts';
import { leaderDashboard } from './leaders/dashboard.manifest.ts';
import { confirmContact } from './me/confirm-contact.manifest.ts';
import { requestContactCode } from './me/contacts.manifest.ts';
import { myDataAccess } from './me/data-access.manifest.ts';
import { discardDraft, getDraft, listDrafts, prefillApplication, saveDraft } from './me/drafts.manifest.ts';
import { myNotifications } from './me/notifications.manifest.ts';
import { putPreferences } from './me/preferences.manifest.ts';
import { markNotificationsRead } from './me/read.manifest.ts';
import { deliverNotifications } from './notifications/deliver.manifest.ts';
import { routeNotifications } from './notifications/route.manifest.ts';
import { openapi } from './openapi/get.manifest.ts';
import { publishEvents } from './outbox/publish.manifest.ts';
import { sweepOverdue } from './overdue/sweep.manifest.ts';
import { getProcedure } from './procedures/get.manifest.ts';
import { listProcedures } from './procedures/list.manifest.ts';
import { putProcedure } from './procedures/put.manifest.ts';
import { transparencyPage } from './public/transparency.manifest.ts';
import { receiptKeys } from './receipts/jwks.manifest.ts';
import { verifyReceipt } from './receipts/verify.manifest.ts';
import { syncHealthRoute } from './sync/health.manifest.ts';
import { expireUploads } from './uploads/expire.manifest.ts';
import { requestUpload } from './uploads/request.manifest.ts';
import { verifyUpload } from './uploads/verify.manifest.ts';
import { webhookDeliveries } from './webhooks/deliveries.manifest.ts';
import { listWebhooks } from './webhooks/list.manifest.ts';
import { replayDelivery } from './webhooks/replay.manifest.ts';
import { resumeWebhook } from './webhooks/resume.manifest.ts';
import { rotateWebhookSecret } from './webhooks/rotate.manifest.ts';
import { subscribeWebhook } from './webhooks/subscribe.manifest.ts';
import { unsubscribeWebhook } from './webhooks/unsubscribe.manifest.ts';

/**
 * THE list of functions. The CDK stack and the local runtime both derive everything from
 * it: routes and who may call them, queue and stream triggers, and the resources each
 * function is granted (and told about through its environment). Each entry is written beside
 * its handler (`get.ts` → `get.manifest.ts`), so that a handler loads its own route's schemas
 * and no other.
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
  syncCatalogNow,
  syncCatalogWeekly,
  submitDossier,
  fileAtDesk,
  listMyDossiers,
  getDossier,
  withdrawDossier,
  supplementDossier,
  actOnDossier,
  unitInbox,
  dossierHistory,
  dossierSync,
  rateDossier,
  dossierReceipt,
  dossierDocument,
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
  fetchChannelFiles,
  myNotifications,
  markNotificationsRead,
  requestContactCode,
  confirmContact,
  saveDraft,
  getDraft,
  listDrafts,
  discardDraft,
  prefillApplication,
  myDataAccess,
  putPreferences,
  devOutbox,
  devReceive,
  devReceived,
  devFailures,
  sweepOverdue,
  checkpointHistory,
  expireUploads,
  staffNeedSecondFactor,
  citizensSignUp,
  publishEvents,
  createIntegrator,
  getIntegrator,
  listIntegrators,
  updateIntegrator,
  addIntegratorKey,
  revokeIntegratorKey,
  sendDeliveries,
  sendWebhooks,
  syncHealthRoute,
  countIndicators,
  getIndicators,
  transparencyPage,
  leaderDashboard,
  submitFeedback,
  actOnFeedback,
  getFeedback,
  unitFeedback,
  downloadFeedbackFile,
  publishedFeedback,
  voteOnFeedback,
  integrationDossier,
  integrationSubmit,
  pullPortal,
  integrationStep,
  integrationPayment,
  paymentsForReview,
  subscribeWebhook,
  listWebhooks,
  webhookDeliveries,
  replayDelivery,
  resumeWebhook,
  rotateWebhookSecret,
  unsubscribeWebhook,
} as const satisfies Manifest;

export type FunctionName = keyof typeof manifest;

import {
  ActionParams,
  DocumentQuery,
  DossierPage,
  DossierParams,
  DossierView,
  HistoryView,
  InboxQuery,
  LookupQuery,
  LookupView,
  PageQuery,
  SubmissionReceiptView,
  SubmitDossierBody,
  SupplementBody,
  UnitParams,
  WithdrawBody,
} from '../../shared/api/dossiers.ts';
import { DownloadView, FileParams } from '../../shared/api/uploads.ts';
import { OfficerActionInput } from '../../shared/domain/dossier.ts';
import { dossierRoute, type FunctionSpec } from '../../shared/manifest-types.ts';

export const submitDossier = dossierRoute(
  'functions/dossiers/submit.ts',
  {
    table: {
      read: ['catalog', 'upload', 'idempotency'],
      write: ['dossier', 'sequence', 'idempotency', 'upload'],
    },
    signingKey: 'sign',
  },
  {
    method: 'POST',
    path: '/dossiers',
    access: ['citizen'],
    summary: 'Submit a dossier (nộp hồ sơ); requires an Idempotency-Key header',
    tag: 'Dossiers',
    request: { headers: { 'idempotency-key': 'required' }, body: SubmitDossierBody },
    response: {
      status: 201,
      description: 'The dossier code, state 1 and the receipt',
      body: SubmissionReceiptView,
      headers: ['location', 'idempotent-replayed'],
    },
    problems: ['upload-already-used', 'idempotency-in-progress', 'idempotency-key-reused'],
  },
);

export const listMyDossiers = dossierRoute(
  'functions/dossiers/list-mine.ts',
  { table: { read: ['dossier'], indexes: ['gsi1'] } },
  {
    method: 'GET',
    path: '/dossiers',
    access: ['citizen'],
    summary: "The caller's dossiers, newest first",
    tag: 'Dossiers',
    request: { query: PageQuery },
    response: { status: 200, description: 'One page of dossiers', body: DossierPage },
  },
);

export const getDossier = dossierRoute(
  'functions/dossiers/get.ts',
  { table: { read: ['dossier', 'catalog'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}',
    access: ['citizen', 'officer'],
    summary: 'A dossier with its history (its applicant, or officers of a unit it has been at)',
    tag: 'Dossiers',
    request: { params: DossierParams },
    response: { status: 200, description: 'The dossier', body: DossierView, headers: ['etag'] },
    problems: ['not-found'],
  },
);

export const withdrawDossier = dossierRoute(
  'functions/dossiers/withdraw.ts',
  { table: { read: ['dossier', 'catalog'], write: ['dossier'] } },
  {
    method: 'POST',
    path: '/dossiers/{code}/withdraw',
    access: ['citizen'],
    summary: 'Ask to withdraw a dossier (rút hồ sơ); If-Match with the version',
    tag: 'Dossiers',
    request: { headers: { 'if-match': 'required' }, params: DossierParams, body: WithdrawBody },
    response: { status: 200, description: 'The dossier', body: DossierView, headers: ['etag'] },
    problems: ['not-found', 'stale-version', 'action-not-allowed-in-state', 'precondition-required'],
  },
);

export const supplementDossier = dossierRoute(
  'functions/dossiers/supplement.ts',
  { table: { read: ['dossier', 'catalog', 'upload'], write: ['dossier', 'upload'] } },
  {
    method: 'POST',
    path: '/dossiers/{code}/supplement',
    access: ['citizen'],
    summary: 'Answer a supplement request (bổ sung hồ sơ); If-Match with the version',
    tag: 'Dossiers',
    request: { headers: { 'if-match': 'required' }, params: DossierParams, body: SupplementBody },
    response: { status: 200, description: 'The dossier', body: DossierView, headers: ['etag'] },
    problems: [
      'not-found',
      'stale-version',
      'action-not-allowed-in-state',
      'dossier-at-another-unit',
      'upload-already-used',
      'precondition-required',
    ],
  },
);

export const actOnDossier = dossierRoute(
  'functions/dossiers/act.ts',
  { table: { read: ['dossier', 'catalog', 'upload'], write: ['dossier', 'upload'] } },
  {
    method: 'POST',
    path: '/dossiers/{code}/actions/{action}',
    access: ['officer'],
    summary:
      "An officer's action on a dossier, If-Match with the version read; each action takes its own body. A transfer is in transit until it lands",
    tag: 'Officers',
    request: {
      headers: { 'if-match': 'required' },
      params: ActionParams,
      body: OfficerActionInput,
      bodyTaggedBy: 'action',
    },
    response: { status: 200, description: 'The dossier', body: DossierView, headers: ['etag'] },
    problems: [
      'not-found',
      'stale-version',
      'action-not-allowed-in-state',
      'dossier-at-another-unit',
      'upload-already-used',
      'extension-limit-reached',
      'precondition-required',
    ],
  },
);

export const unitInbox = dossierRoute(
  'functions/dossiers/inbox.ts',
  { table: { read: ['dossier', 'catalog'], indexes: ['gsi2'] } },
  {
    method: 'GET',
    path: '/units/{unitCode}/dossiers',
    access: ['officer'],
    summary: "A unit's inbox ordered by due date, by state and due date",
    tag: 'Officers',
    request: { params: UnitParams, query: InboxQuery },
    response: { status: 200, description: 'One page of dossiers', body: DossierPage },
  },
);

export const dossierHistory = dossierRoute(
  'functions/dossiers/history.ts',
  { table: { read: ['dossier', 'catalog'] }, checkpoints: 'read', signingKey: 'verify' },
  {
    method: 'GET',
    path: '/dossiers/{code}/history',
    access: ['citizen', 'officer'],
    summary:
      'The hash-chained history and its verification against the dossier, its application and the latest signed checkpoint',
    tag: 'Dossiers',
    request: { params: DossierParams },
    response: { status: 200, description: 'Events and verification', body: HistoryView },
    problems: ['not-found'],
  },
);

export const dossierReceipt = dossierRoute(
  'functions/dossiers/receipt.ts',
  { table: { read: ['dossier', 'catalog'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}/receipt',
    access: ['citizen', 'officer'],
    summary: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả, as JSON or printable HTML (?format=html)',
    tag: 'Documents',
    request: { params: DossierParams, query: DocumentQuery },
    response: { status: 200, description: 'The receipt' },
    problems: ['not-found', 'not-available-yet'],
  },
);

export const controlSlip = dossierRoute(
  'functions/dossiers/control-slip.ts',
  { table: { read: ['dossier', 'catalog'] } },
  {
    method: 'GET',
    path: '/dossiers/{code}/control-slip',
    access: ['citizen', 'officer'],
    summary: 'Phiếu kiểm soát quá trình giải quyết hồ sơ, as JSON or printable HTML (?format=html)',
    tag: 'Documents',
    request: { params: DossierParams, query: DocumentQuery },
    response: { status: 200, description: 'The process-control slip' },
    problems: ['not-found'],
  },
);

export const lookupDossier = dossierRoute(
  'functions/dossiers/lookup.ts',
  { table: { read: ['dossier', 'catalog'], write: ['rateLimit'] } },
  {
    method: 'GET',
    path: '/lookup/{code}',
    access: 'public',
    summary:
      'Tra cứu hồ sơ: state and dates, never personal data; with the receipt’s look-up secret, or the last 4 digits of the phone',
    tag: 'Dossiers',
    request: { params: DossierParams, query: LookupQuery },
    response: {
      status: 200,
      description: 'Where the dossier is',
      body: LookupView,
      headers: ['cache-control'],
    },
    problems: ['not-found', 'too-many-requests'],
  },
);

export const downloadFile = {
  entry: 'functions/dossiers/download.ts',
  description: 'A short-lived link to one file of a dossier',
  memoryMb: 512,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/dossiers/{code}/files/{uploadId}',
    access: ['citizen', 'officer'],
    summary: 'A presigned download link valid 5 minutes, with the original file name (RFC 6266)',
    tag: 'Files',
    request: { params: FileParams },
    response: {
      status: 200,
      description: 'Where to download the file',
      body: DownloadView,
      headers: ['cache-control'],
    },
    problems: ['not-found', 'not-available-yet'],
  },
  uses: { table: { read: ['dossier', 'upload', 'catalog'] }, bucket: { read: ['clean'] } },
} as const satisfies FunctionSpec;

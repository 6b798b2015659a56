import {
  DraftBody,
  DraftList,
  DraftParams,
  DraftView,
  PrefillQuery,
  PrefillView,
} from '../../shared/api/me.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

const draftRoute = {
  access: ['citizen'],
  tag: 'Drafts',
} as const;

export const saveDraft = {
  entry: 'functions/me/draft-save.ts',
  description: "Keeps a citizen's draft of an application, sealed",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    ...draftRoute,
    method: 'PUT',
    path: '/me/drafts/{code}',
    summary: "Keep what you typed into a procedure's form, to file later: one draft per procedure",
    request: { params: DraftParams, body: DraftBody },
    response: { status: 200, description: 'The draft, kept until expiresAt', body: DraftView },
    problems: ['not-found', 'payload-too-large'],
  },
  uses: { table: { read: ['catalog'], write: ['draft'] }, drafts: 'seal' },
} as const satisfies FunctionSpec;

export const getDraft = {
  entry: 'functions/me/draft-get.ts',
  description: "Reads a citizen's draft of an application",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    ...draftRoute,
    method: 'GET',
    path: '/me/drafts/{code}',
    summary: 'Your draft of a procedure, as you left it',
    request: { params: DraftParams },
    response: { status: 200, description: 'The draft', body: DraftView },
    problems: ['not-found'],
  },
  uses: { table: { read: ['draft'] }, drafts: 'open' },
} as const satisfies FunctionSpec;

export const listDrafts = {
  entry: 'functions/me/drafts-list.ts',
  description: "Lists a citizen's drafts",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    ...draftRoute,
    method: 'GET',
    path: '/me/drafts',
    summary: 'Your drafts, newest first, without their fields',
    response: { status: 200, description: 'The drafts still kept', body: DraftList },
  },
  uses: { table: { read: ['draft'] } },
} as const satisfies FunctionSpec;

export const discardDraft = {
  entry: 'functions/me/draft-discard.ts',
  description: "Discards a citizen's draft",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    ...draftRoute,
    method: 'DELETE',
    path: '/me/drafts/{code}',
    summary: 'Discard your draft of a procedure',
    request: { params: DraftParams },
    response: { status: 204, description: 'Discarded' },
    problems: ['not-found'],
  },
  uses: { table: { read: ['draft'], write: ['draft'] } },
} as const satisfies FunctionSpec;

export const prefillApplication = {
  entry: 'functions/me/prefill.ts',
  description: "Prefills a new application from the citizen's own earlier dossier of the procedure",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    ...draftRoute,
    method: 'GET',
    path: '/me/prefill/{code}',
    summary:
      "A new application's form, prefilled from your newest dossier of the procedure filed for yourself",
    request: { params: DraftParams, query: PrefillQuery },
    response: {
      status: 200,
      description: 'The form as prefilled, and the share prefilled',
      body: PrefillView,
    },
    problems: ['not-found'],
  },
  uses: { table: { read: ['catalog', 'dossier'], indexes: ['gsi1'] } },
} as const satisfies FunctionSpec;

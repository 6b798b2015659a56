/**
 * The resources of one province's deployment, defined once. The CDK stack builds them
 * on AWS and the local runtime creates the same ones in DynamoDB Local and fauxqs.
 */

export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * Generic indexes; each entity module decides what it puts in them. They project keys
   * (and gsi2 the `state` its queries filter on), so that rewriting an item touches an
   * index only when its index keys change; list reads fetch the items by key.
   */
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', include: [] },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', include: ['state'] },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', include: [] },
  ],
  timeToLiveAttribute: 'expiresAt',
} as const;

export interface QueueDefinition {
  /** Base name; FIFO queues get the `.fifo` suffix where they are created. */
  name: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the queue's DLQ. */
  maxReceiveCount: number;
  retentionDays: number;
  /**
   * The age of its oldest message past which work is stuck and the operators are alarmed: a few
   * minutes for work done at once, the whole retry schedule and a margin for deliveries.
   */
  oldestMessageAlarmSeconds: number;
}

export const queues = {
  /** Every committed domain event, published by the outbox. */
  dossierEvents: {
    name: 'dossier-events',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    oldestMessageAlarmSeconds: 15 * 60,
  },
  /**
   * Hand-offs between units (liên thông): FIFO, grouped by dossier code, so that one
   * dossier's hops are taken in the order they were sent.
   */
  handoffs: {
    name: 'handoffs',
    fifo: true,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    oldestMessageAlarmSeconds: 15 * 60,
  },
  /**
   * Dossiers filed through another channel that named their files by address: one message
   * each, taken by the consumer that fetches, checks and scans the files. A file that cannot
   * be fetched yet comes back after the visibility timeout; past the consumer's patience it is
   * refused, so that the dossier asks for it again rather than waiting for ever.
   */
  channelFiles: {
    name: 'channel-files',
    fifo: false,
    visibilityTimeoutSeconds: 600,
    maxReceiveCount: 10,
    retentionDays: 14,
    oldestMessageAlarmSeconds: 3 * 3600,
  },
  /** Every committed event again, for the indicators' counters (a consumer of its own). */
  indicators: {
    name: 'indicators',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    oldestMessageAlarmSeconds: 15 * 60,
  },
  /** One message per notification to deliver (email, SMS, in-app). */
  notifications: {
    name: 'notifications',
    fifo: false,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 14,
    oldestMessageAlarmSeconds: 15 * 60,
  },
  /**
   * What leaves for other systems: each committed event to fan out, then one message per
   * target and event, grouped by target and dossier so that each target gets a dossier's
   * events in order. A failed attempt stays invisible for the retry schedule's wait (up to
   * 10 hours); the schedule spans more than a day, well within the retention.
   */
  deliveries: {
    name: 'deliveries',
    fifo: true,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 20,
    retentionDays: 14,
    // The retry schedule spans 27 h 35 min; a message older than 30 h waits on nothing.
    oldestMessageAlarmSeconds: 30 * 3600,
  },
  /**
   * The attempts of webhook deliveries, apart from those to the national portal and outside
   * units' systems: a subscriber's receiver that answers slowly holds the consumers of its own
   * queue, never the portal's. Grouped, retried and kept as `deliveries`.
   */
  webhookAttempts: {
    name: 'webhook-attempts',
    fifo: true,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 20,
    retentionDays: 14,
    oldestMessageAlarmSeconds: 30 * 3600,
  },
} as const satisfies Record<string, QueueDefinition>;

export type QueueKey = keyof typeof queues;

export const bucket = {
  /** Browsers of the province's portals upload attachments straight to S3 with presigned POSTs. */
  cors: { allowedMethods: ['POST'], allowedHeaders: ['*'], maxAgeSeconds: 3000 },
  /** Uploads land here and stay until verified (expired after a day by a lifecycle rule). */
  quarantinePrefix: 'quarantine/',
  /** Verified files; never deleted while a live dossier refers to them. */
  cleanPrefix: 'clean/',
} as const;

/**
 * Where the history checkpoints are kept: on AWS a bucket with Object Lock, so that no
 * function (nor anyone without the right to bypass governance) can change or delete one.
 */
export const checkpointBucket = {
  nameSuffix: 'checkpoints',
  /** How long each checkpoint is locked. */
  retentionDays: 3650,
} as const;

/** Where a stream-triggered function gives up on a record after its retries. */
export const streamFailureQueue: QueueDefinition = {
  name: 'stream-failures',
  fifo: false,
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  retentionDays: 14,
  // Any message here is alarmed at once; its age tells nothing more.
  oldestMessageAlarmSeconds: 14 * 86_400,
};

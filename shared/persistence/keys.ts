/**
 * The partitions of the one table, by what they hold. Each persistence module builds its
 * keys from its own prefix here, and the manifest names the partitions a function may read
 * or write: the stack turns them into `dynamodb:LeadingKeys` conditions and the local
 * runtime enforces the same list.
 */
export const PARTITIONS = {
  /** A dossier, its application and its history events. */
  dossier: 'DOSSIER#',
  /** Marks of the overdue sweep: a dossier found due or overdue, once per due date. */
  dueMark: 'DUEMARK#',
  /** Daily code counters per agency. */
  sequence: 'SEQ#',
  /** Procedures, units and the working calendar, in one partition. */
  catalog: 'CATALOG',
  upload: 'UPLOAD#',
  idempotency: 'IDEM#',
  rateLimit: 'RATE#',
  preferences: 'PREF#',
  /** Each read of a citizen's dossiers by staff, for the citizen to see (GET /me/data-access). */
  dataAccess: 'ACCESS#',
  /** A citizen's drafts of applications, one per procedure, sealed. */
  draft: 'DRAFT#',
  /** In-app notifications of a user or a unit. */
  notifications: 'NOTIFY#',
  /** Exactly-once records of each notification's channels. */
  deliveries: 'DELIVERY#',
  outbound: 'OUTBOUND#',
  /** The history checkpointer's progress. */
  checkpoints: 'CHECKPOINT',
  /** Contact details a user has confirmed. */
  contacts: 'CONTACT#',
  /** The integrator registry: an integrator, its keys and the audit trail of its changes. */
  integrator: 'INTEGRATOR#',
  /** Nonces of signed requests, kept past the signature window: a second use is a replay. */
  nonce: 'NONCE#',
  /** Dossiers filed through another channel, by integrator and the channel's code: filed once. */
  channel: 'CHANNEL#',
  /** Payment platforms' confirmations, by integrator and transaction. */
  payment: 'PAYMENT#',
  /** Webhook subscriptions, all of the province's in one partition (the fan-out reads them all). */
  subscription: 'SUBSCRIPTIONS',
  /** Decision 766 counters: per scope (a unit, a procedure, the province), one item a period. */
  indicator: 'IND#',
  /** Feedback and petitions (phản ánh, kiến nghị), each with the votes on its published answer. */
  feedback: 'FEEDBACK#',
  /** The month's apology and extension letters, for the public page (no personal data). */
  late: 'LATE#',
  /** Events the indicators have counted: each once. */
  counted: 'COUNTED#',
  /** Locally only: what the fake national portal, sector systems and receivers were sent. */
  devReceiver: 'RECEIVED#',
  /** The runs that brought the table's items to their current shapes (shapes.ts). */
  migration: 'MIGRATION',
  /** Outbound deliveries to a target (a subscription, the national portal, a unit) and their attempts. */
  outboundDelivery: 'SEND#',
} as const;

export type Partition = keyof typeof PARTITIONS;

/** The partitions of the generic indexes, by what they list. */
export const INDEX_PARTITIONS = {
  gsi1: {
    owner: 'OWNER#',
    changes: 'CHANGES#',
    sync: 'SYNC#',
    paymentReview: 'REVIEW#PAYMENTS',
    published: 'PUBLISHED#FEEDBACK',
    integrators: 'REGISTRY#INTEGRATORS',
  },
  gsi2: { inbox: 'INBOX#', feedbackInbox: 'FBINBOX#' },
  gsi3: { due: 'DUE#' },
} as const;

export type IndexName = keyof typeof INDEX_PARTITIONS;

/**
 * A user's id inside a key. Encoded so that it holds no `#`: whatever an issuer puts in
 * `sub`, it cannot name another user's partition or a unit's.
 */
export const userPart = (sub: string): string => `USER:${encodeURIComponent(sub)}`;

/** A unit's code inside a key, distinct from any user's. */
export const unitPart = (code: string): string => `UNIT:${code}`;

/** The IAM pattern that matches every key of a partition. */
export const partitionPattern = (partition: Partition): string => {
  const prefix = PARTITIONS[partition];
  return prefix.endsWith('#') ? `${prefix}*` : prefix;
};

/** Whether a partition key value belongs to a partition. */
export const inPartition = (partition: Partition, value: string): boolean => {
  const prefix = PARTITIONS[partition];
  return prefix.endsWith('#') ? value.startsWith(prefix) : value === prefix;
};

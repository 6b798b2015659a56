/**
 * The shape of every item the table holds: its kind (`entity`) and the version of that kind's
 * layout (`shape`), written with the item. A release that changes a kind's layout raises its
 * number here and adds the step that brings an item from the old number to the new one to
 * `LATER`; `npm run migrate` (which `deploy` and `npm start` run) applies the steps to every
 * item still at an older number, while the code reads both layouts. An item written before
 * shapes were recorded has none: shape 0.
 */
export const SHAPES = {
  application: 1,
  calendar: 1,
  'channel-cursor': 1,
  'channel-filing': 1,
  'checkpoint-progress': 1,
  contact: 1,
  counted: 1,
  'data-access': 1,
  delivery: 1,
  'dev-failures': 1,
  'dev-received': 1,
  dossier: 1,
  draft: 1,
  'dossier-marks': 1,
  'due-mark': 1,
  event: 1,
  feedback: 1,
  'feedback-event': 1,
  'feedback-vote': 1,
  idempotency: 1,
  indicators: 1,
  integrator: 1,
  'integrator-audit': 1,
  'integrator-key': 1,
  'late-dossier': 1,
  migration: 1,
  nonce: 1,
  notification: 1,
  'outbound-hop': 1,
  payment: 1,
  preferences: 1,
  procedure: 1,
  'procedure-version': 1,
  'rate-limit': 1,
  scoring: 1,
  sequence: 1,
  subscription: 1,
  'sync-health': 1,
  unit: 1,
  upload: 1,
} as const;

export type Kind = keyof typeof SHAPES;

export const isKind = (entity: unknown): entity is Kind =>
  typeof entity === 'string' && Object.hasOwn(SHAPES, entity);

/** What one step sets on an item (never its keys) and removes from it. */
export interface Patch {
  set: Record<string, unknown>;
  remove: string[];
}

/**
 * The steps of each kind, the one at index n taking an item from shape n to n + 1; a step reads
 * only what no writer changes (the keys, the kind), so that it holds beside the live code.
 */
export type Upgrade = (item: Record<string, unknown>) => Patch;

/** Shape 1: every item names its kind. Before it, six kinds were told apart by their keys alone. */
const namedKind: Upgrade = (item) => ({ set: { entity: kindOf(item) }, remove: [] });

/** The steps of a kind past shape 1, in order (none yet). */
const LATER: Partial<Record<Kind, readonly Upgrade[]>> = {};

const upgradesOf = (kind: Kind): readonly Upgrade[] => [namedKind, ...(LATER[kind] ?? [])];

/** The kinds that had no `entity` before shape 1, by their keys. */
const KINDS_BY_KEY: readonly [Kind, (pk: string, sk: string) => boolean][] = [
  ['sequence', (pk, sk) => pk.startsWith('SEQ#') && sk === 'SEQ'],
  ['rate-limit', (pk, sk) => pk.startsWith('RATE#') && sk === 'RATE'],
  ['nonce', (pk, sk) => pk.startsWith('NONCE#') && sk === 'NONCE'],
  ['integrator', (pk, sk) => pk.startsWith('INTEGRATOR#') && sk === 'META'],
  ['integrator-key', (pk, sk) => pk.startsWith('INTEGRATOR#') && sk.startsWith('KEY#')],
  ['integrator-audit', (pk, sk) => pk.startsWith('INTEGRATOR#') && sk.startsWith('AUDIT#')],
];

/** The item's kind: the one it names, or for an item from before shape 1, the one its keys tell. */
export function kindOf(item: Record<string, unknown>): Kind | undefined {
  if (item.entity !== undefined) return isKind(item.entity) ? item.entity : undefined;
  const pk = String(item.pk ?? '');
  const sk = String(item.sk ?? '');
  return KINDS_BY_KEY.find(([, matches]) => matches(pk, sk))?.[0];
}

/** The shape an item is at: 0 when it records none. */
export const shapeOf = (item: Record<string, unknown>): number =>
  typeof item.shape === 'number' ? item.shape : 0;

/**
 * What brings an item to its kind's current shape, or undefined when it is there already (or
 * is of no kind the table knows, which is reported, never guessed at). The shapes and steps are
 * this release's unless others are given.
 */
export function upgradeOf(
  item: Record<string, unknown>,
  shapes: Readonly<Record<Kind, number>> = SHAPES,
  stepsOf: (kind: Kind) => readonly Upgrade[] = upgradesOf,
): Patch | undefined {
  const kind = kindOf(item);
  if (!kind) return undefined;
  const from = shapeOf(item);
  const to = shapes[kind];
  if (from >= to) return undefined;
  const patch = composed(item, stepsOf(kind).slice(from, to));
  return { ...patch, set: { ...patch.set, shape: to } };
}

/** The one patch that does these steps in order, each reading the item as the ones before left it. */
export function composed(item: Record<string, unknown>, steps: readonly Upgrade[]): Patch {
  let current = { ...item };
  let set: Record<string, unknown> = {};
  let remove: string[] = [];
  for (const step of steps) {
    const next = step(current);
    current = { ...current, ...next.set };
    for (const name of next.remove) delete current[name];
    set = Object.fromEntries(
      Object.entries({ ...set, ...next.set }).filter(([name]) => !next.remove.includes(name)),
    );
    remove = [...remove.filter((name) => !(name in next.set)), ...next.remove];
  }
  return { set, remove };
}

/** An item as a writer stores it: with its kind's current shape. A writer must name the kind. */
export function stamped<T extends Record<string, unknown>>(item: T): T & { shape: number } {
  if (!isKind(item.entity))
    throw new Error(
      `An item must name a kind of the table (entity), not ${String(item.entity)}: ${String(item.pk)}/${String(item.sk)}`,
    );
  return { ...item, shape: SHAPES[item.entity] };
}

/**
 * For a write that may create its item (an update with no condition that it exists): the kind,
 * and the current shape when the item is new; an item already there keeps the shape it has.
 */
export const UPSERTED_SHAPE = 'entity = if_not_exists(entity, :entity), shape = if_not_exists(shape, :shape)';

export const upsertedShape = (kind: Kind) => ({ ':entity': kind, ':shape': SHAPES[kind] });

import { describe, expect, it } from 'vitest';
import {
  composed,
  isKind,
  type Kind,
  kindOf,
  SHAPES,
  shapeOf,
  stamped,
  type Upgrade,
  upgradeOf,
  upsertedShape,
} from '../../shared/persistence/shapes.ts';

describe('the shapes of the table’s items', () => {
  it('names the kinds that had no entity before shape 1 by their keys, and no other', () => {
    expect(kindOf({ pk: 'SEQ#000.02.30.H19#20261207', sk: 'SEQ' })).toBe('sequence');
    expect(kindOf({ pk: 'RATE#lookup#1.2.3.4#123', sk: 'RATE' })).toBe('rate-limit');
    expect(kindOf({ pk: 'NONCE#it-1.k1#abc', sk: 'NONCE' })).toBe('nonce');
    expect(kindOf({ pk: 'INTEGRATOR#it-1', sk: 'META' })).toBe('integrator');
    expect(kindOf({ pk: 'INTEGRATOR#it-1', sk: 'KEY#k1' })).toBe('integrator-key');
    expect(kindOf({ pk: 'INTEGRATOR#it-1', sk: 'AUDIT#2026-12-07T00:00:00Z#x' })).toBe('integrator-audit');
    // The same sort keys under another partition are not those kinds.
    expect(kindOf({ pk: 'DOSSIER#X', sk: 'SEQ' })).toBeUndefined();
    expect(kindOf({ pk: 'DOSSIER#X', sk: 'META' })).toBeUndefined();
    expect(kindOf({ pk: 'SOMETHING', sk: 'ELSE' })).toBeUndefined();
    // What an item names wins over its keys; a name the table does not know is no kind.
    expect(kindOf({ pk: 'SEQ#x', sk: 'SEQ', entity: 'dossier' })).toBe('dossier');
    expect(kindOf({ pk: 'SEQ#x', sk: 'SEQ', entity: 'toString' })).toBeUndefined();
  });

  it.each([
    ['sequence', 'SEQ#000.02.30.H19#20261207', 'SEQ'],
    ['rate-limit', 'RATE#lookup#1', 'RATE'],
    ['nonce', 'NONCE#k#n', 'NONCE'],
    ['integrator', 'INTEGRATOR#it-1', 'META'],
    ['integrator-key', 'INTEGRATOR#it-1', 'KEY#k1'],
    ['integrator-audit', 'INTEGRATOR#it-1', 'AUDIT#t#x'],
  ])('tells a %s by its partition and its sort key together', (kind, pk, sk) => {
    expect(kindOf({ pk, sk })).toBe(kind);
    expect(kindOf({ pk, sk: 'OTHER' })).toBeUndefined();
    expect(kindOf({ pk: 'OTHER#x', sk })).toBeUndefined();
  });

  it('reads an item without a shape as shape 0', () => {
    expect(shapeOf({})).toBe(0);
    expect(shapeOf({ shape: '1' })).toBe(0);
    expect(shapeOf({ shape: 1 })).toBe(1);
  });

  it('brings an item from before shapes to its kind’s current shape, and leaves a current one', () => {
    expect(upgradeOf({ pk: 'INTEGRATOR#it-1', sk: 'META', name: 'Cổng' })).toEqual({
      set: { entity: 'integrator', shape: SHAPES.integrator },
      remove: [],
    });
    expect(upgradeOf({ pk: 'DOSSIER#X', sk: 'DOSSIER', entity: 'dossier' })).toEqual({
      set: { entity: 'dossier', shape: SHAPES.dossier },
      remove: [],
    });
    expect(
      upgradeOf({ pk: 'DOSSIER#X', sk: 'DOSSIER', entity: 'dossier', shape: SHAPES.dossier }),
    ).toBeUndefined();
    expect(upgradeOf({ pk: 'SOMETHING', sk: 'ELSE' })).toBeUndefined();
  });

  it('composes the steps from the item’s shape to the current one, each reading what the ones before left', () => {
    const steps: Upgrade[] = [
      () => ({ set: { a: 1, b: 2 }, remove: ['old'] }),
      (item) => ({ set: { c: Number(item.b) + 1 }, remove: ['a', 'gone'] }),
      () => ({ set: { a: 5, gone: 'back' }, remove: [] }),
    ];
    expect(composed({ old: true }, steps)).toEqual({
      set: { b: 2, c: 3, a: 5, gone: 'back' },
      remove: ['old'],
    });
    expect(composed({}, steps.slice(0, 2))).toEqual({ set: { b: 2, c: 3 }, remove: ['old', 'a', 'gone'] });
    // From shape 1 to 3 of a kind: only the second and third steps, then the shape.
    const shapes = { ...SHAPES, dossier: 3 } as Record<Kind, number>;
    expect(
      upgradeOf({ pk: 'DOSSIER#X', sk: 'DOSSIER', entity: 'dossier', shape: 1, b: 7 }, shapes, () => steps),
    ).toEqual({
      set: { c: 8, a: 5, gone: 'back', shape: 3 },
      remove: [],
    });
    expect(
      upgradeOf({ pk: 'DOSSIER#X', sk: 'DOSSIER', entity: 'dossier', shape: 3 }, shapes, () => steps),
    ).toBeUndefined();
  });

  it('stamps what a writer stores with its kind’s current shape, whatever shape it was read at', () => {
    expect(stamped({ pk: 'a', sk: 'b', entity: 'event', shape: 0 })).toEqual({
      pk: 'a',
      sk: 'b',
      entity: 'event',
      shape: SHAPES.event,
    });
    expect(() => stamped({ pk: 'a', sk: 'b' })).toThrow(
      /must name a kind of the table \(entity\), not undefined: a\/b/,
    );
    expect(() => stamped({ pk: 'a', sk: 'b', entity: 'dosier' })).toThrow(/not dosier/);
  });

  it('gives an item an upsert creates its kind and shape, through values the expression names', () => {
    expect(upsertedShape('sequence')).toEqual({ ':entity': 'sequence', ':shape': SHAPES.sequence });
    expect(Object.keys(SHAPES).every(isKind)).toBe(true);
    expect(isKind('hasOwnProperty')).toBe(false);
  });
});

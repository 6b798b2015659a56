import { describe, expect, it } from 'vitest';
import { RenderedPages } from '../../shared/documents/html.ts';

const MINUTE = 60_000;
const T0 = new Date('2026-12-07T03:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

/** A drawer that counts its drawings and draws each key with its count. */
function drawer() {
  const drawn: string[] = [];
  const draw = (key: string) => async () => {
    drawn.push(key);
    return `${key}#${drawn.filter((one) => one === key).length}`;
  };
  return { drawn, draw };
}

describe('pages drawn in a container (RenderedPages)', () => {
  it('serves a page drawn less than its time ago without drawing it again', async () => {
    const pages = new RenderedPages(MINUTE);
    const { drawn, draw } = drawer();
    expect(await pages.get('vi', T0, draw('vi'))).toBe('vi#1');
    expect(await pages.get('vi', later(MINUTE - 1), draw('vi'))).toBe('vi#1');
    expect(drawn).toEqual(['vi']);
  });

  it('draws the page again once its time has passed, and keeps the new drawing its full time', async () => {
    const pages = new RenderedPages(MINUTE);
    const { drawn, draw } = drawer();
    await pages.get('vi', T0, draw('vi'));
    expect(await pages.get('vi', later(MINUTE), draw('vi'))).toBe('vi#2');
    expect(await pages.get('vi', later(2 * MINUTE - 1), draw('vi'))).toBe('vi#2');
    expect(drawn).toEqual(['vi', 'vi']);
  });

  it('keeps each page under its own key', async () => {
    const pages = new RenderedPages(MINUTE);
    const { draw } = drawer();
    await pages.get('vi', T0, draw('vi'));
    expect(await pages.get('en', T0, draw('en'))).toBe('en#1');
    expect(await pages.get('vi', T0, draw('vi'))).toBe('vi#1');
  });

  it('keeps at most as many pages as it is told, dropping the one drawn longest ago', async () => {
    const pages = new RenderedPages(10 * MINUTE, 2);
    const { drawn, draw } = drawer();
    await pages.get('a', T0, draw('a'));
    await pages.get('b', later(1), draw('b'));
    await pages.get('c', later(2), draw('c'));
    expect(await pages.get('b', later(3), draw('b'))).toBe('b#1');
    expect(await pages.get('c', later(3), draw('c'))).toBe('c#1');
    expect(await pages.get('a', later(3), draw('a'))).toBe('a#2');
    expect(drawn).toEqual(['a', 'b', 'c', 'a']);
  });

  it('counts a page drawn again as the newest, not by when it was first drawn', async () => {
    const pages = new RenderedPages(MINUTE, 2);
    const { draw } = drawer();
    await pages.get('a', T0, draw('a'));
    await pages.get('b', later(MINUTE / 2), draw('b'));
    // a's time has passed: drawn again, it is now newer than b.
    await pages.get('a', later(MINUTE), draw('a'));
    await pages.get('c', later(MINUTE + 1), draw('c'));
    expect(await pages.get('a', later(MINUTE + 2), draw('a'))).toBe('a#2');
    expect(await pages.get('b', later(MINUTE + 2), draw('b'))).toBe('b#2');
  });

  it('keeps 64 pages unless told otherwise', async () => {
    const pages = new RenderedPages(MINUTE);
    const { draw } = drawer();
    for (let key = 0; key < 64; key++) await pages.get(`p${key}`, T0, draw(`p${key}`));
    expect(await pages.get('p0', T0, draw('p0'))).toBe('p0#1');
    await pages.get('p64', T0, draw('p64'));
    expect(await pages.get('p1', T0, draw('p1'))).toBe('p1#1');
    expect(await pages.get('p0', T0, draw('p0'))).toBe('p0#2');
  });
});

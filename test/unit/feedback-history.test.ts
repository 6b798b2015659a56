import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar.ts';
import {
  type Anchor,
  checkpointClaims,
  feedbackHistoryName,
  type Head,
  sortHeads,
  verifyFeedbackHistory,
  verifyHistory,
} from '../../shared/domain/checkpoints.ts';
import {
  actOnFeedback,
  type Feedback,
  type FeedbackEvent,
  newFeedback,
} from '../../shared/domain/feedback.ts';
import { eventHash, GENESIS } from '../../shared/domain/history.ts';
import { demoProvince } from '../support/runtime.ts';

const calendar = new WorkingCalendar(demoProvince().calendar);
const vn = (local: string) => new Date(`${local}+07:00`);
const officer = { sub: 'officer-b', role: 'officer', unit: '000.02.30.H19' } as const;

/** Feedback submitted, transferred to the department and answered there, with its three history entries. */
function handled(): { feedback: Feedback; events: FeedbackEvent[] } {
  const first = newFeedback(
    {
      id: 'pakn-7',
      kind: 'conduct',
      subject: 'Hẹn nhiều lần',
      content: 'Cán bộ hẹn nhiều lần.',
      authorSub: 'citizen-a',
      unit: '000.02.30.H19',
      attachments: [],
    },
    { sub: 'citizen-a', role: 'citizen' },
    'event-1',
    vn('2026-10-05T10:00:00'),
    calendar,
  );
  const moved = actOnFeedback(
    first.feedback,
    { action: 'transfer', toUnit: '000.00.14.H19' },
    { actor: officer, eventId: 'event-2' },
    vn('2026-10-06T10:00:00'),
    calendar,
  );
  const answered = actOnFeedback(
    moved.feedback,
    { action: 'answer', answer: 'Đã nhắc nhở cán bộ.' },
    { actor: officer, eventId: 'event-3' },
    vn('2026-10-07T10:00:00'),
    calendar,
  );
  return { feedback: answered.feedback, events: [first.event, moved.event, answered.event] };
}

const NAME = feedbackHistoryName('pakn-7');

function anchor(number: number, heads: Head[]): Anchor {
  const window = { from: '2026-10-07T00:00:00.000Z', until: '2026-10-07T04:00:00.000Z' };
  return {
    claims: checkpointClaims(number, window, new Date(Date.UTC(2026, 9, 7, number)), undefined, heads),
    heads,
  };
}

describe('a feedback’s history is held to its chain, its item and its checkpoints', () => {
  it('holds when all agree, naming the latest checkpoint that lists it under its feedback name', () => {
    const { feedback, events } = handled();
    expect(NAME).toBe('feedback:pakn-7');
    expect(verifyFeedbackHistory(feedback, events)).toEqual({ valid: true, length: 3 });
    const anchors = [anchor(1, [{ code: NAME, count: 2, hash: events[1]!.hash }])];
    expect(verifyFeedbackHistory(feedback, events, anchors)).toEqual({
      valid: true,
      length: 3,
      checkpoint: { number: 1, at: '2026-10-07T01:00:00.000Z', count: 2 },
    });
  });

  it('does not count its votes as a change', () => {
    const { feedback, events } = handled();
    expect(verifyFeedbackHistory({ ...feedback, likes: 12, dislikes: 3 }, events)).toMatchObject({
      valid: true,
    });
  });

  it('fails on a broken chain before anything else', () => {
    const { feedback, events } = handled();
    const broken = events.map((one, at) => (at === 1 ? { ...one, unit: '000.02.30.H19' } : one));
    expect(verifyFeedbackHistory(feedback, broken)).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('fails when the item’s head disagrees with its history', () => {
    const { feedback, events } = handled();
    expect(verifyFeedbackHistory({ ...feedback, eventCount: 2 }, events)).toEqual({
      valid: false,
      length: 3,
      reason: 'the feedback counts 2 events, the history has 3',
    });
    expect(verifyFeedbackHistory({ ...feedback, lastEventHash: events[1]!.hash }, events)).toMatchObject({
      valid: false,
      reason: "the feedback's last hash is not its last event's",
    });
  });

  it('fails when the item is in another state or at another unit than its last step left it', () => {
    const { feedback, events } = handled();
    expect(verifyFeedbackHistory({ ...feedback, state: 'published' }, events)).toEqual({
      valid: false,
      length: 3,
      reason:
        'the feedback is published at 000.00.14.H19; its last step left it awaiting-publication at 000.00.14.H19',
    });
    expect(verifyFeedbackHistory({ ...feedback, unit: '000.02.30.H19' }, events)).toMatchObject({
      valid: false,
      reason:
        'the feedback is awaiting-publication at 000.02.30.H19; its last step left it awaiting-publication at 000.00.14.H19',
    });
  });

  it('fails at the last step when an answer was written straight onto the item', () => {
    const { feedback, events } = handled();
    expect(verifyFeedbackHistory({ ...feedback, answer: 'Đã xử lý xong.' }, events)).toEqual({
      valid: false,
      length: 3,
      brokenAt: 3,
      reason: 'the feedback differs from what its last step recorded',
    });
  });

  it('takes a last step recorded before the record’s hash was kept on its state and unit alone', () => {
    const { feedback, events } = handled();
    const { recordHash: _kept, hash: _hash, ...older } = events[2]!;
    const rehashed = { ...older, hash: eventHash(older) } as FeedbackEvent;
    const item = { ...feedback, answer: 'Đã xử lý xong.', lastEventHash: rehashed.hash };
    expect(verifyFeedbackHistory(item, [events[0]!, events[1]!, rehashed])).toMatchObject({ valid: true });
  });

  it('fails when a checkpoint does not list it, or saw other events', () => {
    const { feedback, events } = handled();
    expect(
      verifyFeedbackHistory(feedback, events, [
        anchor(4, [{ code: 'pakn-7', count: 3, hash: events[2]!.hash }]),
      ]),
    ).toMatchObject({ valid: false, reason: 'checkpoint 4 does not vouch for this feedback' });
    expect(
      verifyFeedbackHistory(feedback, events, [anchor(5, [{ code: NAME, count: 2, hash: events[0]!.hash }])]),
    ).toMatchObject({ valid: false, brokenAt: 2, reason: 'event 2 differs from what checkpoint 5 saw' });
  });
});

describe('a dossier’s history against checkpoints that agree', () => {
  const CODE = '000.02.30.H19-261202-0001';
  const events: {
    seq: number;
    prevHash: string;
    hash: string;
    toState: number;
    data: Record<string, unknown>;
  }[] = [];
  for (const [at, toState] of [1, 2, 4].entries()) {
    const content = {
      seq: at + 1,
      prevHash: events.at(-1)?.hash ?? GENESIS,
      toState,
      data: at === 0 ? { applicationHash: 'app' } : {},
    };
    events.push({ ...content, hash: eventHash(content) });
  }
  const dossier = { code: CODE, eventCount: 3, lastEventHash: events[2]!.hash, state: 4 };

  it('holds when two checkpoints saw the same events, naming the later', () => {
    const same = { code: CODE, count: 3, hash: events[2]!.hash };
    expect(verifyHistory(dossier, events, 'app', [anchor(1, [same]), anchor(2, [same])])).toEqual({
      valid: true,
      length: 3,
      checkpoint: { number: 2, at: '2026-10-07T02:00:00.000Z', count: 3 },
    });
  });

  it('fails at event 1, without breaking, on a history rewritten without the application’s hash, every hash recomputed', () => {
    const { data: _dropped, hash: _hash, ...first } = events[0]!;
    const stripped = [{ ...first, hash: eventHash(first) }];
    for (const [at, original] of events.slice(1).entries()) {
      const { hash: _old, ...content } = { ...original, prevHash: stripped[at]!.hash };
      stripped.push({ ...content, hash: eventHash(content) });
    }
    const rewritten = { ...dossier, lastEventHash: stripped[2]!.hash };
    expect(verifyHistory(rewritten, stripped, 'app')).toEqual({
      valid: false,
      length: 3,
      brokenAt: 1,
      reason: 'the application differs from the one submitted',
    });
  });

  it('fails, without breaking, on a history wiped to nothing with its item’s count set to none', () => {
    expect(verifyHistory({ ...dossier, eventCount: 0, lastEventHash: GENESIS }, [], 'app')).toEqual({
      valid: false,
      length: 0,
      reason: "the dossier's last hash is not its last event's",
    });
  });
});

describe('the heads a checkpoint lists', () => {
  it('are in the order of their codes whatever the order given', () => {
    const heads = ['d', 'b', 'e', 'a', 'c', 'f', 'h', 'g'].map((code, at) => ({
      code,
      count: at + 1,
      hash: code,
    }));
    expect(sortHeads(heads).map((one) => one.code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(sortHeads([...heads].reverse()).map((one) => one.code)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
  });
});

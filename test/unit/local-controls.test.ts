import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type Activity, durationMs, type SettleSources, settle } from '../../infra/local/controls.ts';
import type { StreamPoller } from '../../infra/local/pollers.ts';

/** Sources whose queue holds `messages` and whose stream has `unread` passes with records to go. */
function sources(state: { messages: number; unread: number; activity?: Activity }): SettleSources {
  const sqs = {
    send: async () => ({ Attributes: { ApproximateNumberOfMessages: String(state.messages) } }),
  } as unknown as SQSClient;
  const stream: StreamPoller = {
    stop: async () => undefined,
    caughtUp: async () => {
      while (state.unread > 0) {
        state.unread -= 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
  return {
    activity: state.activity ?? { running: 0, started: 0 },
    sqs,
    queues: [{ name: 'notifications', url: 'queue' }],
    streams: [stream],
  };
}

describe('settling the local runtime', () => {
  it('is immediate when nothing runs, no queue holds a message and the stream is read', async () => {
    await expect(settle(sources({ messages: 0, unread: 0 }), 1_000)).resolves.toBeUndefined();
  });

  it('is not while a function runs, a queue holds a message, or work keeps starting; it says which', async () => {
    await expect(
      settle(sources({ messages: 0, unread: 0, activity: { running: 1, started: 1 } }), 200),
    ).rejects.toThrow(/1 function\(s\) running/);
    await expect(settle(sources({ messages: 3, unread: 0 }), 200)).rejects.toThrow(
      /3 message\(s\) in notifications/,
    );
    const activity = { running: 0, started: 0 };
    const busy = sources({ messages: 0, unread: 0, activity });
    const stream = busy.streams[0]!;
    busy.streams = [
      {
        ...stream,
        caughtUp: async () => {
          activity.started += 1;
        },
      },
    ];
    await expect(settle(busy, 200)).rejects.toThrow(/work kept starting/);
  });

  it('waits for the stream to be read to its end, and a queue emptied meanwhile', async () => {
    const state = { messages: 0, unread: 5 };
    await settle(sources(state), 1_000);
    expect(state.unread).toBe(0);
  });
});

describe('durations of the clock (ISO 8601)', () => {
  it.each([
    ['P3D', 3 * 86_400_000],
    ['PT15M', 15 * 60_000],
    ['P1DT2H30M', 86_400_000 + 2.5 * 3_600_000],
    ['P2W', 14 * 86_400_000],
    ['PT0.5S', 500],
    ['-P1D', -86_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it.each(['P', 'PT', '3D', 'P1H', 'PT1D', 'P1DT', 'P-1D', ''])('%j is no duration', (text) => {
    expect(durationMs(text)).toBeUndefined();
  });
});

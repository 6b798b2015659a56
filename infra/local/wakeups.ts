/**
 * Wake-ups for the local pollers. Lambda's pollers run on AWS's machines; here they share the
 * one machine with everything else, and a poller asking DynamoDB Local or fauxqs for work ten
 * times a second per consumer costs a core's worth of idle load. So an idle poller waits up
 * to a couple of seconds, and a write to the table or a message sent from this process wakes
 * it at once: work still starts as soon as it exists.
 */
export class Signal {
  private readonly waiting = new Set<() => void>();
  /** How many times it was notified: a poller that asked at one count and finds another was woken meanwhile. */
  count = 0;

  /** Wakes every poller waiting on it. */
  notify(): void {
    this.count += 1;
    for (const wake of [...this.waiting]) wake();
  }

  /** Resolves when notified, or after `ms`; at once if it was notified since `since` (a `count`). */
  wait(ms: number, since = this.count): Promise<void> {
    if (this.count !== since) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
    });
  }
}

/** What makes a stream record or a queue message. */
const TABLE_WRITES = [
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
];
const QUEUE_SENDS = [
  'SendMessageCommand',
  'SendMessageBatchCommand',
  'ChangeMessageVisibilityCommand',
  'ChangeMessageVisibilityBatchCommand',
];

/** Any AWS SDK client: only its middleware stack is used, whatever the client's inputs and outputs. */
interface Stacked {
  middlewareStack: {
    // biome-ignore lint/suspicious/noExplicitAny: the stack of any client, whatever its command types.
    add(middleware: any, options: { step: 'initialize'; name: string }): void;
    remove(name: string): boolean;
  };
}

/** Notifies `signal` after each table write (`table`) or queue send (`queues`) the client makes. */
export function wakeOn(client: Stacked, kind: 'table' | 'queues', signal: Signal): void {
  const commands = kind === 'table' ? TABLE_WRITES : QUEUE_SENDS;
  const name = `motcuaLocalWake-${kind}`;
  client.middlewareStack.remove(name);
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const result = await next(args);
        if (commands.includes(context.commandName ?? '')) signal.notify();
        return result;
      },
    { step: 'initialize', name },
  );
}

import { listOutbound, markHandedOver, type OutboundHop } from '../persistence/outbound.ts';

/**
 * How a hop reaches a unit outside this deployment (another province, a ministry's
 * system). The hand-off consumer queues such hops for their unit; a connector takes them
 * from that queue, in the order they were sent, and carries them over.
 */
export interface OutboundConnector {
  /** Carries one hop over; throws when the other side did not take it. */
  deliver(hop: OutboundHop): Promise<void>;
}

/**
 * Hands a unit's queued hops to its connector, oldest first, stopping at the first that
 * fails so that the order holds; each is marked once it is over.
 */
export async function drainOutbound(
  unit: string,
  connector: OutboundConnector,
  now: Date,
): Promise<{ handedOver: number; waiting: number }> {
  const queued = (await listOutbound(unit)).filter((entry) => entry.status === 'queued');
  let handedOver = 0;
  for (const entry of queued) {
    await connector.deliver(entry);
    if (await markHandedOver(entry, now)) handedOver += 1;
  }
  return { handedOver, waiting: queued.length - handedOver };
}

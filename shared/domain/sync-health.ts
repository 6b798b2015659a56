/**
 * How well the province's systems reach the others (the national portal, outside units'
 * systems, each webhook): per target, its deliveries by status, how long a delivered event
 * waited on average, when it last went and the last error. The national portal deducts points
 * for a system's technical faults: the share of its syncs that failed is public. Pure.
 */
export interface TargetCounts {
  target: string;
  pending: number;
  delivered: number;
  held: number;
  failed: number;
  lagMsTotal: number;
  lastAttemptAt?: string;
  lastDeliveredAt?: string;
  lastError?: { at: string; reason: string };
}

export interface TargetHealthView {
  target: string;
  delivered: number;
  pending: number;
  held: number;
  failed: number;
  /** The average time from an event to its delivery, in seconds; none before the first. */
  averageLagSeconds?: number;
  /** Of the deliveries settled (delivered or failed), the share that failed; none before the first. */
  failedShare?: number;
  lastDeliveredAt?: string;
  lastError?: { at: string; reason: string };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** The share of the settled deliveries that failed, or nothing while none has settled. */
export function failedShare(counts: Pick<TargetCounts, 'delivered' | 'failed'>): number | undefined {
  const settled = counts.delivered + counts.failed;
  return settled === 0 ? undefined : round(counts.failed / settled, 4);
}

export function healthView(counts: TargetCounts): TargetHealthView {
  const share = failedShare(counts);
  return {
    target: counts.target,
    delivered: counts.delivered,
    pending: counts.pending,
    held: counts.held,
    failed: counts.failed,
    ...(counts.delivered > 0
      ? { averageLagSeconds: round(counts.lagMsTotal / counts.delivered / 1000, 1) }
      : {}),
    ...(share === undefined ? {} : { failedShare: share }),
    ...(counts.lastDeliveredAt ? { lastDeliveredAt: counts.lastDeliveredAt } : {}),
    ...(counts.lastError ? { lastError: counts.lastError } : {}),
  };
}

/** A target never sent to: nothing yet. */
export const untouched = (target: string): TargetCounts => ({
  target,
  pending: 0,
  delivered: 0,
  held: 0,
  failed: 0,
  lagMsTotal: 0,
});

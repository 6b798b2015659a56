/** Percentiles and ratios for the bench table. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export interface LoadResult {
  p50: number;
  p99: number;
  requestsPerSecond: number;
  requests: number;
}

/** Runs `call` from `connections` concurrent loops for `seconds`, timing each call; `call` gets its loop's number. */
export async function closedLoop(
  call: (loop: number) => Promise<unknown>,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, loop) => {
      while (performance.now() < until) {
        const at = performance.now();
        await call(loop);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    requestsPerSecond: round(latencies.length / elapsed, 0),
    requests: latencies.length,
  };
}

/** The median of each figure over alternating rounds. */
export function combine(rounds: LoadResult[]): LoadResult {
  return {
    p50: round(median(rounds.map((r) => r.p50))),
    p99: round(median(rounds.map((r) => r.p99))),
    requestsPerSecond: round(median(rounds.map((r) => r.requestsPerSecond)), 0),
    requests: rounds.reduce((sum, r) => sum + r.requests, 0),
  };
}

import type { LocalRuntime } from '../infra/local/runtime.ts';
import { median, round } from './stats.ts';

export interface PageFigures {
  /** The first view's bytes: the page is the whole of it (no script, style inline, no image). */
  bytes: number;
  p50Ms: number;
  /** GET /procedures/{code} through the same gateway, alternating with the page. */
  baselineP50Ms: number;
  ratio: number;
}

/** The public page's size and time, against a catalog read through the gateway. */
export async function measurePage(runtime: LocalRuntime, samples = 60): Promise<PageFigures> {
  const timed = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${runtime.url}${path}`);
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return { ms: performance.now() - started, bytes: body.byteLength };
  };
  const page: number[] = [];
  const baseline: number[] = [];
  let bytes = 0;
  for (let at = 0; at < samples; at += 1) {
    const shown = await timed('/cong-khai');
    bytes = shown.bytes;
    page.push(shown.ms);
    baseline.push((await timed('/procedures/1.001193')).ms);
  }
  const p50 = round(median(page.slice(10)));
  const baselineP50 = round(median(baseline.slice(10)));
  return { bytes, p50Ms: p50, baselineP50Ms: baselineP50, ratio: round(p50 / baselineP50) };
}

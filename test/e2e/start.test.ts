import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/ports.ts';
import { readJson } from '../support/json.ts';

const root = resolve(import.meta.dirname, '..', '..');
const stateDir = mkdtempSync(join(tmpdir(), 'motcua-e2e-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function start(port: number, args: string[] = []) {
  const child = spawn(process.execPath, ['infra/local/start.ts', ...args], {
    cwd: root,
    env: { ...process.env, PORT: String(port), MOTCUA_STATE_DIR: stateDir, LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ctrl-C stops everything')) resolve(output);
    });
    child.stderr!.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited };
}

const javaPid = () => Number(readFileSync(join(stateDir, 'dynamodb', 'dynamodb.pid'), 'utf8'));
/** Running and not a zombie; a killed process may take a moment to go. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return spawnSync('kill', ['-0', String(pid)]).status === 0;
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let tries = 0; tries < 50 && alive(pid); tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
  return !alive(pid);
}

describe('npm start', () => {
  const base = (port: number) => `http://127.0.0.1:${port}`;
  const token = (...args: string[]) =>
    execFileSync(process.execPath, ['infra/local/token.ts', ...args], {
      cwd: root,
      env: { ...process.env, MOTCUA_STATE_DIR: stateDir },
      encoding: 'utf8',
    }).trim();
  const processingDays = async (port: number) =>
    (await readJson(await fetch(`${base(port)}/procedures/1.004873`))).processingDays;

  it('serves the demo catalog, honours tokens from npm run token, keeps its data across restarts, --fresh wipes it, and stops everything', {
    timeout: 150_000,
  }, async () => {
    const port = await freePort();
    // How fast it starts is the bench's to measure, not a test's to time.
    const first = start(port);
    const banner = await first.ready;
    expect(banner).toContain(base(port));
    expect(banner).toMatch(/curl/);

    const procedures = await readJson(await fetch(`${base(port)}/procedures`));
    expect(procedures.items.length).toBeGreaterThanOrEqual(6);

    const officer = token('--role', 'officer', '--unit', '000.01.30.H19');
    const forbidden = await fetch(`${base(port)}/admin/procedures/1.001193`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(forbidden.status).toBe(403);

    const procedure = await readJson(await fetch(`${base(port)}/procedures/1.004873`));
    const { code: _c, version: _v, origin: _o, updatedAt: _u, updatedBy: _b, ...fields } = procedure;
    const edited = await fetch(`${base(port)}/admin/procedures/1.004873`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token('--role', 'admin')}`,
        'content-type': 'application/json',
        'if-match': `"${procedure.version}"`,
      },
      body: JSON.stringify({ ...fields, processingDays: 4 }),
    });
    expect(edited.status).toBe(200);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const kept = start(port);
    await kept.ready;
    expect(await processingDays(port)).toBe(4);
    kept.child.kill('SIGINT');
    expect(await kept.exited).toBe(0);

    const fresh = start(port, ['--fresh']);
    await fresh.ready;
    expect(await processingDays(port)).toBe(3);
    const java = javaPid();
    expect(alive(java)).toBe(true);
    fresh.child.kill('SIGTERM');
    expect(await fresh.exited).toBe(0);
    expect(await gone(java)).toBe(true);
  });

  it('explains how to install Java and exits 1 when Java is missing', () => {
    const result = spawnSync(process.execPath, ['infra/local/start.ts'], {
      cwd: root,
      env: { ...process.env, PATH: dirname(process.execPath), MOTCUA_STATE_DIR: stateDir },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs Java 17 or newer/);
    expect(result.stderr).toMatch(/apt-get install/);
  });
});

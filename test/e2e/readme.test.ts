import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { useRuntime } from '../support/runtime.ts';

/**
 * The sessions of the README and the guides, run as written: every shell block marked
 * `<!-- run: <session> -->` goes, in reading order, into one shell for its session, against a
 * fresh runtime. `curl` fails on an error status here, so that an example answering 400 fails
 * the test instead of printing it.
 */
const root = resolve(import.meta.dirname, '..', '..');
// With the stand-ins of the national portal and the outside units, as `npm start` runs them.
const api = useRuntime({ standIns: true, idleConsumers: ['countIndicators'] });
// Inside the repository (npm run finds package.json from there), in the ignored state folder.
const workDir = join(root, '.motcua', `readme-${process.pid}`);
mkdirSync(workDir, { recursive: true });
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/**
 * Where the sessions are read, in this order: the README, then the guides in the order it
 * lists them. A session may go on from one document to the next (the dossier of the API guide
 * is the one the integrators' guide reads).
 */
const DOCUMENTS = [
  'README.md',
  'docs/api.md',
  'docs/integrators.md',
  'docs/operators.md',
  'docs/contributors.md',
];
const MARKER = /<!-- run:/g;
const MARKED_BLOCK = /<!-- run: ([\w-]+) -->\n```sh\n([\s\S]*?)```/g;

const text = (document: string) => readFileSync(join(root, document), 'utf8');

function sessions(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const document of DOCUMENTS) {
    for (const match of text(document).matchAll(MARKED_BLOCK)) {
      found.set(match[1]!, [...(found.get(match[1]!) ?? []), match[2]!]);
    }
  }
  return found;
}

function run(blocks: string[]): Promise<{ code: number | null; output: string }> {
  const script = ['set -euo pipefail', 'curl() { command curl --fail-with-body "$@"; }', ...blocks].join(
    '\n',
  );
  return new Promise((done) => {
    const shell = spawn('bash', ['-c', script], {
      cwd: workDir,
      env: { ...process.env, API: api.url, MOTCUA_STATE_DIR: inject('stateDir') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    shell.stdout.on('data', (chunk) => {
      output += chunk;
    });
    shell.stderr.on('data', (chunk) => {
      output += chunk;
    });
    shell.on('exit', (code) => done({ code, output }));
  });
}

const readme = sessions();

describe('the README and the guides, as written', () => {
  it('marks their sessions for this test', () => {
    expect([...readme.keys()]).toEqual(['controls', 'catalog', 'walkthrough']);
  });

  it('reads every guide that marks a session', () => {
    const guides = readdirSync(join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`);
    const unread = guides.filter((guide) => text(guide).includes('<!-- run:') && !DOCUMENTS.includes(guide));
    expect(unread).toEqual([]);
  });

  it('finds a shell block under every mark, so that none is left out', () => {
    for (const document of DOCUMENTS) {
      const marks = [...text(document).matchAll(MARKER)].length;
      const blocks = [...text(document).matchAll(MARKED_BLOCK)].length;
      expect(blocks, document).toBe(marks);
    }
  });

  it('browses the catalog and edits a procedure', { timeout: 180_000 }, async () => {
    const { code, output } = await run(readme.get('catalog')!);
    expect(code, output).toBe(0);
    expect(output).toContain('"status":"ok"');
    expect(output).toContain('"processingDays":4');
  });

  it('takes a dossier from upload to returned result, and checks its proof offline', {
    timeout: 300_000,
  }, async () => {
    const { code, output } = await run(readme.get('walkthrough')!);
    expect(code, output).toBe(0);
    expect(output).toContain('"status":"verified"');
    expect(output).toMatch(/the proof holds for 000\.02\.30\.H19-\d{6}-\d{4}/);
    expect(output).toContain('"stateName":"Đã trả kết quả"');
    expect(output).toMatch(
      /"kind":"return","fromUnit":\{"code":"000\.01\.30\.H19"[^}]*\},"toUnit":\{"code":"000\.00\.01\.H19"/,
    );
    expect(output).toContain('"stepStatus":"early"');
    expect(output).toMatch(/"address":"\+84912345678","status":"confirmed"/);
    expect(output).toMatch(
      /\{"items":\[\{"procedureCode":"1\.004873","savedAt":"[^"]+","expiresAt":"[^"]+"\}\]\}/,
    );
    expect(output).toMatch(/integrator cong-dvc: key cong-dvc\.[\w-]{43} in /);
    expect(output).toMatch(/"stateName":"Đã trả kết quả"[^\n]*"progress":\[\{"at":"[^"]+","step":"submit"/);
    expect(output).toMatch(/"MaHoSo":"G22\.99-261127-0042","state":1/);
    expect(output).toMatch(
      /msg_\S+ dossier\.submit 000\.02\.30\.H19-\d{6}-\d{4} answered 200: v1 ok, v1a ok/,
    );
    // The front door: two files fetched clean, routed on reception, handled at Lộc Ninh, the portal told as progress.
    expect(output).toMatch(
      /\{"channel:G22[^"]+":\{"status":"clean","uploadId":"[0-9a-f-]{36}"\},"[^"]+":\{"status":"clean"/,
    );
    expect(output).toContain('in-transit');
    expect(output).toMatch(
      /the portal was told \d+ steps of G22\.99-261208-0077, as new dossiers: 0 ; last state 10/,
    );
    expect(output).toMatch(/Đã trả kết quả\n+\{"settled":true\}/);
    expect(output).toMatch(/"rating":\{[^\n]*"points":17/);
    expect(output).toMatch(/"question":"Giờ làm việc buổi trưa của bộ phận một cửa\?"[^\n]*"likes":1/);
    expect(output).toMatch(/"history":\[[^\n]*"chain":\{"valid":true,"length":3\}/);
    expect(output).toMatch(/"scores":\{"groups":\{/);
  });

  it('moves the clock, runs a schedule, waits for the background work, and puts the clock back', async () => {
    const { code, output } = await run(readme.get('controls')!);
    expect(code, output).toBe(0);
    expect(output).toContain('{"now":"2026-12-24T01:00:00.000Z","frozen":true');
    expect(output).toContain('{"ran":["sweepOverdue"],"at":"2026-12-24T01:00:00.000Z"}');
    expect(output).toContain('{"settled":true}');
    expect(output).toMatch(/"frozen":false,"offsetSeconds":0\}\s*$/);
  });

  it('leaves nothing behind where the sessions ran', () => {
    expect(readdirSync(workDir)).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startLocalRuntime } from '../../infra/local/runtime.ts';
import { loadProvinceFile, provinceFile } from '../../shared/config/province.ts';
import { BIEN_HOA, journey } from '../support/dossiers.ts';
import { testApiOf } from '../support/runtime.ts';

const root = resolve(import.meta.dirname, '..', '..');

/** `npm run restore` as an operator runs it, on the local state under `stateDir`. */
const restore = (stateDir: string, ...args: string[]) =>
  spawnSync('npm', ['run', '-s', 'restore', '--', '--province', 'dong-nai', ...args], {
    cwd: root,
    env: { ...process.env, MOTCUA_STATE_DIR: stateDir },
    encoding: 'utf8',
  });

describe('npm run restore', () => {
  it('checks a copy of the local state against its checkpoints: what verifies, and a dossier the state lost', {
    timeout: 300_000,
  }, async () => {
    // The state `npm start` leaves: its own DynamoDB Local files, objects and keys.
    const stateDir = mkdtempSync(join(tmpdir(), 'motcua-restore-state-'));
    const file = provinceFile('dong-nai');
    const runtime = await startLocalRuntime({
      province: loadProvinceFile(file),
      provinceFile: file,
      stateDir,
      dynamodb: { dataDir: join(stateDir, 'dynamodb') },
      fauxqsDir: join(stateDir, 'fauxqs'),
      port: 0,
      prefix: 'motcua-dong-nai',
      logLevel: 'CRITICAL',
      standIns: false,
    });
    let codes: string[];
    try {
      const api = testApiOf(runtime);
      const flow = journey(api);
      codes = [];
      for (let at = 0; at < 2; at += 1) {
        const { code } = await flow.submit();
        await flow.act(code, BIEN_HOA, 'receive');
        codes.push(code);
      }
      await runtime.settled();
      await runtime.invoke('checkpointHistory', { detail: { settleSeconds: 0 } });
      // Then the state loses one dossier from its table.
      await DynamoDBDocumentClient.from(runtime.clients.dynamodb).send(
        new DeleteCommand({
          TableName: runtime.resources.tableName,
          Key: { pk: `DOSSIER#${codes[1]}`, sk: 'DOSSIER' },
        }),
      );
    } finally {
      await runtime.stop();
    }

    const result = restore(stateDir, '--local');
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      /: 1 dossiers, 1 verified up to a checkpoint, 0 consistent and not yet anchored, 0 failed, 1 missing/,
    );
    expect(result.stdout).toContain(`${codes[1]}: named by a checkpoint, not in the restored table`);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^The restored table does not hold: 0 dossiers fail their history, 1 are missing/,
      ),
    ]);
  });

  it('says what is wrong with the time to restore to, before asking AWS anything', {
    timeout: 180_000,
  }, () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'motcua-restore-none-'));
    for (const [args, message] of [
      [[], /^Say to when: npm run restore/],
      [['--to', 'yesterday'], /^--to yesterday is not a time: give an ISO time/],
      [
        ['--to', '2999-01-01T00:00:00Z'],
        /is in the future: a table can be restored to a past second only\.$/,
      ],
    ] as const) {
      const result = restore(stateDir, ...args);
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(message)]);
    }
    const empty = restore(stateDir, '--local');
    expect(empty.stderr.trim()).toBe(`There is no local state in ${stateDir}: run npm start first.`);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const emptyHome = mkdtempSync(join(tmpdir(), 'motcua-no-aws-'));

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * An operator's command as npm runs it, on a machine with no AWS configuration at all: only
 * what `env` adds (credentials, the endpoints of stand-ins) reaches it.
 */
export function runOperatorCommand(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CommandResult> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', '-s', script, '--', ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH!,
        HOME: emptyHome,
        AWS_CONFIG_FILE: join(emptyHome, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(emptyHome, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

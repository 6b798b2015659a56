import { spawnSync } from 'node:child_process';

export const MIN_JAVA = 17;

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

/** DynamoDB Local is the official engine, a Java program: check for Java 17+ before anything else. */
export function requireJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`;
  const major = Number(/version "(?:1\.)?(\d+)/.exec(output)?.[1] ?? Number.NaN);
  if (result.error || !(major >= MIN_JAVA)) {
    const found = result.error
      ? 'no `java` on the PATH'
      : `Java ${Number.isNaN(major) ? '(unknown version)' : major}`;
    throw new JavaMissingError(
      [
        `DynamoDB Local needs Java ${MIN_JAVA} or newer; found ${found}.`,
        'Install a JDK, then run the command again:',
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless',
        '  macOS:         brew install openjdk@17',
        '  Windows:       winget install Microsoft.OpenJDK.17',
      ].join('\n'),
    );
  }
}

let compiler: boolean | undefined;

/** Whether this Java can run a single-file source program (a JDK, not only a runtime). */
export function hasJavaCompiler(): boolean {
  compiler ??= /\bjdk\.compiler\b/.test(
    spawnSync('java', ['--list-modules'], { encoding: 'utf8' }).stdout ?? '',
  );
  return compiler;
}

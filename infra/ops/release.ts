import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpsError } from './errors.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The release being deployed: the version of the package, as CHANGELOG.md names it. */
export const RELEASE: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

/** Release versions compared part by part (major.minor.patch): negative when `a` is older. */
export function compareReleases(a: string, b: string): number {
  const parts = (version: string) => {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (!match) throw new OpsError(`${version} is not a release version (major.minor.patch).`);
    return match.slice(1).map(Number);
  };
  const [x, y] = [parts(a), parts(b)];
  for (let at = 0; at < 3; at += 1) if (x[at] !== y[at]) return x[at]! - y[at]!;
  return 0;
}

/**
 * What a deploy does to the province's release, in one line; an older release over a newer one
 * is refused, since the data may already have the newer shape.
 */
export function upgradeLine(deployed: string | undefined, installing: string = RELEASE): string {
  if (!deployed) return `installing motcua ${installing} (no earlier release in this account and region)`;
  const order = compareReleases(deployed, installing);
  if (order > 0)
    throw new OpsError(
      `The province runs motcua ${deployed}, newer than ${installing}: deploy ${deployed} or later (see CHANGELOG.md).`,
    );
  if (order === 0) return `motcua ${installing} again (the release deployed now)`;
  return `replacing motcua ${deployed} with ${installing}: read what CHANGELOG.md asks of operators between them`;
}

/** The entries of CHANGELOG.md, newest first: each release's version and its text. */
export function changelog(
  text = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'),
): { version: string; text: string }[] {
  return [...text.matchAll(/^## (\d+\.\d+\.\d+)[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/gm)].map((match) => ({
    version: match[1]!,
    text: match[2]!.trim(),
  }));
}

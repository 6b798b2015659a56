import { describe, expect, it } from 'vitest';
import { OpsError } from '../../infra/ops/errors.ts';
import { changelog, compareReleases, RELEASE, upgradeLine } from '../../infra/ops/release.ts';

describe('releases', () => {
  it('are compared part by part, not as text', () => {
    expect(compareReleases('0.10.0', '0.9.3')).toBeGreaterThan(0);
    expect(compareReleases('1.2.3', '1.2.3')).toBe(0);
    expect(compareReleases('0.2.0', '1.0.0')).toBeLessThan(0);
    expect(() => compareReleases('0.2', '0.2.0')).toThrow(OpsError);
  });

  it('say what a deploy replaces, and refuse an older release over a newer one', () => {
    expect(upgradeLine(undefined, '0.2.0')).toBe(
      'installing motcua 0.2.0 (no earlier release in this account and region)',
    );
    expect(upgradeLine('0.1.0', '0.2.0')).toMatch(
      /^replacing motcua 0\.1\.0 with 0\.2\.0: read what CHANGELOG\.md asks/,
    );
    expect(upgradeLine('0.2.0', '0.2.0')).toBe('motcua 0.2.0 again (the release deployed now)');
    expect(() => upgradeLine('0.3.0', '0.2.0')).toThrow(
      'The province runs motcua 0.3.0, newer than 0.2.0: deploy 0.3.0 or later (see CHANGELOG.md).',
    );
  });

  it('each have a CHANGELOG entry, newest first, the package’s own on top with what operators must do', () => {
    const entries = changelog();
    expect(entries[0]!.version).toBe(RELEASE);
    for (let at = 1; at < entries.length; at += 1)
      expect(compareReleases(entries[at - 1]!.version, entries[at]!.version)).toBeGreaterThan(0);
    expect(entries[0]!.text).toContain('**Operators**');
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README and the guides under docs/ link to each other and to the code: every relative
 * link must reach a file that exists and, with an `#anchor`, a heading of that file, named as
 * GitHub names it.
 */
const root = resolve(import.meta.dirname, '..', '..');
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text a reader sees as prose: fenced blocks and inline code hold no links. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`]*`/g, '');
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a Markdown file; a repeated heading gets `-1`, `-2`, … as on GitHub. */
function anchorsOf(file: string): Set<string> {
  const markdown = readFileSync(file, 'utf8').replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = anchorOf(heading!);
    const times = seen.get(base) ?? 0;
    anchors.add(times === 0 ? base : `${base}-${times}`);
    seen.set(base, times + 1);
  }
  return anchors;
}

interface Link {
  from: string;
  target: string;
}

function relativeLinks(document: string): Link[] {
  const markdown = prose(readFileSync(join(root, document), 'utf8'));
  return [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z\d+.-]*:/i.test(target))
    .map((target) => ({ from: document, target }));
}

/** What is wrong with a link, or nothing when it leads where it says. */
function brokenBecause({ from, target }: Link): string | undefined {
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? join(root, from) : resolve(root, dirname(from), decodeURI(path));
  if (!existsSync(file)) return `${relative(root, file)} does not exist`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md')) return `an anchor into ${relative(root, file)}, which has no headings`;
  return anchorsOf(file).has(decodeURIComponent(anchor))
    ? undefined
    : `${relative(root, file)} has no heading #${anchor}`;
}

describe('links between the README and the guides', () => {
  it('names headings as GitHub anchors them', () => {
    expect(anchorOf('What `npm start` does')).toBe('what-npm-start-does');
    expect(anchorOf('Dossiers: the rules as built')).toBe('dossiers-the-rules-as-built');
    expect(anchorOf('Hand-offs between units (liên thông)')).toBe('hand-offs-between-units-liên-thông');
    expect(anchorOf("Sign-in with the province's own user pool")).toBe(
      'sign-in-with-the-provinces-own-user-pool',
    );
  });

  it.each(documents)('%s links only to files and headings that exist', (document) => {
    const links = relativeLinks(document);
    const broken = links.flatMap((link) => {
      const why = brokenBecause(link);
      return why ? [`${link.target}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('finds the links it checks, outside code', () => {
    expect(relativeLinks('README.md').map((link) => link.target)).toContain('docs/api.md');
    expect(brokenBecause({ from: 'README.md', target: 'docs/api.md#no-such-heading' })).toBe(
      'docs/api.md has no heading #no-such-heading',
    );
    expect(brokenBecause({ from: 'docs/api.md', target: 'missing.md' })).toBe(
      'docs/missing.md does not exist',
    );
  });

  it('leads from the README to every guide', () => {
    const targets = new Set(relativeLinks('README.md').map((link) => link.target.split('#')[0]));
    for (const guide of documents.filter((document) => document.startsWith('docs/')))
      expect(targets, guide).toContain(guide);
  });
});

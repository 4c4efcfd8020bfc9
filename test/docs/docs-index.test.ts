// docs/README.md is an index for two readers, a student and a user: each path is an ordered list
// whose every link reaches a page that exists and, with a #fragment, a heading on that page.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const index = readFileSync(join(docs, 'README.md'), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a markdown file's headings, outside fenced blocks. */
function anchors(file: string): Set<string> {
  const result = new Set<string>();
  let fence: string | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
      continue;
    }
    const heading = fence === undefined ? /^#{1,6}\s+(.*)$/.exec(line) : null;
    if (heading) result.add(slug(heading[1]!));
  }
  return result;
}

/** The numbered list right under the `## ${title}` heading: each item's links. */
function path(title: string): string[][] {
  const lines = index.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`## ${title}`));
  if (start < 0) return [];
  const items: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    const item = /^(\d+)\. /.exec(line);
    if (item) {
      expect(Number(item[1]), `item ${items.length + 1} of "${title}" is numbered ${item[1]}`).toBe(items.length + 1);
      items.push([]);
    }
    if (items.length > 0) items.at(-1)!.push(...Array.from(line.matchAll(/\]\(([^)]+)\)/g), (m) => m[1]!));
  }
  return items;
}

describe('docs/README.md', () => {
  for (const title of ['Student: learn backprop and tuning', 'User: tune your data, deploy, distribute']) {
    it(`has a short ordered path "${title}" whose links all resolve`, () => {
      const items = path(title);
      expect(items.length).toBeGreaterThanOrEqual(4);
      expect(items.length).toBeLessThanOrEqual(8);
      for (const [i, links] of items.entries()) {
        expect(links.length, `item ${i + 1} of "${title}" links somewhere`).toBeGreaterThan(0);
        for (const link of links) {
          const [file, fragment] = link.split('#') as [string, string | undefined];
          const target = join(docs, file === '' ? 'README.md' : file);
          expect(existsSync(target), `${link}: no file ${target}`).toBe(true);
          if (fragment !== undefined) expect([...anchors(target)], `${link}: no heading with that anchor in ${file}`).toContain(fragment);
        }
      }
    });
  }

  it('the slug rule matches GitHub on the headings the index links', () => {
    expect(slug('Many machines: one study in PostgreSQL')).toBe('many-machines-one-study-in-postgresql');
    expect(slug('Bayesian optimisation, step by step')).toBe('bayesian-optimisation-step-by-step');
    expect(slug('Five ways to tune: when to use which')).toBe('five-ways-to-tune-when-to-use-which');
  });
});

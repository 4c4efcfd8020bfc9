// What the stamped builds' tests share (build-wasm.test.ts, build-ts.test.ts): a small package
// root of their own, removed after the file, and the checks that its inputs hash survives a
// copy and a touch and moves with every input.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { CHECKOUT } from '../docs/prepare-clone.ts';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A temporary package root holding `files` (path → text), with the checkout's node_modules linked (the tools' versions come from there). */
export function stampTree(prefix: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  symlinkSync(join(CHECKOUT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** The hash of a copy of `parts` of `root` elsewhere, and of `root` after `touched` got a new time, equal the original's. */
export function expectSameAfterCopyAndTouch(root: string, parts: readonly string[], touched: string, hash: (root: string) => string): void {
  const copy = mkdtempSync(join(tmpdir(), 'hyperprop-stamp-copy-'));
  temporary.push(copy);
  for (const part of parts) cpSync(join(root, part), join(copy, part), { recursive: true });
  expect(hash(copy)).toBe(hash(root));
  utimesSync(join(root, touched), new Date(), new Date(Date.now() + 60_000));
  expect(hash(root)).toBe(hash(copy));
  expect(hash(root)).toMatch(/^[0-9a-f]{64}$/);
}

/** `changed(what)` after each edit fails when the edit left `hash()` at a value it had before. */
export function hashTracker(hash: () => string): (what: string) => void {
  const seen = new Set([hash()]);
  return (what) => {
    const now = hash();
    expect(seen.has(now), `${what} left the inputs hash as it was`).toBe(false);
    seen.add(now);
  };
}

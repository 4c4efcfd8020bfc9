// Fresh journal file paths in a temporary folder, removed after the suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function tempJournals(): () => string {
  const folder = mkdtempSync(join(tmpdir(), 'hyperprop-journal-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  let count = 0;
  return () => join(folder, `study-${count++}.log`);
}

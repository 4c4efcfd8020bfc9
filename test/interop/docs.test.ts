// The docs' blocks that need Python's Optuna (tagged `no-run: needs python3-optuna …`, which the
// docs test skips) run here, as written, in a fresh folder: `hyperprop` is this checkout's bin
// and `python3` the interpreter that imports optuna.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../cli/run-cli.ts';
import { extractBlocks } from '../docs/extract-blocks.ts';
import { runBlock, RUN_LANGS } from '../docs/run-block.ts';
import { optunaPython } from './python.ts';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const blocks = DOCS.flatMap((doc) => extractBlocks(readFileSync(join(ROOT, doc), 'utf8')).filter((b) => RUN_LANGS[b.lang] !== undefined && b.flags.includes('no-run') && /python3-optuna/.test(b.reason ?? '')).map((block) => ({ doc, block })));
const folders: string[] = [];

afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

describe('doc blocks that need python3-optuna', () => {
  it('exist (the Optuna interop section of the tuning page has one)', () => {
    expect(blocks.map(({ doc }) => doc)).toContain('docs/tuning-techniques.md');
  });

  for (const { doc, block } of blocks) {
    it(`${doc}:${block.line} runs as written`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hyperprop-interop-doc-'));
      folders.push(dir);
      const bin = join(dir, '.bin');
      mkdirSync(bin);
      symlinkSync(BIN, join(bin, 'hyperprop'));
      symlinkSync(optunaPython(), join(bin, 'python3'));
      const result = await runBlock({ clone: dir, bin, name: 'block', lang: RUN_LANGS[block.lang]!, text: block.text, timeoutMs: 240_000 });
      expect(result.timedOut, result.output).toBe(false);
      expect(result.code, result.output).toBe(0);
    }, 250_000);
  }
});

// ARCHITECTURE.md against the code: every path, npm script and backticked name it gives exists,
// its code fragments are copied from the sources, its layer table covers src/ and the code obeys
// the layer rule with exactly the exceptions it lists. A renamed function or a new upward import
// fails here until the guide says so.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backImports, inlineCode, layerRanks, listedExceptions, problemWith, readRepository } from './architecture-names.ts';
import { extractBlocks } from './extract-blocks.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
const repo = readRepository(ROOT);

describe('the name check', () => {
  it('flags what does not exist and passes what does', () => {
    expect(problemWith(repo, 'MLP.fit')).toBeUndefined();
    expect(problemWith(repo, 'HyperpropAddon::Gemm')).toBeUndefined();
    expect(problemWith(repo, 'src/backend/kernel-table.ts')).toBeUndefined();
    expect(problemWith(repo, 'noSuchKernelAnywhere')).toMatch(/nothing declares/);
    expect(problemWith(repo, 'MLP.noSuchMethod')).toMatch(/declares no noSuchMethod/);
    expect(problemWith(repo, 'src/nn/no-such-file.ts')).toMatch(/no file/);
    expect(problemWith(repo, 'npm run no-such-script')).toMatch(/no npm script/);
    expect(problemWith(repo, 'HYPERPROP_NO_SUCH_VARIABLE')).toMatch(/appears in no source file/);
  });
});

describe('ARCHITECTURE.md', () => {
  it('names only paths, scripts and identifiers that exist', () => {
    const spans = [...new Set(inlineCode(GUIDE))];
    expect(spans.length).toBeGreaterThan(100);
    const problems = spans.flatMap((span) => {
      const problem = problemWith(repo, span);
      return problem === undefined ? [] : [`\`${span}\`: ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it('quotes code fragments line for line from the sources', () => {
    const sources = [...repo.files].filter(([file]) => file.startsWith('src/')).map(([, text]) => text.split('\n').map((line) => line.trim()));
    const fragments = extractBlocks(GUIDE).filter((block) => block.lang === 'ts');
    expect(fragments.length).toBeGreaterThan(0);
    for (const block of fragments) {
      const lines = block.text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
      const source = sources.find((text) => lines.every((line) => text.includes(line)));
      expect(source, `ARCHITECTURE.md:${block.line}: no file under src/ holds every line of this fragment`).toBeDefined();
    }
  });

  it('tags every code block that cannot run with its reason, as the doc test reads them', () => {
    for (const block of extractBlocks(GUIDE)) {
      if (!['ts', 'js', 'sh', 'bash'].includes(block.lang)) continue;
      expect(block.reason, `ARCHITECTURE.md:${block.line}: tag it fragment: or no-run: with a reason`).toMatch(/\w{3,}/);
    }
  });

  it('gives every top-level entry of src/ a rank in the layer table', () => {
    const ranks = layerRanks(GUIDE);
    const entries = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).map((e) => (e.isDirectory() ? `src/${e.name}/` : `src/${e.name}`));
    expect(entries.filter((entry) => !ranks.has(entry))).toEqual([]);
    expect([...ranks.keys()].filter((entry) => !entries.includes(entry))).toEqual([]);
  });

  it('lists exactly the imports that break the layer rule', () => {
    expect(backImports(repo, layerRanks(GUIDE))).toEqual(listedExceptions(GUIDE));
  });

  it('has no import that goes up or sideways (nn imports nothing from train, export nothing from cli)', () => {
    expect(listedExceptions(GUIDE)).toEqual([]);
    expect(backImports(repo, layerRanks(GUIDE))).toEqual([]);
  });

  it('sees an upward import in every form it can take', () => {
    const forms: [string, string][] = [
      ["import { fitModel } from '../train/fit.ts';", 'src/train/fit.ts'],
      ["import type { History } from '../train/fit.ts';", 'src/train/fit.ts'],
      ["import {\n  type FitOptions,\n} from '../train/fit.ts';", 'src/train/fit.ts'],
      ["export { earlyStopping } from '../train/callbacks/early-stopping.ts';", 'src/train/callbacks/early-stopping.ts'],
      ["import '../train/fit.ts';", 'src/train/fit.ts'],
      ["const fit = await import('../train/fit.ts');", 'src/train/fit.ts'],
      ['import { fitModel } from "../train/fit.ts";', 'src/train/fit.ts'],
      ["declare module '../train/fit.ts' {}", 'src/train/fit.ts'],
      ["import { runSweep } from '../../cli/sweep-run.ts';", 'src/cli/sweep-run.ts'],
    ];
    for (const [form, target] of forms) {
      const file = target.includes('/cli/') ? 'src/export/deep/file.ts' : 'src/nn/model.ts';
      const files = new Map([[file, `// a model\n${form}\n`]]);
      expect(backImports({ ...repo, files }, layerRanks(GUIDE)), form).toEqual([`${file} -> ${target}`]);
    }
    const downward = new Map([['src/train/fit.ts', "import { MLP } from '../nn/mlp.ts';\ndeclare module '../nn/trainer.ts' {}\n"]]);
    expect(backImports({ ...repo, files: downward }, layerRanks(GUIDE))).toEqual([]);
  });

  it('is linked from the README and the docs index', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](ARCHITECTURE.md)');
    expect(readFileSync(join(ROOT, 'docs', 'README.md'), 'utf8')).toContain('](../ARCHITECTURE.md)');
  });
});

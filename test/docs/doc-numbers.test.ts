// Numbers quoted in docs/ against the code or the command that produces them. Each check reads the
// page, so editing a number without rerunning its command (or a change of the code that moves it)
// fails here. Commands slower than a few seconds are not run: their pages say which command,
// backend and date produced the figures.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hyperbandBrackets, hyperbandTotalConfigurations, hyperbandTotalResource } from '../../src/tune/pruners/hyperband-brackets.ts';
import { HyperbandPruner } from '../../src/tune/pruners/hyperband-pruner.ts';
import { tpeRun } from '../../bench/tune-tpe.ts';
import { branin, median } from '../../bench/tune-problems.ts';
import { RandomSampler } from '../../src/tune/samplers/random.ts';
import { TPESampler, type TPESamplerOptions } from '../../src/tune/samplers/tpe/index.ts';
import type { Sampler } from '../../src/tune/types.ts';
import { exampleArgs } from '../fixtures/compiled-entry.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const page = (name: string): string => readFileSync(`${root}docs/${name}`, 'utf8');

/** The cells of the markdown table whose header row starts with `| ${firstHeader} |`. */
function table(text: string, firstHeader: string): string[][] {
  // A table inside a list item is indented.
  const lines = text.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith(`| ${firstHeader} |`));
  if (start < 0) throw new Error(`no table headed "${firstHeader}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    if (/^\|[-:| ]+\|$/.test(line)) continue;
    rows.push(line.slice(1, -1).split('|').map((cell) => cell.trim()));
  }
  return rows;
}

function numbersIn(text: string): number[] {
  return (text.match(/\d+(?:\.\d+)?(?:e[+-]\d+)?/g) ?? []).map(Number);
}

function expectClose(quoted: number, measured: number, relative: number, what: string): void {
  expect(Math.abs(quoted - measured), `${what}: the page says ${quoted}, the command printed ${measured}`).toBeLessThanOrEqual(relative * Math.abs(measured));
}

describe('docs/vanishing-gradients.md', () => {
  // The example on the js backend (the page names it), 3 epochs: about 4 s of CPU.
  let output: Promise<string> | undefined;
  // Run as `npx tsx` runs it, without tsx's loader in the process while dist/ is current
  // (compiled-entry.ts: the types erased, nothing else rewritten; 'hyperprop' is the same bundle).
  const run = (): Promise<string> =>
    (output ??= exampleArgs('examples/vanishing-gradients.ts')
      .then((args) => promisify(execFile)(process.execPath, [...args, '--epochs', '3'], { cwd: root, env: { ...process.env, HYPERPROP_BACKEND: 'js' }, maxBuffer: 1 << 20 }))
      .then((r) => r.stdout));
  const text = page('vanishing-gradients.md');
  const TOLERANCE = 0.01;

  it('quotes the last two lines of `npx tsx examples/vanishing-gradients.ts --epochs 3` within 1%', { timeout: 120_000 }, async () => {
    const output = await run();
    for (const prefix of ['first-layer gradient norm in the last epoch:', "against sigmoid's:"]) {
      const quoted = text.split('\n').find((line) => line.startsWith(prefix));
      const printed = output.split('\n').find((line) => line.startsWith(prefix));
      expect(quoted, `the page quotes "${prefix}"`).toBeDefined();
      expect(printed, `the example prints "${prefix}"`).toBeDefined();
      // Names first: the same variants in the same order.
      expect(quoted!.replace(/\d[\d.e+-]*/g, '#')).toBe(printed!.replace(/\d[\d.e+-]*/g, '#'));
      const q = numbersIn(quoted!);
      const p = numbersIn(printed!);
      expect(q).toHaveLength(p.length);
      q.forEach((value, i) => expectClose(value, p[i]!, TOLERANCE, prefix));
    }
  });

  it("quotes the example's third-epoch rows (layers 1, 4, 8, 9 and the loss) within 1%", { timeout: 120_000 }, async () => {
    const output = await run();
    const rows = table(text, 'variant');
    const header = rows[0]!;
    const body = rows.slice(1);
    expect(body.map((r) => r[0])).toEqual(['sigmoid', 'tanh', 'relu', 'relu + batch norm']);
    for (const row of body) {
      const section = output.split(`\n${row[0]}: `)[1];
      expect(section, `the example prints a section for ${row[0]}`).toBeDefined();
      const epoch3 = section!.split('\n').find((line) => /^\s+3\s/.test(line));
      const printed = numbersIn(epoch3!).slice(1); // L1 … L9, then the loss
      header.slice(1).forEach((column, c) => {
        const layer = /^layer (\d+)/.exec(column);
        const measured = layer ? printed[Number(layer[1]) - 1]! : printed.at(-1)!;
        expect(layer !== null || column === 'loss').toBe(true);
        expectClose(Number(row[c + 1]), measured, TOLERANCE, `${row[0]}, ${column}`);
      });
    }
  });
});

describe('docs/tuning-techniques.md', () => {
  const text = page('tuning-techniques.md');
  const lines = text.split('\n');
  const brackets = hyperbandBrackets(81, 3);
  const pruner = new HyperbandPruner({ maxResource: 81 });

  it("quotes Li et al.'s brackets for R = 81, η = 3 as hyperbandBrackets computes them", () => {
    const quoted = lines.filter((line) => /^s=\d: /.test(line));
    expect(quoted).toEqual(brackets.map(({ s, rounds }) => `s=${s}: ${rounds.map(({ n, r }) => `(${n},${r})`).join(' ')}`));
    // The paper's table, written out independently of the code.
    expect(quoted).toEqual([
      's=4: (81,1) (27,3) (9,9) (3,27) (1,81)',
      's=3: (34,3) (11,9) (3,27) (1,81)',
      's=2: (15,9) (5,27) (1,81)',
      's=1: (8,27) (2,81)',
      's=0: (5,81)',
    ]);
    const totals = `${hyperbandTotalConfigurations(brackets)} configurations, ${hyperbandTotalResource(brackets)} epochs (${hyperbandTotalResource(brackets, { promotedContinue: true })} when`;
    expect(text).toContain(totals);
  });

  it("quotes HyperbandPruner's bracket shares, rungs and trial assignment", () => {
    for (let b = 0; b < pruner.nBrackets; b++) {
      const share = `${pruner.bracketBudgets[b]}/143`;
      const rungs = pruner.bracketPruner(b).rungSteps();
      expect(lines).toContain(`bracket ${b}: share ${share}, rungs at epochs [${rungs.join(', ')}]`);
      // The markdown table of the asynchronous rules: | b (s = …) | share | rungs |.
      const row = table(text, 'bracket b (paper\'s s)').find((cells) => cells[0] === `${b} (s = ${pruner.nBrackets - 1 - b})`);
      expect(row, `a table row for bracket ${b}`).toBeDefined();
      expect(row![1]).toBe(share);
      expect(row![2]).toBe(rungs.length === 0 ? 'none: trains to 81' : rungs.join(', '));
    }
    expect(lines).toContain(`trials 0-9 go to brackets ${Array.from({ length: 10 }, (_, i) => pruner.bracketOf(i)).join(' ')}`);
  });

  it("quotes the brackets of examples/compare.yaml's 27 epochs", () => {
    const small = new HyperbandPruner({ maxResource: 27 });
    const shares = small.bracketBudgets;
    const total = shares.reduce((sum, n) => sum + n, 0);
    const rungs = Array.from({ length: small.nBrackets }, (_, b) => small.bracketPruner(b).rungSteps().join(', ') || 'none').join(' / ');
    const count = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'][small.nBrackets];
    const sentence = `${count} brackets (shares ${shares.slice(0, -1).join(', ')} and ${shares.at(-1)} of ${total}; rungs at ${rungs})`;
    expect(text.replace(/\s+/g, ' ').includes(sentence), `the page says "${sentence}"`).toBe(true);
  });
});

describe('docs/tuning-techniques.md: TPE against Optuna 3.1', () => {
  const text = page('tuning-techniques.md');
  // | function | n | default | Optuna's settings | Optuna 3.1 |, minus signs written as −.
  const rows = table(text, 'function').slice(1).map(([fn, n, ...values]) => ({ fn: fn!, n: Number(n), values: values.map((v) => Number(v.replace('−', '-'))) }));
  const row = (fn: string, n: number) => rows.find((r) => r.fn === fn && r.n === n)!;
  const flat = text.replace(/\s+/g, ' ');

  it("quotes Optuna 3.1's medians (REFERENCE.md's rows, as bench/tune-tpe.ts compares against them)", () => {
    expect(rows.map((r) => `${r.fn} ${r.n} ${r.values[2]}`)).toEqual([
      'Branin 20 1.367', 'Branin 50 0.57', 'Hartmann6 50 -2.761', 'Hartmann6 100 -3.068',
      'Branin, multivariate 20 1.576', 'Branin, multivariate 50 0.558', 'Hartmann6, multivariate 50 -3', 'Hartmann6, multivariate 100 -3.134',
    ]);
  });

  // Branin's rows of `npx tsx bench/tune-tpe.ts --seeds 20` (about 1.5 s; Hartmann6's take ten times that).
  it('quotes the Branin medians over seeds 0-19 that bench/tune-tpe.ts prints, to its 3 decimals', { timeout: 60_000 }, async () => {
    const medians = async (make: (seed: number) => Sampler): Promise<string[]> => {
      const curves: number[][] = [];
      for (let seed = 0; seed < 20; seed++) curves.push(await tpeRun(branin, make(seed), seed, 50));
      return [20, 50].map((n) => median(curves.map((c) => c[n - 1]!)).toFixed(3));
    };
    const tpe = (options: TPESamplerOptions) => (seed: number) => new TPESampler({ seed, ...options });
    for (const [fn, multivariate] of [['Branin', false], ['Branin, multivariate', true]] as const) {
      const byDefault = await medians(tpe({ multivariate }));
      const optunaSettings = await medians(tpe({ multivariate, nEiCandidates: 24 }));
      [20, 50].forEach((n, k) => {
        expect(row(fn, n).values[0]!.toFixed(3), `${fn} at ${n}, default`).toBe(byDefault[k]);
        expect(row(fn, n).values[1]!.toFixed(3), `${fn} at ${n}, Optuna's settings`).toBe(optunaSettings[k]);
      });
    }
    const random = await medians((seed) => new RandomSampler({ seed }));
    expect(flat).toContain(`Random search over the same seeds is at ${random[0]} and ${random[1]} (Branin, 20 and 50)`);
  });

  it('says where TPE matches Optuna 3.1 as the table shows it', () => {
    const behind = rows.filter((r) => r.values[0]! > r.values[2]!).map((r) => `${r.fn} ${r.n}`);
    expect(behind).toEqual(['Branin, multivariate 20', 'Branin, multivariate 50', 'Hartmann6, multivariate 50', 'Hartmann6, multivariate 100']);
    expect(flat).toContain("Our default is at least as good as Optuna 3.1's default TPE on all four univariate rows");
    expect(flat).toContain('multivariate, it is behind Optuna 3.1 on all four rows');
  });
});

// The worked example is one network everywhere: docs/backprop-step-by-step.md runs its two
// `sh test=worked-example` blocks (the trace script; hyperprop train examples/xor.yaml --trace
// with its run record and report) on the js backend, whose sums run in a fixed order, and this
// test checks that the page, the script, the command line, the run record and the report show
// the same first step, that the step is what its formulas give in float64, and that the epochs
// the page names for the plateau's end are what the run prints.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceLabels, INPUT_LABEL } from '../../src/nn/trace-labels.ts';
import type { BackpropTrace } from '../../src/nn/trace.ts';
import { compiledTsxEntries, tsxShimArms } from '../fixtures/compiled-entry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = readFileSync(join(ROOT, 'docs', 'backprop-step-by-step.md'), 'utf8');

interface Fence {
  info: string;
  text: string;
}

/** The page's fenced blocks and the prose between them. */
function splitPage(markdown: string): { fences: Fence[]; prose: string } {
  const fences: Fence[] = [];
  const prose: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) {
      prose.push(lines[i]!);
      continue;
    }
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    fences.push({ info: open[1]!.trim(), text: body.join('\n') });
  }
  return { fences, prose: prose.join('\n') };
}

const { fences, prose } = splitPage(PAGE);
const runBlocks = fences.filter((f) => /^sh\b.*\btest=worked-example\b/.test(f.info));
const textBlocks = fences.filter((f) => f.info === 'text');

function bash(script: string, cwd: string, path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${path}:${process.env.PATH ?? ''}` };
  // The block picks its backend itself, as a reader's shell would.
  delete env.HYPERPROP_BACKEND;
  return new Promise((resolve, reject) => {
    execFile('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env, maxBuffer: 64 << 20, timeout: 180_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let script: string;
let cli: string;
let run: { trace: BackpropTrace; history: { epoch: number[]; series: Record<string, number[]> } };
let report: string;

beforeAll(async () => {
  // The blocks run as written, in a scratch folder holding examples/, with an `npx` that starts
  // this checkout's tsx and bin (what npx resolves to in a checkout), so nothing lands in it.
  // `npx tsx <example>.ts` runs the example compiled once to JavaScript (compiled-entry.ts: what
  // tsx executes, types erased and nothing else rewritten, each module's import.meta its own)
  // with plain node, without tsx's loader in the process (~0.25 s of CPU); 'hyperprop' resolves
  // to the same bundle either way.
  dir = mkdtempSync(join(tmpdir(), 'hyperprop-worked-example-'));
  symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
  const shims = join(dir, '.shims');
  mkdirSync(shims);
  const npx = join(shims, 'npx');
  const compiled = tsxShimArms(await compiledTsxEntries(runBlocks.map((f) => f.text)));
  writeFileSync(
    npx,
    [
      '#!/bin/sh',
      'case "$1" in',
      `  tsx) shift; case "$1" in`,
      ...compiled,
      `  esac; exec "${join(ROOT, 'node_modules', '.bin', 'tsx')}" "$@" ;;`,
      `  hyperprop) shift; exec "${process.execPath}" "${join(ROOT, 'bin', 'hyperprop.mjs')}" "$@" ;;`,
      'esac',
      'echo "npx $1: not a command of this checkout" >&2; exit 127',
      '',
    ].join('\n'),
  );
  chmodSync(npx, 0o755);
  expect(runBlocks).toHaveLength(2);
  const [trace, train] = runBlocks as [Fence, Fence];
  const scriptRun = await bash(trace.text, dir, shims);
  expect(scriptRun.code, scriptRun.stderr).toBe(0);
  script = scriptRun.stdout;
  const cliRun = await bash(train.text, dir, shims);
  expect(cliRun.code, cliRun.stderr).toBe(0);
  cli = cliRun.stdout;
  run = JSON.parse(readFileSync(join(dir, 'xor-run.json'), 'utf8'));
  report = readFileSync(join(dir, 'xor.html'), 'utf8');
}, 400_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The script's output up to its epoch table: the first step, as formatTrace prints it. */
const traceText = () => script.slice(0, script.indexOf('\nepoch   loss (BCE)'));
const tableText = () => script.slice(script.indexOf('epoch   loss (BCE)'));

/** formatTrace's tables by title, as printed strings. */
function printedTables(text: string): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!/^ {2}\S/.test(lines[i]!) || !/^ {2}(row|u) /.test(lines[i + 1]!)) continue;
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && /^ {2}(row|u)\d+ /.test(lines[j]!); j++) rows.push(lines[j]!.trim().split(/\s+/).slice(1));
    tables.set(lines[i]!.trim(), rows);
  }
  return tables;
}

/** Title → the run record's numbers for it. */
function recordTables(trace: BackpropTrace): Map<string, number[][]> {
  const tables = new Map<string, number[][]>([[INPUT_LABEL, trace.input]]);
  for (const layer of trace.layers) {
    const labels = traceLabels(layer.layer, trace.layers.length);
    tables.set(labels.z, layer.z).set(labels.a, layer.a).set(labels.delta, layer.delta);
    tables.set(labels.weights, layer.weights).set(labels.dWeights, layer.dWeights).set(labels.weightsAfter, layer.weightsAfter);
    tables.set(labels.bias.join(', '), layer.bias.map((b, j) => [b, layer.dBias[j]!, layer.biasAfter[j]!]));
  }
  return tables;
}

const LN2 = Math.log(2);

describe('the worked example (docs/backprop-step-by-step.md)', () => {
  it('quotes the first step and the epoch table exactly as the script prints them on the js backend', () => {
    expect(textBlocks.length).toBeGreaterThanOrEqual(2);
    expect(textBlocks[0]!.text).toBe(traceText().trimEnd());
    expect(textBlocks[1]!.text).toBe(tableText().trimEnd());
  });

  it('hyperprop train examples/xor.yaml --trace prints the same first step, and its run record holds the same numbers', () => {
    expect(cli).toContain('model 2 → 4 sigmoid → 1 sigmoid (17 parameters, binaryCrossEntropy)');
    expect(cli).toContain(traceText());
    expect(run.trace.layers.map((l) => l.layer)).toEqual([1, 2]);
    const printed = printedTables(traceText());
    const recorded = recordTables(run.trace);
    expect([...printed.keys()]).toEqual([...recorded.keys()]);
    for (const [title, rows] of recorded) {
      expect(printed.get(title), title).toEqual(rows.map((row) => row.map((v) => v.toFixed(6))));
    }
    expect(run.trace.loss.toFixed(6)).toBe(/loss before the step (\S+)/.exec(traceText())![1]);
  });

  it("the report's trace tables carry the same captions and numbers (to its five decimals)", () => {
    const section = report.slice(report.indexOf('<section id="trace">'));
    const tables = [...section.matchAll(/<caption>([^<]*)<\/caption>(.*?)<\/table>/g)].map((m) => ({
      title: m[1]!.replace(/^(Forward|Backward|Update): /, ''),
      rows: [...m[2]!.matchAll(/<tr><th>[^<]+<\/th>(.*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((c) => Number(c[1]))),
    }));
    const printed = printedTables(traceText());
    expect(tables.map((t) => t.title).sort()).toEqual([...printed.keys()].sort());
    for (const { title, rows } of tables) {
      const want = printed.get(title)!.map((row) => row.map(Number));
      expect(rows.length, title).toBe(want.length);
      // Five decimals against six: at most half a unit in the fifth, plus the sixth's rounding.
      rows.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!), `${title} [${i}][${j}]`).toBeLessThanOrEqual(5.5e-6)));
    }
  });

  it('the first step recomputed in float64 from the printed weights agrees to the printed precision', () => {
    const t = printedTables(traceText());
    const num = (title: string) => t.get(title)!.map((row) => row.map(Number));
    const x = num(INPUT_LABEL);
    const target = [0, 1, 1, 0];
    const [l1, l2] = [traceLabels(1, 2), traceLabels(2, 2)];
    const w1 = num(l1.weights);
    const w2 = num(l2.weights);
    const b1 = num(l1.bias.join(', ')).map((r) => r[0]!);
    const b2 = num(l2.bias.join(', ')).map((r) => r[0]!);
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const z1 = x.map((row) => w1.map((w, u) => w[0]! * row[0]! + w[1]! * row[1]! + b1[u]!));
    const a1 = z1.map((row) => row.map(sigmoid));
    const z2 = a1.map((row) => [w2[0]!.reduce((s, w, k) => s + w * row[k]!, b2[0]!)]);
    const a2 = z2.map((row) => row.map(sigmoid));
    const loss = -a2.reduce((s, [p], i) => s + (target[i] === 1 ? Math.log(p!) : Math.log(1 - p!)), 0) / 4;
    const d2 = a2.map(([p], i) => [(p! - target[i]!) / 4]);
    const d1 = d2.map(([d], i) => w2[0]!.map((w, u) => d! * w * a1[i]![u]! * (1 - a1[i]![u]!)));
    const dw2 = [w2[0]!.map((_, k) => d2.reduce((s, [d], i) => s + d! * a1[i]![k]!, 0))];
    const dw1 = w1.map((_, u) => [0, 1].map((k) => d1.reduce((s, row, i) => s + row[u]! * x[i]![k]!, 0)));
    const db2 = d2.reduce((s, [d]) => s + d!, 0);
    const want: [string, number[][]][] = [
      [l1.z, z1], [l1.a, a1], [l2.z, z2], [l2.a, a2], [l2.delta, d2], [l1.delta, d1], [l2.dWeights, dw2], [l1.dWeights, dw1],
      [l2.weightsAfter, w2.map((row, u) => row.map((w, k) => w - 0.5 * dw2[u]![k]!))],
      [l1.weightsAfter, w1.map((row, u) => row.map((w, k) => w - 0.5 * dw1[u]![k]!))],
    ];
    for (const [title, values] of want) {
      const got = num(title);
      // Inputs printed to 1e-6 carry their rounding into each result: 3e-6 covers it.
      values.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(got[i]![j]! - v), `${title} [${i}][${j}]`).toBeLessThan(3e-6)));
    }
    expect(Math.abs(loss - Number(/loss before the step (\S+)/.exec(traceText())![1]))).toBeLessThan(3e-6);
    expect(Math.abs(num(l2.bias.join(', '))[0]![1]! - db2)).toBeLessThan(3e-6);
  });

  it('the plateau, escape and solved epochs the page quotes are what the xor.yaml run records', () => {
    const loss = run.history.series.loss!;
    const accuracy = run.history.series.accuracy!;
    expect(loss).toHaveLength(2000);
    // Defined here again, independently of the script: within 1% of ln 2, 1% below it, accuracy 1.
    const start = loss.findIndex((v) => Math.abs(v - LN2) <= 0.01 * LN2) + 1;
    const escape = loss.findIndex((v, i) => i + 1 > start && v < 0.99 * LN2) + 1;
    const solved = accuracy.indexOf(1) + 1;
    expect([start, escape, solved]).toEqual([6, 478, 863]);
    const summary = [
      `plateau: from epoch ${start}, the loss within 1% of ln 2`,
      `escape: epoch ${escape}, loss ${loss[escape - 1]!.toFixed(6)}, the first 1% below ln 2`,
      `solved: epoch ${solved}, loss ${loss[solved - 1]!.toFixed(6)}, the first with every row on the right side of 0.5 (accuracy 1)`,
      `last: epoch 2000, loss ${loss[1999]!.toFixed(6)}, accuracy 1`,
    ];
    for (const line of summary) {
      expect(script).toContain(`${line}\n`);
      expect(textBlocks[1]!.text).toContain(line);
    }
    // Each row of the table is the run's epoch: the same loss and accuracy.
    for (const line of tableText().split('\n').filter((l) => /^ +\d+ {3}/.test(l))) {
      const [epoch, value, ...rest] = line.trim().split(/\s+/);
      expect(value, `epoch ${epoch}`).toBe(loss[Number(epoch) - 1]!.toFixed(6));
      expect(rest.find((cell) => /^\d\.\d\d$/.test(cell)), `epoch ${epoch}`).toBe(accuracy[Number(epoch) - 1]!.toFixed(2));
    }
    expect(prose).toContain(`at epoch ${escape} (${loss[escape - 1]!.toFixed(6)}`);
    expect(prose).toContain(`at epoch ${solved}\n   (loss ${loss[solved - 1]!.toFixed(6)}`);
    expect(prose).toContain('js backend');
  });

  it("every number the page's prose quotes to three or more decimals (or as a percentage) is one the script prints", () => {
    const printed = new Set(script.split(/[\s,():=]+/).map((token) => token.replace(/−/g, '-')));
    const output = fences.find((f) => f.info === 'text output');
    const quoted = [...`${prose}\n${output?.text ?? ''}`.matchAll(/[−-]?\d+\.(?:\d{2}%|\d{3,}(?![\d%]))/g)].map((m) => m[0].replace(/−/g, '-'));
    expect(quoted.length).toBeGreaterThan(20);
    expect(quoted.filter((n) => !printed.has(n))).toEqual([]);
  });
});

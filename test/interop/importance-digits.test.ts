// Our fANOVA (`hyperprop importance`) against Optuna 3.1's (FanovaImportanceEvaluator(seed=0)) on
// one digits study tuned from the CLI and exported with `hyperprop export --format optuna`: the
// same top parameter, and rank orders that agree (Spearman's ρ ≥ MIN_RHO).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hyperprop } from '../cli/run-cli.ts';
import { optunaRdb } from './python.ts';

// Random search, so the forest sees the whole space; 3 epochs, so 30 trials take seconds. Every
// range is linear: Optuna 3.1's fANOVA measures a log range on the linear scale (its
// _SearchSpaceTransform with transform_log=False), ours on the log scale it was searched on, so
// where a log-range parameter matters the two rank differently by design (on this space with lr
// and l2 log-ranged, tune seeds 1-4, the top parameter differed at seeds 1, 3 and 4). Four, sixteen
// or sixty-four units and batches of 16 to 256 make several parameters matter at 3 epochs, so the
// ranking is not lr and noise.
const CONFIG = `
data:
  builtin: digits
  scaling: minmax
  split: { test: 0.2, validation: 0.2, seed: 0 }
tune:
  study: digits
  metric: accuracy
  epochs: 3
  trials: 30
  parallelism: 2
  seed: 1
  sampler: { type: random }
  pruner: { type: none }
  space:
    lr: { type: float, low: 0.005, high: 0.2 }
    units: { type: categorical, choices: [4, 16, 64] }
    l2: { type: float, low: 0, high: 0.01 }
    batchSize: { type: categorical, choices: [16, 64, 256] }
    activation: { type: categorical, choices: [relu, tanh] }
`;

/**
 * Measured on the native backend, tune seeds 1-6 of this config: the same top parameter at all
 * six, identical orders at five (ρ = 1), and at seed 5 two neighbouring pairs swapped (ρ = 0.8:
 * lr 0.204 and activation 0.117 in ours, 0.115 and 0.186 in Optuna's). Seed 1, run here, gave
 * ρ = 1; another backend's slightly different accuracies may swap close neighbours, so the bar
 * is the lowest measured, 0.8, which still fails orders as far apart as the log-scale difference
 * above made them (ρ = 0.6 at seed 1 of the log-ranged space).
 */
const MIN_RHO = 0.8;

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-interop-importance-'));
let ours: string[];
let theirs: string[];

/** Spearman's rank correlation of two orderings of the same names (no ties). */
function spearman(a: readonly string[], b: readonly string[]): number {
  const n = a.length;
  const d2 = a.reduce((sum, name, i) => sum + (i - b.indexOf(name)) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

beforeAll(async () => {
  writeFileSync(join(folder, 'digits.yaml'), CONFIG);
  const run = async (args: string[]) => {
    const result = await hyperprop(args, { cwd: folder });
    if (result.code !== 0) throw new Error(`hyperprop ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
    return result.stdout;
  };
  await run(['tune', 'digits.yaml', '--storage', 'digits.db', '--quiet']);
  const importance = JSON.parse(await run(['importance', 'digits.db', '--json'])) as { studies: { params: { name: string }[] }[] };
  ours = importance.studies[0]!.params.map((p) => p.name);
  await run(['export', 'digits.db', 'digits-optuna.db', '--format', 'optuna']);
  theirs = (await optunaRdb<[string, number][]>('importance', join(folder, 'digits-optuna.db'), 'digits')).map(([name]) => name);
  console.log(`importance on digits: ours ${ours.join(' > ')}; Optuna 3.1 ${theirs.join(' > ')}; Spearman ρ = ${spearman(ours, theirs).toFixed(2)}`);
}, 300_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("fANOVA importance on an exported digits study, ours and Optuna's", () => {
  it('ranks the same parameters, with the same one on top', () => {
    expect([...ours].sort()).toEqual([...theirs].sort());
    expect(ours[0]).toBe(theirs[0]);
  });

  it(`orders them alike: Spearman's ρ ≥ ${MIN_RHO}`, () => {
    expect(spearman(ours, theirs)).toBeGreaterThanOrEqual(MIN_RHO);
  });
});

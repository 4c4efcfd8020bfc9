// Our fANOVA (`hyperprop importance`) against Optuna 3.1's (FanovaImportanceEvaluator(seed=0)) on
// one digits study tuned from the CLI and exported with `hyperprop export --format optuna`: the
// same top parameter up to a tie of TIE, shares within MAX_SHARE_GAP, and rank orders that agree
// (Spearman's ρ ≥ MIN_RHO), both forests of TREES trees.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hyperprop } from '../cli/run-cli.ts';
import { optunaRdb } from './python.ts';

// Random search, so the forest sees the whole space; 3 epochs, so 30 trials take seconds. Every
// range is linear: Optuna 3.1's fANOVA measures a log range on the linear scale (its
// _SearchSpaceTransform with transform_log=False), ours on the log scale it was searched on, so
// where a log-range parameter matters the two differ by design (on this space with lr and l2
// log-ranged: with 64 trees the top parameter differed at tune seeds 1, 3 and 4 of 1-4; with 512,
// at seeds 1-6, shares up to 0.27 apart, against at most 0.095 with linear ranges). Four, sixteen
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
 * Trees in each forest. With Optuna's default of 64, each forest's own randomness decides the
 * order of parameters whose shares are close, so a change in the study's last digits (a kernel
 * that sums a batch of 16 in another order) reordered them: at tune seeds 1-6 of this config, on
 * the native backend with batch 16's forward products summed two ways (packed tiles, and dot
 * products in passes of four rows), the top parameter differed in 3 of the 12 runs and ρ fell to
 * 0.5-0.7 in 3 (seed 3: ours l2 0.326, units 0.300, lr 0.237; Optuna's lr 0.304, units 0.292, l2
 * 0.260). With 512, seeds 1-8 summed three ways (those two, and passes of five and six rows; 24
 * runs) gave ρ = 1 in fifteen, 0.9 in seven and 0.8 in two (seed 5: activation 0.107 in ours,
 * 0.202 in Optuna's), no share more than 0.095 apart, and the same top parameter in 23; in the
 * 24th (seed 3, six-row passes) Optuna's top two tie at 0.299 (lr, units) and ours has units
 * 0.329, lr 0.282. Each forest takes about a second.
 */
const TREES = 512;

/**
 * Shares closer than this are a tie between the two implementations: the most any parameter's
 * share differed between them in those 24 runs was 0.095.
 */
const TIE = 0.1;

/**
 * The most one parameter's share may differ between the two. In those 24 runs it was at most
 * 0.095; with lr and l2 log-ranged (where Optuna 3.1 measures on the linear scale), seeds 1-6 of
 * the same config gave 0.27, 0.22 and 0.12 at three of them, with the same ranks.
 */
const MAX_SHARE_GAP = 0.12;

/**
 * The lowest ρ measured in those 24 runs: it allows two swaps of neighbours (five parameters) and
 * fails one parameter moved two places (ρ = 0.6).
 */
const MIN_RHO = 0.8;

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-interop-importance-'));
/** Each implementation's shares, most important first. */
let ours: Map<string, number>;
let theirs: Map<string, number>;

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
  const importance = JSON.parse(await run(['importance', 'digits.db', '--json', '--trees', String(TREES)])) as { studies: { params: { name: string; importance: number }[] }[] };
  ours = new Map(importance.studies[0]!.params.map((p) => [p.name, p.importance]));
  await run(['export', 'digits.db', 'digits-optuna.db', '--format', 'optuna']);
  theirs = new Map(await optunaRdb<[string, number][]>('importance', join(folder, 'digits-optuna.db'), 'digits', String(TREES)));
  const show = (shares: Map<string, number>) => [...shares].map(([name, share]) => `${name} ${share.toFixed(3)}`).join(' > ');
  console.log(`importance on digits: ours ${show(ours)}; Optuna 3.1 ${show(theirs)}; Spearman ρ = ${spearman([...ours.keys()], [...theirs.keys()]).toFixed(2)}`);
}, 300_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("fANOVA importance on an exported digits study, ours and Optuna's", () => {
  it(`ranks the same parameters, and each puts on top one the other ranks within ${TIE} of its own top`, () => {
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    const [ourTop, ourTopShare] = [...ours][0]!;
    const [theirTop, theirTopShare] = [...theirs][0]!;
    expect(theirs.get(ourTop)!, `Optuna's share of our top, ${ourTop}`).toBeGreaterThanOrEqual(theirTopShare - TIE);
    expect(ours.get(theirTop)!, `our share of Optuna's top, ${theirTop}`).toBeGreaterThanOrEqual(ourTopShare - TIE);
  });

  it(`gives each parameter a share within ${MAX_SHARE_GAP} of the other's`, () => {
    for (const [name, share] of ours) expect(Math.abs(share - theirs.get(name)!), name).toBeLessThanOrEqual(MAX_SHARE_GAP);
  });

  it(`orders them alike: Spearman's ρ ≥ ${MIN_RHO}`, () => {
    expect(spearman([...ours.keys()], [...theirs.keys()])).toBeGreaterThanOrEqual(MIN_RHO);
  });
});

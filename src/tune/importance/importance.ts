// Hyperparameter importance of a study: a random forest fit on the complete trials (parameters
// → objective value), decomposed by fANOVA into each parameter's share of the variance. Pruned,
// failed and running trials are left out: a pruned trial's value is a score at an earlier epoch,
// not the objective. Seeded, so one seed gives the same forest and the same ranking.
import { NotEnoughTrialsError, rangeError, typeError } from '../../errors.ts';
import type { FrozenTrial, StudyView } from '../types.ts';
import { fanovaImportance } from './fanova.ts';
import { fitRandomForest } from './random-forest.ts';
import { trialMatrix } from './trial-matrix.ts';

export const IMPORTANCE_EVALUATORS = ['fanova'] as const;
export type ImportanceEvaluator = (typeof IMPORTANCE_EVALUATORS)[number];

export interface ImportanceOptions {
  /** fANOVA over a random forest (Optuna's default evaluator). */
  evaluator?: ImportanceEvaluator;
  /** The parameters to rank (default: those every complete trial has); trials lacking one are left out. */
  params?: readonly string[];
  /** What to explain (default: the trial's value). */
  target?: (trial: FrozenTrial) => number;
  /** Seeds the forest's bootstrap samples and split order (default 0). */
  seed?: number;
  /** Trees in the forest (default 64, as Optuna). */
  trees?: number;
  /** Depth limit of each tree (default 64, as Optuna). */
  maxDepth?: number;
}

export interface ParamImportance {
  name: string;
  /** Its share of the objective's variance, normalised so the shares of all ranked parameters sum to 1. */
  importance: number;
  /** The standard deviation of that share over the trees (normalised the same way). */
  std: number;
}

export interface ImportanceResult {
  evaluator: ImportanceEvaluator;
  /** Most important first (ties by name). */
  params: ParamImportance[];
  /** The complete trials the forest was fit on. */
  trials: number;
  /** Trials left out, by reason: their state (pruned, failed ...), missingParams or nonFinite. */
  leftOut: Record<string, number>;
  seed: number;
  trees: number;
}

function positiveInteger(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 1)) throw rangeError(field, 'a positive integer', value);
  return value;
}

function checkOptions(options: ImportanceOptions): Required<Omit<ImportanceOptions, 'params'>> & { params?: readonly string[] } {
  const evaluator = options.evaluator ?? 'fanova';
  if (!IMPORTANCE_EVALUATORS.includes(evaluator)) throw rangeError('importance: evaluator', `one of ${IMPORTANCE_EVALUATORS.join(', ')}`, evaluator);
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw typeError('importance: seed', 'an integer', seed);
  if (options.target !== undefined && typeof options.target !== 'function') throw typeError('importance: target', 'a function of a trial returning a number', options.target);
  const { params } = options;
  if (params !== undefined) {
    if (!Array.isArray(params) || params.length === 0) throw typeError('importance: params', 'a non-empty array of parameter names', params);
    params.forEach((name, i) => {
      if (typeof name !== 'string' || name === '') throw typeError(`importance: params[${i}]`, 'a non-empty string', name);
      if (params.indexOf(name) !== i) throw rangeError(`importance: params[${i}]`, 'a name not listed before', name);
    });
  }
  return {
    evaluator,
    seed,
    target: options.target ?? ((t) => t.value ?? Number.NaN),
    trees: positiveInteger('importance: trees', options.trees, 64),
    maxDepth: positiveInteger('importance: maxDepth', options.maxDepth, 64),
    ...(params === undefined ? {} : { params }),
  };
}

function describeLeftOut(total: number, leftOut: Record<string, number>): string {
  const parts = Object.entries(leftOut).map(([why, n]) => `${n} ${why === 'missingParams' ? 'missing a parameter' : why === 'nonFinite' ? 'with a value that is not finite' : why}`);
  return `of ${total} trial${total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')} left out` : ''}`;
}

/** Parameter importance of trials (any states: only complete ones are used). */
export function importanceOfTrials(trials: readonly FrozenTrial[], options: ImportanceOptions = {}): ImportanceResult {
  const o = checkOptions(options);
  const leftOut: Record<string, number> = {};
  const complete = trials.filter((t) => {
    if (t.state !== 'complete') leftOut[t.state] = (leftOut[t.state] ?? 0) + 1;
    return t.state === 'complete';
  });
  const names = o.params ?? Object.keys(complete[0]?.distributions ?? {}).filter((name) => complete.every((t) => name in t.distributions && name in t.params)).sort();
  if (complete.length >= 2 && names.length === 0) {
    throw new NotEnoughTrialsError(`importance needs a parameter that every complete trial has, got none shared by the ${complete.length} complete trials (name some with params)`);
  }
  const matrix = complete.length === 0 ? undefined : trialMatrix(complete, names, o.target);
  if (matrix?.missingParams) leftOut.missingParams = matrix.missingParams;
  if (matrix?.nonFinite) leftOut.nonFinite = matrix.nonFinite;
  const rows = matrix?.rows ?? 0;
  if (matrix === undefined || rows < 2) {
    throw new NotEnoughTrialsError(`importance needs at least 2 complete trials with a finite value, got ${rows} (${describeLeftOut(trials.length, leftOut)})`);
  }
  const forest = fitRandomForest(matrix.x, matrix.y, matrix.features, { trees: o.trees, seed: o.seed, maxDepth: o.maxDepth, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: names.length });
  const { mean, std } = fanovaImportance(forest, matrix.features);
  const sum = mean.reduce((s, v) => s + v, 0);
  // A constant objective leaves nothing to explain: equal shares, as Optuna normalises it.
  const params = names.map((name, j) => (sum > 0 ? { name, importance: mean[j]! / sum, std: std[j]! / sum } : { name, importance: 1 / names.length, std: 0 }));
  params.sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
  return { evaluator: o.evaluator, params, trials: rows, leftOut, seed: o.seed, trees: o.trees };
}

/**
 * The importance of trials when they are enough to rank their parameters, else undefined: for
 * summaries (the report, tune's --json) of studies that may have too few complete trials yet.
 */
export function importanceIfEnough(trials: readonly FrozenTrial[], options: ImportanceOptions = {}): ImportanceResult | undefined {
  try {
    return importanceOfTrials(trials, options);
  } catch (error) {
    if (error instanceof NotEnoughTrialsError) return undefined;
    throw error;
  }
}

/** Parameter importance of a study (its trials read from the storage) or of a list of trials. */
export async function parameterImportance(source: StudyView | readonly FrozenTrial[], options: ImportanceOptions = {}): Promise<ImportanceResult> {
  const trials = Array.isArray(source) ? (source as readonly FrozenTrial[]) : await (source as StudyView).getTrials();
  return importanceOfTrials(trials, options);
}

// compareTuners: several search strategies (a sampler, optionally a pruner) on one objective
// with one budget, each on its own study, run one after another so their wall times do not
// interfere. For every strategy it records the best value so far after each finished trial,
// against three clocks: evaluations (finished trials), epochs spent (the trial's user attr
// `epochs` when it is a number, else 1 per trial) and wall time; plus the final best.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describeValue } from '../errors.ts';
import { isBetter } from '../train/direction.ts';
import type { Objective } from './optimize.ts';
import { MemoryStorage } from './storage/memory-storage.ts';
import { createStudy } from './study.ts';
import type { Direction, FrozenTrial, ParamValue, Pruner, Sampler, Storage, TrialState } from './types.ts';

/** One strategy: a fresh sampler (and pruner) for each call, so strategies share no state. */
export interface TunerStrategy {
  sampler: Sampler;
  pruner?: Pruner;
}

/** Stop once this many trials have finished, or once this many epochs have been spent. */
export type CompareBudget = { trials: number } | { epochs: number };

export interface CompareTunersOptions {
  objective: Objective;
  strategies: Record<string, () => TunerStrategy>;
  budget: CompareBudget;
  /** Default 'minimize'. */
  direction?: Direction;
  /** The seed of every strategy's study (default 0). */
  seed?: number;
  /**
   * Where the studies live: one storage for all (each strategy gets the study
   * `${studyPrefix}${name}`), or a factory called once per strategy. Default: a new MemoryStorage
   * per strategy. compareTuners closes none of them.
   */
  storage?: Storage | (() => Storage);
  /** Default `compare-<uuid>-`. */
  studyPrefix?: string;
}

/** The state of the comparison after one more trial finished. */
export interface TunerCurvePoint {
  /** Finished trials so far (complete, pruned, failed or diverged), this one included. */
  evaluations: number;
  /** Epochs spent so far, this trial's included. */
  epochs: number;
  /** Milliseconds since the strategy started. */
  elapsedMs: number;
  trialNumber: number;
  state: TrialState;
  value: number | null;
  /** The best value of a complete trial so far; null before the first one. */
  best: number | null;
}

export interface TunerResult {
  name: string;
  studyName: string;
  /** One point per finished trial, in finishing order. */
  curve: TunerCurvePoint[];
  evaluations: number;
  epochs: number;
  elapsedMs: number;
  /** The final best value (null when no trial completed) and its trial. */
  best: number | null;
  bestTrialNumber: number | null;
  bestParams: Record<string, ParamValue> | null;
  /** Finished trials per state. */
  states: Partial<Record<TrialState, number>>;
}

/** Epochs a finished trial spent: its user attr `epochs` when that is a non-negative number, else 1. */
export function trialEpochs(trial: FrozenTrial): number {
  const epochs = trial.userAttrs.epochs;
  return typeof epochs === 'number' && Number.isFinite(epochs) && epochs >= 0 ? epochs : 1;
}

/**
 * The best value reached by `x` on one axis (evaluations, epochs or elapsedMs) — the best of
 * the last curve point at or before x; null when none.
 */
export function bestAt(result: TunerResult, axis: 'evaluations' | 'epochs' | 'elapsedMs', x: number): number | null {
  let best: number | null = null;
  for (const point of result.curve) {
    if (point[axis] > x) break;
    best = point.best;
  }
  return best;
}

function checkBudget(budget: CompareBudget): { trials?: number; epochs?: number } {
  if (budget !== null && typeof budget === 'object') {
    if ('trials' in budget && !('epochs' in budget)) {
      if (Number.isSafeInteger(budget.trials) && budget.trials >= 1) return { trials: budget.trials };
      throw new RangeError(`compareTuners: budget.trials must be a positive integer, got ${describeValue(budget.trials)}`);
    }
    if ('epochs' in budget && !('trials' in budget)) {
      if (typeof budget.epochs === 'number' && Number.isFinite(budget.epochs) && budget.epochs > 0) return { epochs: budget.epochs };
      throw new RangeError(`compareTuners: budget.epochs must be a positive number, got ${describeValue(budget.epochs)}`);
    }
  }
  throw new TypeError(`compareTuners: budget must be { trials } or { epochs }, got ${describeValue(budget)}`);
}

export async function compareTuners(options: CompareTunersOptions): Promise<Record<string, TunerResult>> {
  const { objective, strategies } = options;
  if (typeof objective !== 'function') throw new TypeError(`compareTuners: objective must be a function, got ${describeValue(objective)}`);
  if (strategies === null || typeof strategies !== 'object' || Object.keys(strategies).length === 0) {
    throw new TypeError(`compareTuners: strategies must be a non-empty object of factories, got ${describeValue(strategies)}`);
  }
  for (const [name, factory] of Object.entries(strategies)) {
    if (typeof factory !== 'function') throw new TypeError(`compareTuners: strategy ${JSON.stringify(name)} must be a function returning { sampler, pruner? }, got ${describeValue(factory)}`);
  }
  const budget = checkBudget(options.budget);
  const direction = options.direction ?? 'minimize';
  const prefix = options.studyPrefix ?? `compare-${randomUUID()}-`;
  const results: Record<string, TunerResult> = {};

  for (const [name, factory] of Object.entries(strategies)) {
    const { sampler, pruner } = factory();
    const storage = options.storage === undefined ? new MemoryStorage() : typeof options.storage === 'function' ? options.storage() : options.storage;
    const study = await createStudy({ storage, name: `${prefix}${name}`, direction, seed: options.seed ?? 0, sampler, ...(pruner === undefined ? {} : { pruner }) });
    const curve: TunerCurvePoint[] = [];
    const states: Partial<Record<TrialState, number>> = {};
    let epochs = 0;
    let best: number | null = null;
    let bestTrial: FrozenTrial | null = null;
    const started = performance.now();
    await study.optimize(objective, {
      ...(budget.trials === undefined ? {} : { nTrials: budget.trials }),
      callbacks: [
        (s, trial) => {
          const elapsedMs = performance.now() - started;
          epochs += trialEpochs(trial);
          states[trial.state] = (states[trial.state] ?? 0) + 1;
          if (trial.state === 'complete' && trial.value !== null && (best === null || isBetter(direction, trial.value, best))) {
            best = trial.value;
            bestTrial = trial;
          }
          curve.push({ evaluations: curve.length + 1, epochs, elapsedMs, trialNumber: trial.number, state: trial.state, value: trial.value, best });
          if (budget.epochs !== undefined && epochs >= budget.epochs) s.stop();
        },
      ],
    });
    const last = curve.at(-1);
    const found = bestTrial as FrozenTrial | null;
    results[name] = {
      name,
      studyName: study.name,
      curve,
      evaluations: curve.length,
      epochs,
      elapsedMs: last?.elapsedMs ?? performance.now() - started,
      best,
      bestTrialNumber: found?.number ?? null,
      bestParams: found === null ? null : { ...found.params },
      states,
    };
  }
  return results;
}

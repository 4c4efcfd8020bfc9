// optimize() as a loop over ask/tell (optuna/study/_optimize.py). With parallelism > 1, that many
// workers share the loop, each awaiting its own (async) objective, so up to `parallelism`
// objectives are in flight at once in this thread. A trial's failure is recorded and the loop
// goes on (catch: true); grid samplers end the loop when every point is taken.
import { describeValue } from '../errors.ts';
import { checkObjectiveResult } from './multi-objective/tell-values.ts';
import { consumeStopRequest } from './stop-request.ts';
import type { Study } from './study.ts';
import { TrialLostError } from './trial-errors.ts';
import type { Trial } from './trial.ts';
import type { FrozenTrial } from './types.ts';

/**
 * The function under study. Return the value to minimise or maximise, or, in a study with several
 * directions, one value per direction (in their order). To end a trial otherwise:
 * throw TrialPrunedError (pruned), throw TrialDivergedError or return ±Infinity (diverged);
 * returning NaN or throwing any other error records the trial as failed.
 */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

export type OptimizeCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

export interface OptimizeOptions {
  /** How many trials this call starts (default: no limit; pair with timeout, a finite sampler or stop()). */
  nTrials?: number;
  /**
   * Start no trial once the study holds this many, counted in the storage over every worker
   * (trials of dead or stopping workers, failed as orphans, not counted; their retries run in
   * their place). The budget of a study that many processes share; nTrials counts this call's
   * trials only.
   */
  maxTrials?: number;
  /** Milliseconds after which no new trial starts (running ones finish). */
  timeout?: number;
  /** Objectives in flight at once (default 1). */
  parallelism?: number;
  /** true (default): a trial whose objective throws is recorded as failed and the study goes on; false: the error is rethrown once running trials finish. */
  catch?: boolean;
  /** Called after each trial finishes, in finishing order; may call study.stop(). */
  callbacks?: readonly OptimizeCallback[];
}

function checkOptions(options: OptimizeOptions): Required<Pick<OptimizeOptions, 'parallelism' | 'catch' | 'callbacks'>> {
  const { nTrials, timeout, parallelism = 1, callbacks = [] } = options;
  if (nTrials !== undefined && !(Number.isSafeInteger(nTrials) && nTrials >= 0)) throw new RangeError(`optimize: nTrials must be a non-negative integer, got ${describeValue(nTrials)}`);
  if (options.maxTrials !== undefined && !(Number.isSafeInteger(options.maxTrials) && options.maxTrials >= 0)) throw new RangeError(`optimize: maxTrials must be a non-negative integer, got ${describeValue(options.maxTrials)}`);
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0)) throw new RangeError(`optimize: timeout must be a non-negative number of ms, got ${describeValue(timeout)}`);
  if (!(Number.isSafeInteger(parallelism) && parallelism >= 1)) throw new RangeError(`optimize: parallelism must be a positive integer, got ${describeValue(parallelism)}`);
  if (typeof (options.catch ?? true) !== 'boolean') throw new TypeError(`optimize: catch must be a boolean, got ${describeValue(options.catch)}`);
  if (!Array.isArray(callbacks) || callbacks.some((c) => typeof c !== 'function')) throw new TypeError(`optimize: callbacks must be an array of functions, got ${describeValue(callbacks)}`);
  return { parallelism, catch: options.catch ?? true, callbacks };
}

export async function optimize(study: Study, objective: Objective, options: OptimizeOptions = {}): Promise<void> {
  if (typeof objective !== 'function') throw new TypeError(`optimize: objective must be a function, got ${describeValue(objective)}`);
  const { parallelism, catch: catchErrors, callbacks } = checkOptions(options);
  const deadline = options.timeout === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeout;
  consumeStopRequest(study);
  let started = 0;
  let done = false;
  let rethrow: { error: unknown } | undefined;

  const mayStart = (): boolean => {
    if (consumeStopRequest(study)) done = true;
    return !done && rethrow === undefined && (options.nTrials === undefined || started < options.nTrials) && Date.now() < deadline;
  };

  const worker = async (): Promise<void> => {
    while (mayStart()) {
      started++;
      const trial = await study.tryAsk(options.maxTrials === undefined ? {} : { maxTrials: options.maxTrials });
      if (trial === undefined) {
        started--;
        done = true;
        return;
      }
      let outcome: number | number[] | Error;
      try {
        // A result of the wrong shape fails its trial, as a thrown error does.
        const value = await objective(trial);
        if (typeof value !== 'number' && !Array.isArray(value)) {
          const n = study.directions.length;
          throw new TypeError(`objective must return ${n === 1 ? 'a number' : `an array of ${n} numbers (one per direction)`}, got ${describeValue(value)}`);
        }
        outcome = checkObjectiveResult(value, study.directions, 'objective: return value');
      } catch (error) {
        outcome = error instanceof Error ? error : new Error(describeValue(error));
      }
      let frozen: FrozenTrial;
      try {
        frozen = await study.tell(trial, outcome);
      } catch (error) {
        // Failed as stale (or released) meanwhile: its retry carries the work on.
        if (error instanceof TrialLostError) continue;
        throw error;
      }
      if (!catchErrors && frozen.state === 'failed' && outcome instanceof Error) rethrow ??= { error: outcome };
      for (const callback of callbacks) await callback(study, frozen);
    }
  };

  const guarded = (): Promise<void> =>
    worker().catch((error: unknown) => {
      done = true;
      throw error;
    });
  const results = await Promise.allSettled(Array.from({ length: parallelism }, guarded));
  const crashed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (crashed !== undefined) throw crashed.reason;
  if (rethrow !== undefined) throw rethrow.error;
}

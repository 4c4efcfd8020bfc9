// The Trial an objective receives (Optuna's define-by-run): parameters are suggested as the
// objective runs, so a conditional space is plain control flow. A value comes from, in order:
// the trial's earlier suggestion of the same name, the fixed params of an enqueued trial, the
// sampler's relative sample (drawn when the trial started), then the sampler's independent
// sample. Every suggestion is recorded in the storage at once.
import { describeValue } from '../errors.ts';
import { categoricalDistribution, contains, floatDistribution, formatDistribution, intDistribution, sameDistribution, validateDistribution, type FloatOptions, type IntOptions } from './space.ts';
import { SYSTEM_ATTRS } from './system-attrs.ts';
import type { Distribution, FrozenTrial, ParamValue, Pruner, Sampler, Storage, StudyView } from './types.ts';
import { copyTrial } from './copy-trial.ts';

/** What a trial needs of its study. */
export interface TrialContext {
  readonly storage: Storage;
  readonly studyId: number;
  readonly view: StudyView;
  readonly sampler: Sampler;
  readonly pruner: Pruner | undefined;
  /**
   * One read of the trial and of what changed in the study, with a view of that read: a prune
   * check then costs one read (undefined, or absent: the trial is read, then the view reads).
   */
  readonly pruneSnapshot?: (trialNumber: number) => Promise<{ trial: FrozenTrial; view: StudyView } | undefined>;
  /** Stores a report (absent: storage.reportIntermediate); a study may read with it for the prune check that follows. */
  readonly report?: (trialNumber: number, step: number, value: number) => Promise<void>;
  /** Called after the trial reports (a reproducible study wakes the trials waiting on it). */
  readonly changed?: () => void;
}

export class Trial {
  readonly number: number;
  /** The trial's own seed (hash of study seed and number): seed model initialisation with it. */
  readonly seed: number;
  private readonly context: TrialContext;
  private readonly fixed: Record<string, ParamValue>;
  private readonly relative: Record<string, ParamValue>;
  private readonly values = new Map<string, ParamValue>();
  private readonly distributions = new Map<string, Distribution>();
  private readonly pending = new Map<string, Promise<ParamValue>>();
  /** The trial as it started, and what this trial wrote since: what a sampler is handed, with no read back. */
  private readonly started: FrozenTrial;
  private readonly reported: Record<number, number>;
  private readonly userAttrs: Record<string, unknown>;

  /** Built by the study's ask(); `relative` is the sampler's relative sample for this trial. */
  constructor(context: TrialContext, frozen: FrozenTrial, relative: Record<string, ParamValue> = {}) {
    this.context = context;
    this.number = frozen.number;
    this.seed = frozen.seed;
    const fixed = frozen.systemAttrs[SYSTEM_ATTRS.fixedParams];
    this.fixed = fixed !== null && typeof fixed === 'object' ? { ...(fixed as Record<string, ParamValue>) } : {};
    this.relative = { ...relative };
    this.started = frozen;
    this.reported = { ...frozen.intermediate };
    this.userAttrs = { ...frozen.userAttrs };
    for (const [name, d] of Object.entries(frozen.distributions)) {
      this.distributions.set(name, d);
      this.values.set(name, frozen.params[name]!);
    }
  }

  /** The parameters suggested so far (a copy). */
  get params(): Record<string, ParamValue> {
    return Object.fromEntries(this.values);
  }

  /** The values this trial reported so far, by step (a copy). */
  get intermediate(): Record<number, number> {
    return { ...this.reported };
  }

  async suggestFloat(name: string, low: number, high: number, options: FloatOptions = {}): Promise<number> {
    return (await this.suggest(name, floatDistribution(low, high, options))) as number;
  }

  async suggestInt(name: string, low: number, high: number, options: IntOptions = {}): Promise<number> {
    return (await this.suggest(name, intDistribution(low, high, options))) as number;
  }

  async suggestCategorical<T extends ParamValue>(name: string, choices: readonly T[]): Promise<T> {
    return (await this.suggest(name, categoricalDistribution(choices))) as T;
  }

  /**
   * Suggests a value of any distribution (what the three suggest methods call). Errors (invalid
   * distribution, a name suggested with two distributions) reject the returned promise.
   */
  async suggest(name: string, distribution: Distribution): Promise<ParamValue> {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError(`suggest: name must be a non-empty string, got ${describeValue(name)}`);
    const d = validateDistribution(distribution);
    const known = this.distributions.get(name);
    if (known !== undefined) {
      if (!sameDistribution(known, d)) throw conflict(name, this.number, known, d);
      return this.values.get(name)!;
    }
    const pending = this.pending.get(name);
    if (pending !== undefined) {
      return pending.then((value) => {
        const first = this.distributions.get(name)!;
        if (!sameDistribution(first, d)) throw conflict(name, this.number, first, d);
        return value;
      });
    }
    const result = this.draw(name, d).finally(() => this.pending.delete(name));
    this.pending.set(name, result);
    return result;
  }

  /** Records an intermediate value (e.g. validation loss after `step` epochs) for the pruner. */
  async report(value: number, step: number): Promise<void> {
    if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`report: value must be a number (not NaN), got ${describeValue(value)}`);
    if (!(Number.isSafeInteger(step) && step >= 0)) throw new RangeError(`report: step must be a non-negative integer, got ${describeValue(step)}`);
    if (this.context.report !== undefined) await this.context.report(this.number, step, value);
    else await this.context.storage.reportIntermediate(this.context.studyId, this.number, step, value);
    this.reported[step] = value;
    this.context.changed?.();
  }

  /** Whether the study's pruner would stop this trial now (false without a pruner). */
  async shouldPrune(): Promise<boolean> {
    const pruner = this.context.pruner;
    if (pruner === undefined) return false;
    const snapshot = await this.context.pruneSnapshot?.(this.number);
    if (snapshot !== undefined) return pruner.shouldPrune(snapshot.view, snapshot.trial);
    return pruner.shouldPrune(this.context.view, await this.frozen());
  }

  /** Stores a JSON-serialisable value with the trial (accuracy, epochs run, a model path …). */
  async setUserAttr(key: string, value: unknown): Promise<void> {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError(`setUserAttr: key must be a non-empty string, got ${describeValue(key)}`);
    await this.context.storage.setTrialAttr(this.context.studyId, this.number, 'user', key, value);
    // The storage took it, so it is JSON: kept as stored, not as the caller may change it later.
    this.userAttrs[key] = JSON.parse(JSON.stringify(value)) as unknown;
  }

  /** The trial as stored now. */
  frozen(): Promise<FrozenTrial> {
    return this.context.storage.getTrial(this.context.studyId, this.number);
  }

  private async draw(name: string, d: Distribution): Promise<ParamValue> {
    let value: ParamValue;
    if (Object.hasOwn(this.fixed, name)) {
      value = this.fixed[name]!;
      if (!contains(d, value)) throw new RangeError(`suggest: fixed value of ${JSON.stringify(name)} in trial ${this.number} must lie in ${formatDistribution(d)}, got ${describeValue(value)}`);
    } else if (Object.hasOwn(this.relative, name) && contains(d, this.relative[name])) {
      value = this.relative[name]!;
    } else {
      const { sampler, view } = this.context;
      value = await sampler.sampleIndependent(view, this.written(), name, d);
      if (!contains(d, value)) throw new RangeError(`${sampler.name}: sampled value of ${JSON.stringify(name)} must lie in ${formatDistribution(d)}, got ${describeValue(value)}`);
    }
    await this.context.storage.setParam(this.context.studyId, this.number, name, d, value);
    this.distributions.set(name, d);
    this.values.set(name, value);
    return value;
  }

  /**
   * The trial as this object wrote it (a running trial's params, reports and user attrs change
   * only through it), copied. A trial failed meanwhile by a reaper shows here as running; its
   * setParam then throws, as it would have after a read.
   */
  private written(): FrozenTrial {
    return copyTrial({
      ...this.started,
      params: Object.fromEntries(this.values),
      distributions: Object.fromEntries(this.distributions),
      intermediate: this.reported,
      userAttrs: this.userAttrs,
      systemAttrs: Object.keys(this.relative).length === 0 ? this.started.systemAttrs : { ...this.started.systemAttrs, [SYSTEM_ATTRS.relativeParams]: this.relative },
    });
  }
}

function conflict(name: string, number: number, first: Distribution, second: Distribution): Error {
  return new RangeError(
    `suggest: parameter ${JSON.stringify(name)} in trial ${number} must keep one distribution, got ${formatDistribution(first)} then ${formatDistribution(second)}`,
  );
}

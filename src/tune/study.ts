// A Study (optuna/study/study.py): a name in a storage plus the sampler and pruner that serve it.
// ask() and tell() are the primitives; optimize() (optimize.ts) is a loop over them. The study
// keeps no trial state of its own: everything lives in the storage, so a study reloaded from a
// SqliteStorage file, or shared by several processes, carries on where it stood.
import { randomUUID } from 'node:crypto';
import { describeValue, MultiObjectiveError } from '../errors.ts';
import { pickBestTrial } from './best-trial.ts';
import { checkHeartbeatOptions, TrialHeartbeats, type HeartbeatOptions } from './heartbeats.ts';
import { AsyncLock } from './lock.ts';
import { optimize, type Objective, type OptimizeOptions } from './optimize.ts';
import { checkConstraints } from './multi-objective/constraints.ts';
import { bestTrials, leastViolating } from './multi-objective/pareto.ts';
import { checkObjectiveResult, objectiveOutcome } from './multi-objective/tell-values.ts';
import { LogicalHistory } from './reproducible/logical-history.ts';
import { checkReproducibleOptions, type ReproducibleOptions } from './reproducible/options.ts';
import { RandomSampler } from './samplers/random.ts';
import { validateDistribution } from './space.ts';
import { MemoryStorage } from './storage/memory-storage.ts';
import { TrialHistory } from './storage/trial-history.ts';
import { checkDirections, checkSeed } from './storage/rules.ts';
import { SYSTEM_ATTRS } from './system-attrs.ts';
import { requestStop } from './stop-request.ts';
import { SearchSpaceExhaustedError, TrialDivergedError, TrialLostError, TrialPrunedError } from './trial-errors.ts';
import { Trial, type TrialContext } from './trial.ts';
import type { Direction, Distribution, FrozenTrial, ParamValue, Pruner, Sampler, StaleTrialsResult, Storage, StudyRecord, StudyView, TrialState } from './types.ts';

export interface StudyServices {
  /** Where trials live (default: a new MemoryStorage). */
  storage?: Storage;
  /** Default: RandomSampler({ seed: 0 }) (trial seeds already carry the study seed). */
  sampler?: Sampler;
  /** Default: none (shouldPrune() is always false). */
  pruner?: Pruner;
  /**
   * Heartbeats for the trials this study object runs, and failing (then retrying) other
   * workers' trials whose beats stopped (see heartbeats.ts). Default: off. Turn it on whenever
   * several processes share the storage.
   */
  heartbeat?: HeartbeatOptions;
  /**
   * true (or options): the same trials, parameters, values and prune decisions at any
   * parallelism and any timing, for one seed (see src/tune/reproducible/). Every process that
   * shares the study must pass the same. Default: off here (a hand-driven ask()/tell() loop that
   * keeps more than `logicalWorkers` trials open would wait); on in `hyperprop tune`.
   */
  reproducible?: boolean | ReproducibleOptions;
  /**
   * Optuna's constraints_func: maps a trial that finished complete or pruned (its state and
   * values set) to its constraint values, each ≤ 0 feasible, recorded as
   * systemAttrs.constraints before the trial is finished. tell's `constraints` option wins.
   */
  constraints?: (trial: FrozenTrial) => readonly number[] | Promise<readonly number[]>;
}

export interface TellOptions {
  /** The trial's constraint values (each ≤ 0 feasible), recorded as systemAttrs.constraints. */
  constraints?: readonly number[];
}

export interface AskOptions {
  /**
   * Create no new trial once the study holds this many (counted in the storage, over all workers;
   * trials failed as orphans of dead or stopping workers not counted: their retries are). Waiting
   * trials are still claimed.
   */
  maxTrials?: number;
}

/** Without heartbeats, asks still fail dead processes' trials, this often, with this many retries. */
const ORPHAN_DEFAULTS = checkHeartbeatOptions({});

/** failReason prefix of a trial handed back by a stopping worker (Study.releaseRunning). */
export const RELEASED_REASON = 'released: ';

export interface CreateStudyOptions extends StudyServices {
  /** Default: "study-" + a random UUID. */
  name?: string;
  /** Default 'minimize'. */
  direction?: Direction;
  /** One per objective, for a study with several (give this or direction, not both). */
  directions?: readonly Direction[];
  seed?: number;
  /** Load the study when one of that name exists (its stored direction and seed win). */
  loadIfExists?: boolean;
}

export interface LoadStudyOptions extends StudyServices {
  name: string;
  storage: Storage;
}

/** How a trial ended: its objective value (one per direction), the error it threw, or a finished state. */
export type TellResult = number | readonly number[] | Error | 'pruned' | 'failed' | 'diverged';

export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const storage = options.storage ?? new MemoryStorage();
  const name = options.name ?? `study-${randomUUID()}`;
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new TypeError(`createStudy: direction and directions must not both be given, got direction ${describeValue(options.direction)} and directions [${options.directions.join(', ')}]`);
  }
  const direction = options.directions === undefined ? checkDirections(options.direction ?? 'minimize', 'createStudy: direction')[0]! : checkDirections(options.directions);
  const seed = options.seed ?? 0;
  checkSeed(seed, 'createStudy: seed');
  if (options.constraints !== undefined && typeof options.constraints !== 'function') throw new TypeError(`createStudy: constraints must be a function of the finished trial, got ${describeValue(options.constraints)}`);
  if (options.loadIfExists === true) {
    // One step in the storage, not a look-up then a create: workers started together on a new
    // study all join the one that the first insert made.
    return new Study((await storage.createStudyIfAbsent(name, direction, seed)).study, storage, options);
  }
  if ((await storage.getStudy(name)) !== undefined) {
    throw new Error(`createStudy: name must be unique in the storage, got ${JSON.stringify(name)} (pass loadIfExists: true to resume it)`);
  }
  return new Study(await storage.createStudy(name, direction, seed), storage, options);
}

export async function loadStudy(options: LoadStudyOptions): Promise<Study> {
  const record = await options.storage.getStudy(options.name);
  if (record === undefined) throw new RangeError(`loadStudy: name must name a study in the storage, got ${JSON.stringify(options.name)}`);
  return new Study(record, options.storage, options);
}

export class Study implements StudyView {
  readonly id: number;
  readonly name: string;
  /** directions[0]: what single-objective samplers and the pruners (trial.report) rank on. */
  readonly direction: Direction;
  readonly directions: readonly Direction[];
  readonly seed: number;
  readonly storage: Storage;
  readonly sampler: Sampler;
  readonly pruner: Pruner | undefined;
  private readonly lock = new AsyncLock();
  private readonly context: TrialContext;
  private readonly heartbeats: TrialHeartbeats | undefined;
  /** The trials as this object last read them, finished ones kept: a read costs what changed, not the study. */
  private readonly history: TrialHistory;
  /** Set in a reproducible study: what each trial's sampler and pruner may see. */
  private readonly logical: LogicalHistory | undefined;
  private readonly constraints: StudyServices['constraints'];
  private lastOrphanReap = Number.NEGATIVE_INFINITY;

  constructor(record: StudyRecord, storage: Storage, services: StudyServices = {}) {
    this.id = record.id;
    this.name = record.name;
    this.direction = record.direction;
    // A record from a storage written before several objectives names one direction.
    this.directions = record.directions ?? [record.direction];
    this.seed = record.seed;
    this.constraints = services.constraints;
    this.storage = storage;
    // Stryker disable next-line ObjectLiteral: equivalent, RandomSampler's seed defaults to 0 (it reads only seed and space)
    this.sampler = services.sampler ?? new RandomSampler({ seed: 0 });
    this.pruner = services.pruner;
    const history = (this.history = new TrialHistory(storage, this.id));
    const view: StudyView = {
      direction: this.direction,
      directions: this.directions,
      seed: this.seed,
      getTrials: async (states) => withPendingParams(await history.trials(states)),
      stepValues: (step, query) => history.stepValues(step, query),
      countTrials: (states, below) => history.count(states, below),
    };
    // A prune check reads the trial and what changed once (a reproducible study's trials get the
    // logical clock's view instead, in proposeLogically).
    const pruneSnapshot = (trialNumber: number) => (this.logical === undefined ? history.snapshot(trialNumber, this.direction, this.seed) : Promise.resolve(undefined));
    // With a pruner, a report brings the check's read along when the storage can (Storage.reportAndRead).
    const report = (trialNumber: number, step: number, value: number) =>
      this.pruner !== undefined && this.logical === undefined ? history.report(trialNumber, step, value) : storage.reportIntermediate(this.id, trialNumber, step, value);
    this.context = { storage, studyId: this.id, view, sampler: this.sampler, pruner: this.pruner, pruneSnapshot, report };
    this.heartbeats = services.heartbeat === undefined ? undefined : new TrialHeartbeats(storage, this.id, services.heartbeat);
    const reproducible = checkReproducibleOptions(services.reproducible);
    this.logical =
      reproducible === undefined
        ? undefined
        : new LogicalHistory({ read: () => history.trials(), direction: this.direction, directions: this.directions, seed: this.seed, options: reproducible, reap: () => this.reapOrphans() });
    if (this.logical !== undefined) this.context = { ...this.context, changed: () => this.logical!.notify() };
  }

  getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.history.trials(states);
  }

  /** All trials (or those in `states`), in number order. */
  trials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    return this.getTrials(states);
  }

  /**
   * Starts a trial: claims the oldest waiting (enqueued) trial, else creates a running one.
   * `fixedDistributions` are suggested at once, so trial.params holds them on return.
   * Throws SearchSpaceExhaustedError when a finite sampler has no point left.
   */
  async ask(fixedDistributions: Record<string, Distribution> = {}): Promise<Trial> {
    const checked = Object.entries(fixedDistributions).map(([name, d]) => [name, validateDistribution(d)] as const);
    const trial = await this.tryAsk();
    if (trial === undefined) throw new SearchSpaceExhaustedError(`ask: study ${JSON.stringify(this.name)} must have points left to sample, got none (${this.sampler.name} is exhausted)`);
    for (const [name, d] of checked) await trial.suggest(name, d);
    return trial;
  }

  /**
   * Like ask(), but resolves undefined when the sampler is exhausted or the study holds
   * `maxTrials` trials (what optimize uses). Claiming or creating the trial and the sampler's
   * beforeTrial run under the storage's study lock, so workers in other processes never take
   * the same grid point, and the count against maxTrials is exact.
   */
  async tryAsk(options: AskOptions = {}): Promise<Trial | undefined> {
    const { maxTrials } = options;
    if (maxTrials !== undefined && !(Number.isSafeInteger(maxTrials) && maxTrials >= 0)) throw new RangeError(`ask: maxTrials must be a non-negative integer, got ${describeValue(maxTrials)}`);
    // Dead workers' trials come back as waiting trials before this ask claims one.
    await this.reapOrphans();
    const frozen = await this.lock.run(() =>
      this.storage.withStudyLock(this.id, async () => {
        // Without a budget and with points left, a create needs no check after the claim: the
        // storage may do both in one step. (An exhausted sampler still claims what waits.)
        const direct = maxTrials === undefined && this.storage.claimOrCreateTrial !== undefined && (await this.sampler.isExhausted?.(this.context.view)) !== true;
        let trial = direct ? await this.storage.claimOrCreateTrial!(this.id) : await this.storage.claimWaitingTrial(this.id);
        if (trial === undefined) {
          // Counted from the study's history (read now, under the lock): exact, and not a count over every stored trial.
          if (maxTrials !== undefined && (await this.history.budgetCount()) >= maxTrials) return undefined;
          if ((await this.sampler.isExhausted?.(this.context.view)) === true) return undefined;
          trial = await this.storage.createTrial(this.id, { state: 'running' });
        }
        this.heartbeats?.start(trial.number);
        try {
          const { sampler, view } = this.context;
          const attrs = (await sampler.beforeTrial?.(view, trial)) ?? {};
          for (const [key, value] of Object.entries(attrs)) await this.storage.setTrialAttr(this.id, trial.number, 'system', key, value);
          const started = Object.keys(attrs).length === 0 ? trial : await this.storage.getTrial(this.id, trial.number);
          // A reproducible study proposes after the lock (proposeLogically): waiting for lower
          // trials there holds up no other process's ask.
          if (this.logical !== undefined) return { started, relative: undefined };
          // Sampled and recorded under the lock: the next ask, in any process, sees this proposal
          // as pending (the GP sampler's constant liar) before the objective has suggested it.
          const space = (await sampler.inferRelativeSearchSpace?.(view, started)) ?? {};
          const relative = Object.keys(space).length > 0 && sampler.sampleRelative !== undefined ? await sampler.sampleRelative(view, started, space) : {};
          if (Object.keys(relative).length > 0) await this.storage.setTrialAttr(this.id, trial.number, 'system', SYSTEM_ATTRS.relativeParams, relative);
          return { started, relative };
        } catch (error) {
          // Nobody will run this trial: without beats it goes stale and is retried.
          this.heartbeats?.stop(trial.number);
          throw error;
        }
        // Nothing before the section's first storage call (the claim, or the sampler's read) needs the lock.
      }, { takenByFirstCall: true }),
    );
    if (frozen === undefined) return undefined;
    if (frozen.relative === undefined) return this.proposeLogically(frozen.started);
    return new Trial(this.context, frozen.started, frozen.relative);
  }

  /**
   * A reproducible study's proposal for a started trial: the sampler sees what the logical clock
   * lets trial n see (waiting for lower trials as needed). The relative sample is recorded even
   * when empty: higher trials wait for it, as it is all they may know of a pending trial.
   */
  private async proposeLogically(started: FrozenTrial): Promise<Trial> {
    const logical = this.logical!;
    try {
      const view = await logical.proposalView(started.number);
      const { sampler } = this.context;
      const space = (await sampler.inferRelativeSearchSpace?.(view, started)) ?? {};
      const relative = Object.keys(space).length > 0 && sampler.sampleRelative !== undefined ? await sampler.sampleRelative(view, started, space) : {};
      await this.storage.setTrialAttr(this.id, started.number, 'system', SYSTEM_ATTRS.relativeParams, relative);
      logical.notify();
      return new Trial({ ...this.context, view }, started, relative);
    } catch (error) {
      // Failed at once, not left running: higher trials wait on a running trial.
      this.heartbeats?.stop(started.number);
      await this.tell(started.number, error instanceof Error ? error : new Error(describeValue(error))).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Finishes a running trial. Finite values, one per direction (a number when there is one) →
   * complete; a NaN among them → failed (systemAttrs.failReason says so); ±Infinity or a
   * TrialDivergedError → diverged; a TrialPrunedError or 'pruned' → pruned with its last
   * reported value; any other Error → failed with its message. Values of the wrong shape fail the
   * trial and throw. A complete or pruned trial records its constraints (options.constraints, else
   * the study's constraints function) first.
   */
  async tell(trial: Trial | number, result: TellResult, options: TellOptions = {}): Promise<FrozenTrial> {
    const number = typeof trial === 'number' ? trial : trial.number;
    const given = options.constraints === undefined ? undefined : checkConstraints(options.constraints, 'tell: constraints');
    const finish = async (state: Exclude<TrialState, 'waiting' | 'running'>, value: number | readonly number[] | null, reason?: string): Promise<FrozenTrial> => {
      try {
        if (reason !== undefined) await this.storage.setTrialAttr(this.id, number, 'system', SYSTEM_ATTRS.failReason, reason);
        if (state === 'complete' || state === 'pruned') {
          const constraints = given ?? (await this.constraintsOf(number, state, value));
          if (constraints !== undefined) await this.storage.setTrialAttr(this.id, number, 'system', SYSTEM_ATTRS.constraints, constraints);
        }
        await this.storage.finishTrial(this.id, number, state, value);
        this.logical?.notify();
      } catch (error) {
        throw (await this.lostError(number)) ?? error;
      } finally {
        this.heartbeats?.stop(number);
      }
      return this.storage.getTrial(this.id, number);
    };
    if (typeof result === 'number' || Array.isArray(result)) {
      let checked: number | number[];
      try {
        checked = checkObjectiveResult(result, this.directions, 'tell: values');
      } catch (error) {
        await finish('failed', null, `${(error as Error).name}: ${(error as Error).message}`);
        throw error;
      }
      const outcome = objectiveOutcome(checked);
      if (outcome.state !== 'complete') return finish(outcome.state, null, outcome.reason);
      return finish('complete', outcome.values.length === 1 ? outcome.values[0]! : outcome.values);
    }
    // A Trial holds what it reported (a running trial's reports come only through it): no read.
    if (result === 'pruned' || result instanceof TrialPrunedError) return finish('pruned', lastIntermediate(typeof trial === 'number' ? await this.storage.getTrial(this.id, number) : trial));
    if (result === 'diverged') return finish('diverged', null);
    if (result instanceof TrialDivergedError) return finish('diverged', null, result.message);
    if (result === 'failed') return finish('failed', null);
    if (result instanceof Error) return finish('failed', null, `${result.name}: ${result.message}`);
    throw new TypeError(`tell: result must be a number, an Error, "pruned", "failed" or "diverged", got ${describeValue(result)}`);
  }

  /** Queues a trial whose suggest calls return `params` (others are sampled); asks claim it first. */
  async enqueueTrial(params: Record<string, ParamValue>, userAttrs: Record<string, unknown> = {}): Promise<FrozenTrial> {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new TypeError(`enqueueTrial: params must be an object, got ${describeValue(params)}`);
    const trial = await this.storage.createTrial(this.id, { state: 'waiting', systemAttrs: { [SYSTEM_ATTRS.fixedParams]: params } });
    for (const [key, value] of Object.entries(userAttrs)) await this.storage.setTrialAttr(this.id, trial.number, 'user', key, value);
    return this.storage.getTrial(this.id, trial.number);
  }

  /** Runs the objective on new trials; see OptimizeOptions. */
  optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    return optimize(this, objective, options);
  }

  /**
   * Hands back every trial this study object is running (with heartbeats on): each is failed
   * with failReason "released: <reason>" and re-queued at once for another worker. For a worker
   * that stops (SIGTERM) before its trials finish. Resolves the retries' numbers.
   */
  async releaseRunning(reason: string): Promise<number[]> {
    return (await this.heartbeats?.releaseAll(`${RELEASED_REASON}${reason}`)) ?? [];
  }

  /**
   * Fails the running trials whose worker is gone and re-queues their parameters (see
   * Storage.failStaleTrials): at once those of a dead process on this host, and with heartbeats
   * on, any whose beats stopped for the grace. Each ask does this at most once per heartbeat
   * interval (5 s without heartbeats); `force` does it now.
   */
  async reapOrphans(force = false): Promise<StaleTrialsResult | undefined> {
    if (this.heartbeats !== undefined) return this.heartbeats.reap(force);
    const now = Date.now();
    if (!force && now - this.lastOrphanReap < ORPHAN_DEFAULTS.intervalMs) return undefined;
    this.lastOrphanReap = now;
    return this.storage.failStaleTrials(this.id, { graceMs: Number.POSITIVE_INFINITY, maxRetries: ORPHAN_DEFAULTS.maxRetries });
  }

  /** The trials this study object is running now (tracked with heartbeats on, else empty). */
  runningHere(): number[] {
    return this.heartbeats?.running ?? [];
  }

  /**
   * The study's constraints function on the trial as it is about to finish; undefined without
   * one. When it throws or returns no numbers, the trial fails with that error (not left running).
   */
  private async constraintsOf(number: number, state: 'complete' | 'pruned', value: number | readonly number[] | null): Promise<number[] | undefined> {
    if (this.constraints === undefined) return undefined;
    const values = value === null ? null : typeof value === 'number' ? [value] : [...value];
    const trial: FrozenTrial = { ...(await this.storage.getTrial(this.id, number)), state, value: values?.[0] ?? null, values, completedAt: Date.now() };
    try {
      return checkConstraints(await this.constraints(trial), `constraints(trial ${number})`);
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error);
      await this.storage.setTrialAttr(this.id, number, 'system', SYSTEM_ATTRS.failReason, reason);
      await this.storage.finishTrial(this.id, number, 'failed', null);
      throw error;
    }
  }

  /** Set when the heartbeats are on: a TrialLostError if the trial was failed by another worker (or released). */
  private async lostError(number: number): Promise<TrialLostError | undefined> {
    const trial = await this.storage.getTrial(this.id, number).catch(() => undefined);
    const reason = trial?.systemAttrs[SYSTEM_ATTRS.failReason];
    if (trial?.state !== 'failed' || trial.systemAttrs[SYSTEM_ATTRS.orphaned] !== true) return undefined;
    return new TrialLostError(`tell: trial ${number} of study ${JSON.stringify(this.name)} must still be running, got failed by the study (${reason}); a retry of it is queued`);
  }

  /** Asks a running optimize() to start no new trial (running ones finish). */
  stop(): void {
    requestStop(this);
  }

  async setUserAttr(key: string, value: unknown): Promise<void> {
    await this.storage.setStudyAttr(this.id, key, value);
  }

  /**
   * The complete trial with the best value; among ties, the lowest validation loss where the
   * objective recorded one (best-trial.ts), then the lowest number. Only feasible trials count
   * when constraints are recorded (see bestTrials). Throws when none is complete, and on a study
   * with several objectives (read bestTrials()).
   */
  async bestTrial(): Promise<FrozenTrial> {
    if (this.directions.length > 1) {
      throw new MultiObjectiveError(`bestTrial: study ${JSON.stringify(this.name)} must have one objective, got ${this.directions.length} (${this.directions.join(', ')}); read bestTrials() (the Pareto front)`);
    }
    const best = pickBestTrial(leastViolating(await this.getTrials(['complete'])), this.direction);
    if (best === undefined) throw new Error(`bestTrial: study ${JSON.stringify(this.name)} must have a complete trial, got none`);
    return best;
  }

  /**
   * The Pareto front of the complete trials that are feasible (every constraint ≤ 0, or none
   * recorded), in number order; when no complete trial is feasible, the front of those with the
   * least total violation (sum of positive constraint values). With one objective: the trials
   * that share the best value. Empty when no trial is complete.
   */
  async bestTrials(): Promise<FrozenTrial[]> {
    return bestTrials(await this.getTrials(['complete']), this.directions);
  }

  async bestValue(): Promise<number> {
    return (await this.bestTrial()).value!;
  }

  async bestParams(): Promise<Record<string, ParamValue>> {
    return (await this.bestTrial()).params;
  }
}

function lastIntermediate(trial: Pick<FrozenTrial, 'intermediate'>): number | null {
  const steps = Object.keys(trial.intermediate).map(Number);
  if (steps.length === 0) return null;
  return trial.intermediate[Math.max(...steps)]!;
}

/** Running trials as samplers see them: params not suggested yet show the trial's relative sample. */
function withPendingParams(trials: FrozenTrial[]): FrozenTrial[] {
  for (const t of trials) {
    const relative = t.systemAttrs[SYSTEM_ATTRS.relativeParams];
    if (t.state === 'running' && relative !== null && typeof relative === 'object') t.params = { ...(relative as Record<string, ParamValue>), ...t.params };
  }
  return trials;
}

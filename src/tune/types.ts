// The tuning engine's contracts (Optuna's design: a storage is the only state; samplers and
// pruners read history from it and keep none of their own; ask/tell are the primitives).
// Storages are asynchronous so that a PostgreSQL storage can implement the same contract.

import type { Direction } from '../train/direction.ts';

export type { Direction };

/** What a storage's createStudy takes: one direction, or one per objective (a non-empty array). */
export type Directions = Direction | readonly Direction[];

/** waiting (enqueued or re-queued) → running → one of the finished states, which never change. */
export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed' | 'diverged';
export const FINISHED_STATES: readonly TrialState[] = ['complete', 'pruned', 'failed', 'diverged'];

export type ParamValue = number | string | boolean | null;

export type Distribution =
  | { type: 'float'; low: number; high: number; log: boolean; step?: number }
  | { type: 'int'; low: number; high: number; log: boolean; step: number }
  | { type: 'categorical'; choices: readonly ParamValue[] };

export interface FrozenTrial {
  /** 0, 1, 2 … within the study, in creation order. */
  number: number;
  state: TrialState;
  params: Record<string, ParamValue>;
  distributions: Record<string, Distribution>;
  /** The objective value of a complete trial (or the last reported value of a pruned one): values[0]. */
  value: number | null;
  /**
   * One value per objective of a complete trial, in the order of the study's directions; a pruned
   * trial holds [its last reported value]; null when there is none (failed, diverged, unfinished).
   */
  values: number[] | null;
  /** step → reported intermediate value (resource = epochs for MLPs). */
  intermediate: Record<number, number>;
  /** The trial's own seed, derived from the study seed and the trial number, stored with it. */
  seed: number;
  /** Milliseconds since the epoch. */
  startedAt: number | null;
  completedAt: number | null;
  userAttrs: Record<string, unknown>;
  /** Engine bookkeeping: grid point index, Hyperband bracket, retry-of link, fixed params of an enqueued trial. */
  systemAttrs: Record<string, unknown>;
}

export interface StudyRecord {
  id: number;
  name: string;
  /** directions[0], for single-objective code. */
  direction: Direction;
  /** One per objective (length 1 for a single-objective study). */
  directions: Direction[];
  seed: number;
  createdAt: number;
  userAttrs: Record<string, unknown>;
}

/**
 * The storage contract every implementation passes (one conformance suite): safe for
 * concurrent callers, returns copies (mutating a returned trial changes nothing stored),
 * finished trials never change.
 */
export interface StudyLockOptions {
  /**
   * The section's first storage call may take the lock with it, in one round trip (an ask
   * section that starts with its claim); the section's code before that call runs without it.
   */
  takenByFirstCall?: boolean;
}

export interface Storage {
  /** A study with one direction, or one per objective (see Directions). */
  createStudy(name: string, direction: Directions, seed: number): Promise<StudyRecord>;
  /**
   * In one atomic step: creates the study unless one of that name exists, then reads it back.
   * Callers racing on a new name (workers started together) all get the same study; an existing
   * study keeps its own direction and seed. `created` is true for the caller whose insert made it
   * (false for a PostgreSQL insert retried after a lost connection had already committed it).
   */
  createStudyIfAbsent(name: string, direction: Directions, seed: number): Promise<{ study: StudyRecord; created: boolean }>;
  /** undefined when no study has that name. */
  getStudy(name: string): Promise<StudyRecord | undefined>;
  listStudies(): Promise<StudyRecord[]>;
  setStudyAttr(studyId: number, key: string, value: unknown): Promise<void>;
  /**
   * A new trial with the next number, in state 'waiting' (enqueued) or 'running' (asked).
   * `seed` defaults to `trialSeed(study.seed, number)` (src/tune/seeds.ts), computed in the same
   * atomic step that assigns the number, so concurrent callers need not guess their number.
   * `params` given here have no distribution until setParam records one.
   */
  createTrial(studyId: number, init: { state: 'waiting' | 'running'; seed?: number; params?: Record<string, ParamValue>; systemAttrs?: Record<string, unknown> }): Promise<FrozenTrial>;
  /** Atomically moves the oldest waiting trial to running and returns it; undefined when none waits. */
  claimWaitingTrial(studyId: number): Promise<FrozenTrial | undefined>;
  /**
   * Optional: claimWaitingTrial, else createTrial(studyId, { state: 'running' }), in one atomic
   * step (a storage whose every call is a round trip saves one). Used when nothing has to be
   * checked between the two (no trial budget, no sampler that can run out).
   */
  claimOrCreateTrial?(studyId: number): Promise<FrozenTrial>;
  setParam(studyId: number, trialNumber: number, name: string, distribution: Distribution, value: ParamValue): Promise<void>;
  reportIntermediate(studyId: number, trialNumber: number, step: number, value: number): Promise<void>;
  /**
   * Optional: reportIntermediate, then getTrialsFrom(studyId, from, numbers), in one atomic step
   * (the read sees the report; a storage whose every call is a round trip saves one per report).
   * `current()` stays true while this storage object has sent nothing else since: until then a
   * reader may take the read as the one it would make next (the prune check after a report).
   */
  reportAndRead?(studyId: number, trialNumber: number, step: number, value: number, from: number, numbers?: readonly number[]): Promise<{ trials: FrozenTrial[]; current: () => boolean }>;
  setTrialAttr(studyId: number, trialNumber: number, kind: 'user' | 'system', key: string, value: unknown): Promise<void>;
  /**
   * running → a finished state, with its value (stored as values [value]) or its values (one per
   * objective, each finite; value becomes values[0]); throws if the trial is already finished.
   */
  finishTrial(studyId: number, trialNumber: number, state: Exclude<TrialState, 'waiting' | 'running'>, value: number | readonly number[] | null): Promise<void>;
  getTrial(studyId: number, trialNumber: number): Promise<FrozenTrial>;
  getTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]>;
  /**
   * The trials numbered `from` or above, and those of `numbers`, in number order, read in one
   * snapshot: what a reader that keeps the finished trials it has seen (they never change) must
   * read again (see storage/trial-history.ts).
   */
  getTrialsFrom(studyId: number, from: number, numbers?: readonly number[]): Promise<FrozenTrial[]>;
  /**
   * How many trials the study holds (in `states`; without re-queued retries when `excludeRetries`;
   * without trials failed as orphans, systemAttrs.orphaned, when `excludeOrphans`: the budget).
   */
  countTrials(studyId: number, options?: CountTrialsOptions): Promise<number>;
  /**
   * Runs `section` while no other caller, in this process or any other sharing the storage,
   * holds the study's lock (the study's ask: claim or create, then the sampler's beforeTrial).
   * A holder that dies releases it.
   */
  withStudyLock<T>(studyId: number, section: () => Promise<T>, options?: StudyLockOptions): Promise<T>;
  /**
   * Records, with the storage's clock, that a running trial's worker is alive. Resolves false
   * when the trial is no longer running (another worker failed it as stale, or it finished).
   */
  heartbeat(studyId: number, trialNumber: number): Promise<boolean>;
  /**
   * In one atomic step: fails every running trial whose last heartbeat (or start, if it never
   * beat) is more than `graceMs` old by the storage's clock, and every running trial whose
   * owner is provably dead (started by a process of this host that is gone, see
   * storage/trial-owner.ts) whatever its beats, and re-queues each one whose retry count is
   * below `maxRetries` as a new waiting trial (see storage/retry-policy.ts). Every trial it
   * fails is marked systemAttrs.orphaned.
   */
  failStaleTrials(studyId: number, policy: StalePolicy): Promise<StaleTrialsResult>;
  /**
   * In one atomic step: fails a running trial with `reason` (marked orphaned) and re-queues it (a
   * worker that stops hands its trial back). Resolves undefined, changing nothing, when the trial is not running.
   */
  releaseTrial(studyId: number, trialNumber: number, reason: string): Promise<FrozenTrial | undefined>;
  /**
   * Stores a trial exactly as given, in any state, with its timestamps (moving a study between
   * storages). Its number must be the study's next, so numbering stays consecutive.
   */
  importTrial(studyId: number, trial: FrozenTrial): Promise<void>;
  /** importTrial for each trial, in one atomic step (all or none): filling a study in bulk. */
  importTrials(studyId: number, trials: readonly FrozenTrial[]): Promise<void>;
  close(): Promise<void>;
}

export interface CountTrialsOptions {
  states?: readonly TrialState[];
  /** Leave out re-queued retries (systemAttrs.retryOf). */
  excludeRetries?: boolean;
  /** Leave out trials failed as orphans (systemAttrs.orphaned): what counts against maxTrials. */
  excludeOrphans?: boolean;
}

/** When a running trial counts as stale, and how often a trial may be retried. */
export interface StalePolicy {
  /** A running trial with no heartbeat for longer than this many ms is stale (Infinity: only trials of dead processes are failed). */
  graceMs: number;
  /** How many times one trial's parameters are re-queued (0: fail without retrying). */
  maxRetries: number;
}

export interface StaleTrialsResult {
  /** Numbers of the running trials now marked failed. */
  failed: number[];
  /** New waiting trials that repeat failed ones (systemAttrs.retryOf names the original). */
  requeued: FrozenTrial[];
}

/** What samplers and pruners see of a study: its direction and its trials (from the storage). */
export interface StudyView {
  /** directions[0]: the objective that single-objective samplers and the pruners rank on. */
  readonly direction: Direction;
  /**
   * One per objective. Optional so that hand-made views of single-objective studies stay valid:
   * read it through studyDirections(view) (src/tune/multi-objective/directions.ts).
   */
  readonly directions?: readonly Direction[];
  readonly seed: number;
  getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]>;
  /**
   * Cheap reads for pruners (a Study keeps them incrementally, see storage/trial-history.ts);
   * a view without them is read through getTrials (storage/step-values.ts).
   */
  stepValues?(step: number, query?: StepValueQuery): Promise<StepValues>;
  countTrials?(states?: readonly TrialState[], below?: number): Promise<number>;
  /**
   * Present in a reproducible study (see src/tune/reproducible/): the trials numbered below
   * `number`, once each has ended or reported at a step ≥ options.reached. Pruners then compare
   * a trial with these alone, so their decisions do not depend on timing.
   */
  trialsBefore?(number: number, options?: LowerTrialsOptions): Promise<FrozenTrial[]>;
  /**
   * true in a reproducible study: a sampler must propose from this view alone, keeping nothing
   * between calls (another process, or a resumed run, proposes the next trial).
   */
  readonly historyOnly?: boolean;
}

export interface LowerTrialsOptions {
  /** Wait for each lower trial only until it reports at a step ≥ this one (default: until it ends). */
  reached?: number;
  /** Only the trials whose number this keeps (e.g. one Hyperband bracket). */
  include?: (trialNumber: number) => boolean;
}

/** One trial's value at a step. */
export interface StepValue {
  readonly number: number;
  readonly state: TrialState;
  readonly value: number;
}

export interface StepValueQuery {
  /** Only trials in these states (default: every state). */
  states?: readonly TrialState[];
  /**
   * 'exact' (default): the value reported at `step` (median and percentile pruners). 'rung': the
   * value at the first reported step ≥ `step`, the rung value of successive halving.
   */
  match?: 'exact' | 'rung';
  /** Only trials numbered below this. */
  below?: number;
}

/** The trials' values at one step. Read-only: they may be shared with later calls. */
export interface StepValues {
  /** One per trial with a value there, in number order. */
  readonly entries: readonly StepValue[];
  /** The entries' values without NaN, ascending (kept sorted between calls where it can be). */
  ascending(): readonly number[];
}

/**
 * A sampler proposes parameter values from the study's history only. `sampleRelative` may fix
 * several parameters at once (grid points, Bayesian optimisation over the relative search space
 * seen in complete trials); `sampleIndependent` covers the rest, one parameter at a time.
 */
export interface Sampler {
  readonly name: string;
  /**
   * Called once per trial when it starts running, before relative sampling, under the study's
   * ask lock (so concurrent asks in one process see each other's choices). Returns system attrs
   * to record on the trial (e.g. the grid point it takes). Added for GridSampler.
   */
  beforeTrial?(study: StudyView, trial: FrozenTrial): Promise<Record<string, unknown>>;
  /** True when a finite sampler has nothing left to propose; `optimize` then ends. Added for GridSampler. */
  isExhausted?(study: StudyView): Promise<boolean>;
  inferRelativeSearchSpace?(study: StudyView, trial: FrozenTrial): Promise<Record<string, Distribution>>;
  sampleRelative?(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Promise<Record<string, ParamValue>>;
  sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): Promise<ParamValue>;
}

/** A pruner is one predicate fed by trial.report(value, step). */
export interface Pruner {
  readonly name: string;
  shouldPrune(study: StudyView, trial: FrozenTrial): Promise<boolean>;
}

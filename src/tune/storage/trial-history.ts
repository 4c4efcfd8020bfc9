// One study's trials as a reader in one process keeps them. Finished trials never change (the
// storage contract), so each is read once and kept; every read after that asks the storage only
// for what may have changed since: the trials it last saw unfinished, the numbers it has not seen
// yet, and any number it found missing (storage.getTrialsFrom). That is correct with any number of
// writers in other processes or on other machines (SQLite, PostgreSQL): a trial is settled only
// once a read has returned it finished, and the read sees every commit before it. A prune check
// at 20,000 finished trials then reads one or two trials, not 20,000.
import { describeValue } from '../../errors.ts';
import type { Direction, FrozenTrial, StepValueQuery, StepValues, Storage, StudyView, TrialState } from '../types.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import { isFinished } from './rules.ts';
import { checkStepQuery, StepIndex } from './step-values.ts';
import { copyTrial } from '../copy-trial.ts';

export class TrialHistory {
  private readonly storage: Storage;
  private readonly studyId: number;
  /** Finished trials by number (holes: not finished, or not seen). */
  private readonly finished: (FrozenTrial | undefined)[] = [];
  /** The finished trials in the order reads found them: step indexes take in its new end. */
  private readonly found: FrozenTrial[] = [];
  private readonly finishedByState = new Map<TrialState, number>();
  /** Finished trials failed as orphans (systemAttrs.orphaned): left out of a study's budget. */
  private finishedOrphans = 0;
  /** The unfinished trials as the last read returned them, in number order. */
  private unfinished: FrozenTrial[] = [];
  /** Numbers below `seen` that no read has returned (a gap a concurrent writer may fill). */
  private readonly missing = new Set<number>();
  /** One more than the highest number any read returned. */
  private seen = 0;
  private readonly indexes = new Map<string, StepIndex>();
  /** The last read, when a report of trial `number` made it: current while the storage sent nothing since. */
  private reportRead: { number: number; current: () => boolean } | undefined;
  /** A read asked for but not started yet: later callers join it (it starts after their writes). */
  private queued: Promise<void> | undefined;
  private last: Promise<void> = Promise.resolve();

  constructor(storage: Storage, studyId: number) {
    this.storage = storage;
    this.studyId = studyId;
  }

  /** Brings the history up to the storage's state now: reads what may have changed. */
  refresh(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    const queued = this.last
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        // Started: a caller from now on may have written after this read began, so it queues the next.
        this.queued = undefined;
        return this.read();
      });
    this.queued = queued;
    this.last = queued;
    return queued;
  }

  /**
   * Stores trial `number`'s value at `step`. With a storage that reads in the same step
   * (Storage.reportAndRead), that read is this history's next one, and the prune check right
   * after the report (snapshot) takes it while the storage has sent nothing else since.
   */
  report(number: number, step: number, value: number): Promise<void> {
    const storage = this.storage;
    if (storage.reportAndRead === undefined) return storage.reportIntermediate(this.studyId, number, step, value);
    const reported = this.last
      .then(
        () => undefined,
        () => undefined,
      )
      .then(async () => {
        const again = this.again();
        const { trials, current } = await storage.reportAndRead!(this.studyId, number, step, value, this.seen, again);
        this.take(trials, again);
        this.reportRead = { number, current };
      });
    // A read asked for from now on starts after this one (a queued one started before it joins nothing new).
    this.queued = undefined;
    this.last = reported;
    return reported;
  }

  /** Copies of the trials (in `states`), in number order. */
  async trials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    await this.refresh();
    return this.trialsNow(states);
  }

  /** How many trials are in `states` (all states by default), counting only those numbered below `below`. */
  async count(states?: readonly TrialState[], below?: number): Promise<number> {
    checkBelow(below);
    await this.refresh();
    return this.countNow(states, below);
  }

  /**
   * How many trials count against a study's budget (maxTrials): all but those failed as orphans,
   * as Storage.countTrials with excludeOrphans, without counting over every stored trial.
   */
  async budgetCount(): Promise<number> {
    await this.refresh();
    let finished = 0;
    for (const n of this.finishedByState.values()) finished += n;
    return finished - this.finishedOrphans + this.unfinished.length;
  }

  /** The trials' values at `step` (see StepValueQuery), finished trials' kept between calls. */
  async stepValues(step: number, query: StepValueQuery = {}): Promise<StepValues> {
    checkStepQuery(step, query);
    await this.refresh();
    return this.stepValuesNow(step, query);
  }

  /**
   * One read of what changed, then trial `number` as read and a view of the study as that read
   * left it (its reads do not read again): a prune check's trial and history in one round trip.
   * Undefined when the read did not return the trial.
   */
  async snapshot(number: number, direction: Direction, seed: number): Promise<{ trial: FrozenTrial; view: StudyView } | undefined> {
    const taken = this.reportRead;
    this.reportRead = undefined;
    if (!(taken?.number === number && taken.current() && this.queued === undefined)) await this.refresh();
    const trial = this.finished[number] ?? this.unfinished.find((t) => t.number === number);
    if (trial === undefined) return undefined;
    const view: StudyView = {
      direction,
      seed,
      getTrials: async (states) => this.trialsNow(states),
      countTrials: async (states, below) => {
        checkBelow(below);
        return this.countNow(states, below);
      },
      stepValues: async (step, query = {}) => {
        checkStepQuery(step, query);
        return this.stepValuesNow(step, query);
      },
    };
    return { trial: copyTrial(trial), view };
  }

  private trialsNow(states: readonly TrialState[] | undefined): FrozenTrial[] {
    const wanted = states === undefined ? undefined : new Set(states);
    const open = new Map(this.unfinished.map((t) => [t.number, t]));
    const out: FrozenTrial[] = [];
    for (let n = 0; n < this.seen; n += 1) {
      const t = this.finished[n] ?? open.get(n);
      if (t !== undefined && (wanted === undefined || wanted.has(t.state))) out.push(copyTrial(t));
    }
    return out;
  }

  private countNow(states: readonly TrialState[] | undefined, below: number | undefined): number {
    const wanted = states === undefined ? undefined : new Set(states);
    const counted = (t: FrozenTrial): boolean => (wanted === undefined || wanted.has(t.state)) && (below === undefined || t.number < below);
    let n = this.unfinished.filter(counted).length;
    if (below === undefined || below >= this.seen) {
      for (const [state, k] of this.finishedByState) if (wanted === undefined || wanted.has(state)) n += k;
    } else {
      for (let i = 0; i < below; i += 1) if (this.finished[i] !== undefined && counted(this.finished[i]!)) n += 1;
    }
    return n;
  }

  private stepValuesNow(step: number, query: StepValueQuery): StepValues {
    const match = query.match ?? 'exact';
    const key = `${match}:${step}`;
    let index = this.indexes.get(key);
    if (index === undefined) this.indexes.set(key, (index = new StepIndex(step, match)));
    return index.query(this.found, this.unfinished, query);
  }

  /** The numbers a read must ask for again: those last seen unfinished, and the gaps. */
  private again(): number[] {
    return [...this.unfinished.map((t) => t.number), ...this.missing];
  }

  private async read(): Promise<void> {
    this.reportRead = undefined;
    const again = this.again();
    this.take(await this.storage.getTrialsFrom(this.studyId, this.seen, again), again);
  }

  /** Takes in a read of the trials from `seen` and of `again`. */
  private take(trials: readonly FrozenTrial[], again: readonly number[]): void {
    const unfinished: FrozenTrial[] = [];
    const returned = new Set<number>();
    let top = this.seen - 1;
    for (const t of trials) {
      returned.add(t.number);
      top = Math.max(top, t.number);
      if (!isFinished(t.state)) unfinished.push(t);
      else if (this.finished[t.number] === undefined) {
        this.finished[t.number] = t;
        this.found.push(t);
        this.finishedByState.set(t.state, (this.finishedByState.get(t.state) ?? 0) + 1);
        if (t.systemAttrs[SYSTEM_ATTRS.orphaned] === true) this.finishedOrphans += 1;
      }
    }
    for (const n of again) if (returned.has(n)) this.missing.delete(n);
    for (let n = this.seen; n < top; n += 1) if (!returned.has(n)) this.missing.add(n);
    for (const n of again) if (!returned.has(n) && this.finished[n] === undefined) this.missing.add(n);
    this.seen = top + 1;
    this.unfinished = unfinished;
  }
}

function checkBelow(below: unknown): void {
  if (below !== undefined && !(Number.isSafeInteger(below) && (below as number) >= 0)) throw new RangeError(`countTrials: below must be a non-negative integer, got ${describeValue(below)}`);
}

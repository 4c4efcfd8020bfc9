// A storage in an append-only journal file that Optuna's JournalFileStorage (3.1) reads and
// writes too, so Node and Python workers can share one study on one file. Pure Node fs: no
// native build. Each instance keeps the replayed state and reads only the lines appended since
// its last read; a change takes the file lock, reads to the end, checks itself against that
// state and appends its records, so several processes never assign one number twice or claim
// one waiting trial twice. Optuna 3.1's journal keeps no heartbeats: a trial a Python worker
// runs is never failed as stale here, only hyperprop's own trials are.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { describeValue } from '../../../errors.ts';
import { AsyncLock } from '../../lock.ts';
import { SYSTEM_ATTRS } from '../../system-attrs.ts';
import { trialSeed } from '../../seeds.ts';
import type { CountTrialsOptions, Direction, Directions, Distribution, FrozenTrial, ParamValue, StalePolicy, StaleTrialsResult, Storage, StudyRecord, TrialState } from '../../types.ts';
import { checkStalePolicy, retryInit, staleReason } from '../retry-policy.ts';
import { checkDirections, checkFinishable, checkImportedTrial, checkMutable, checkSeed, checkStep, checkStudyName, checkTrialsFrom, checkValue, duplicateStudy, finishedValues, importedValues, jsonCopy, paramAlreadySet } from '../rules.ts';
import { orphanReason, ownerIsGone, thisProcess, type TrialOwner } from '../trial-owner.ts';
import { JournalFileLog, type JournalRecord } from './file-log.ts';
import { compatible, distributionFromJson, distributionToJson, HYPERPROP_KEYS, internalValue, OP, OPTUNA_STATE, optunaDirection, WORKER_PREFIX } from './log-format.ts';
import { checkSystemAttrs, createTrialRecord, finishRecords, frozenTrial, startRecords, stateOf, studyRecord, studySeed, systemAttrRecord, trialRecord, type NewTrial } from './records.ts';
import { JournalReplay, type JournalStudy, type JournalTrial } from './replay.ts';
import { JournalStudyLocks } from './study-lock.ts';

type TrialInit = { state: 'waiting' | 'running'; seed?: number; params?: Record<string, ParamValue>; systemAttrs?: Record<string, unknown> };

export class JournalStorage implements Storage {
  readonly path: string;
  private readonly log: JournalFileLog;
  private readonly replay = new JournalReplay();
  private readonly studyLocks: JournalStudyLocks;
  /** This process's writers queue here before taking the file lock. */
  private readonly writes = new AsyncLock();
  private readonly workerId = `${WORKER_PREFIX}${randomUUID()}`;
  private readonly owner: TrialOwner = thisProcess();

  constructor(path: string) {
    if (typeof path !== 'string' || path.length === 0) throw new TypeError(`JournalStorage: path must be a non-empty string, got ${describeValue(path)}`);
    this.path = resolve(path);
    this.log = new JournalFileLog(this.path);
    this.studyLocks = new JournalStudyLocks(this.log);
    this.sync();
  }

  async createStudy(name: string, direction: Directions, seed: number): Promise<StudyRecord> {
    const directions = this.checkStudy(name, direction, seed);
    return this.change(() => {
      if (this.replay.studyByName(name) !== undefined) throw duplicateStudy(name);
      return studyRecord(this.insertStudy(name, directions, seed));
    });
  }

  async createStudyIfAbsent(name: string, direction: Directions, seed: number): Promise<{ study: StudyRecord; created: boolean }> {
    const directions = this.checkStudy(name, direction, seed);
    return this.change(() => {
      const existing = this.replay.studyByName(name);
      if (existing !== undefined) return { study: studyRecord(existing), created: false };
      return { study: studyRecord(this.insertStudy(name, directions, seed)), created: true };
    });
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    this.sync();
    const study = this.replay.studyByName(name);
    return study === undefined ? undefined : studyRecord(study);
  }

  async listStudies(): Promise<StudyRecord[]> {
    this.sync();
    return [...this.replay.studies.values()].sort((a, b) => a.id - b.id).map((s) => studyRecord(s));
  }

  async setStudyAttr(studyId: number, key: string, value: unknown): Promise<void> {
    const copy = jsonCopy(value, `setStudyAttr: value of ${JSON.stringify(key)}`);
    await this.change(() => {
      this.replay.study(studyId);
      this.append([{ op_code: OP.setStudyUserAttr, worker_id: this.workerId, study_id: studyId, user_attr: { [key]: copy } }]);
    });
  }

  async createTrial(studyId: number, init: TrialInit): Promise<FrozenTrial> {
    if (init.state !== 'waiting' && init.state !== 'running') throw new TypeError(`createTrial: state must be "waiting" or "running", got ${describeValue(init.state)}`);
    if (init.seed !== undefined) checkSeed(init.seed, 'createTrial: seed');
    const params = jsonCopy(init.params ?? {}, 'createTrial: params');
    const systemAttrs = checkSystemAttrs(jsonCopy(init.systemAttrs ?? {}, 'createTrial: systemAttrs'), 'createTrial: systemAttrs');
    return this.change(() => this.insertTrial(studyId, { ...init, params, systemAttrs }));
  }

  async claimWaitingTrial(studyId: number): Promise<FrozenTrial | undefined> {
    return this.change(() => this.claim(studyId));
  }

  async claimOrCreateTrial(studyId: number): Promise<FrozenTrial> {
    return this.change(() => this.claim(studyId) ?? this.insertTrial(studyId, { state: 'running', params: {}, systemAttrs: {} }));
  }

  async setParam(studyId: number, trialNumber: number, name: string, distribution: Distribution, value: ParamValue): Promise<void> {
    const d = jsonCopy(distribution, 'setParam: distribution');
    const v = jsonCopy(value, 'setParam: value');
    const json = distributionToJson(d);
    const internal = internalValue(d, v, `setParam: value of ${JSON.stringify(name)}`);
    await this.change(() => {
      const trial = this.mutable('setParam', studyId, trialNumber);
      if (trial.distributions[name] !== undefined) throw paramAlreadySet(studyId, trialNumber, name);
      // Optuna's replay drops a parameter whose distribution breaks the study's: refuse it here instead.
      const first = this.replay.firstDistribution(trial.studyId, name);
      if (first !== undefined && !compatible(first, distributionFromJson(json))) {
        throw new TypeError(
          `setParam: parameter ${JSON.stringify(name)} must keep the kind of distribution it has in study ${studyId} (${first.className}${first.distribution.type === 'categorical' ? ` with the same choices` : `, log=${first.distribution.log}`}), got ${json}`,
        );
      }
      this.append([trialRecord(this.workerId, OP.setTrialParam, trial.id, { param_name: name, param_value_internal: internal, distribution: json })]);
    });
  }

  async reportIntermediate(studyId: number, trialNumber: number, step: number, value: number): Promise<void> {
    checkStep(step);
    checkValue('reportIntermediate: value', value, false);
    await this.change(() => {
      const trial = this.mutable('reportIntermediate', studyId, trialNumber);
      this.append([trialRecord(this.workerId, OP.setTrialIntermediateValue, trial.id, { step, intermediate_value: value })]);
    });
  }

  async setTrialAttr(studyId: number, trialNumber: number, kind: 'user' | 'system', key: string, value: unknown): Promise<void> {
    if (kind !== 'user' && kind !== 'system') throw new TypeError(`setTrialAttr: kind must be "user" or "system", got ${describeValue(kind)}`);
    if (kind === 'system') checkSystemAttrs({ [key]: null }, 'setTrialAttr: key');
    const copy = jsonCopy(value, `setTrialAttr: value of ${JSON.stringify(key)}`);
    await this.change(() => {
      const trial = this.mutable('setTrialAttr', studyId, trialNumber);
      const op = kind === 'user' ? OP.setTrialUserAttr : OP.setTrialSystemAttr;
      this.append([trialRecord(this.workerId, op, trial.id, { [kind === 'user' ? 'user_attr' : 'system_attr']: { [key]: copy } })]);
    });
  }

  async finishTrial(studyId: number, trialNumber: number, state: Exclude<TrialState, 'waiting' | 'running'>, value: number | readonly number[] | null): Promise<void> {
    const { values } = finishedValues(value);
    await this.change(() => {
      const trial = this.replay.trial(studyId, trialNumber);
      checkFinishable(studyId, trialNumber, stateOf(trial), state);
      this.append(finishRecords(this.workerId, trial.id, state, values, Date.now()));
    });
  }

  async getTrial(studyId: number, trialNumber: number): Promise<FrozenTrial> {
    this.sync();
    return this.frozen(this.replay.trial(studyId, trialNumber));
  }

  async getTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    this.sync();
    return this.replay.trialsOf(studyId)
      .filter((t) => states === undefined || states.includes(stateOf(t)))
      .map((t) => this.frozen(t));
  }

  async getTrialsFrom(studyId: number, from: number, numbers: readonly number[] = []): Promise<FrozenTrial[]> {
    checkTrialsFrom(from, numbers);
    this.sync();
    const trials = this.replay.trialsOf(studyId);
    const below = [...new Set(numbers)].filter((n) => n < from && n < trials.length).sort((a, b) => a - b);
    return [...below.map((n) => trials[n]!), ...trials.slice(from)].map((t) => this.frozen(t));
  }

  async countTrials(studyId: number, options: CountTrialsOptions = {}): Promise<number> {
    const { states, excludeRetries = false, excludeOrphans = false } = options;
    this.sync();
    return this.replay.trialsOf(studyId).filter(
      (t) =>
        (states === undefined || states.includes(stateOf(t))) &&
        !(excludeRetries && SYSTEM_ATTRS.retryOf in t.systemAttrs) &&
        !(excludeOrphans && t.systemAttrs[SYSTEM_ATTRS.orphaned] === true),
    ).length;
  }

  withStudyLock<T>(studyId: number, section: () => Promise<T>): Promise<T> {
    this.sync();
    this.replay.study(studyId);
    return this.studyLocks.run(studyId, section);
  }

  async heartbeat(studyId: number, trialNumber: number): Promise<boolean> {
    return this.change(() => {
      const trial = this.replay.trial(studyId, trialNumber);
      if (trial.state !== OPTUNA_STATE.running) return false;
      this.append([systemAttrRecord(this.workerId, trial.id, HYPERPROP_KEYS.heartbeat, Date.now())]);
      return true;
    });
  }

  async failStaleTrials(studyId: number, policy: StalePolicy): Promise<StaleTrialsResult> {
    const { graceMs, maxRetries } = checkStalePolicy(policy);
    return this.change(() => {
      const oldest = Date.now() - graceMs;
      const stale: [JournalTrial, string][] = [];
      for (const trial of this.replay.trialsOf(studyId)) {
        if (trial.state !== OPTUNA_STATE.running || !trial.runner?.startsWith(WORKER_PREFIX)) continue;
        const owner = trial.systemAttrs[HYPERPROP_KEYS.owner] as Partial<TrialOwner> | undefined;
        const beat = trial.systemAttrs[HYPERPROP_KEYS.heartbeat];
        const last = typeof beat === 'number' ? beat : (trial.startedAt ?? 0);
        if (last < oldest) stale.push([trial, staleReason(graceMs)]);
        else if (ownerIsGone(owner?.host ?? null, owner?.pid ?? null)) stale.push([trial, orphanReason(owner!.host!, owner!.pid!)]);
      }
      const requeued = this.failAndRequeue(studyId, stale, maxRetries);
      return { failed: stale.map(([t]) => t.number), requeued };
    });
  }

  async releaseTrial(studyId: number, trialNumber: number, reason: string): Promise<FrozenTrial | undefined> {
    return this.change(() => {
      const trial = this.replay.trial(studyId, trialNumber);
      if (trial.state !== OPTUNA_STATE.running) return undefined;
      return this.failAndRequeue(studyId, [[trial, reason]], Number.POSITIVE_INFINITY)[0];
    });
  }

  async importTrial(studyId: number, trial: FrozenTrial): Promise<void> {
    await this.importTrials(studyId, [trial]);
  }

  async importTrials(studyId: number, trials: readonly FrozenTrial[]): Promise<void> {
    await this.change(() => {
      const next = this.replay.trialsOf(studyId).length;
      // Every check before the append: all or none.
      const records = trials.map((trial, i) => {
        checkImportedTrial(trial, next + i);
        const { state, seed, params, distributions, intermediate, startedAt, completedAt } = trial;
        const userAttrs = jsonCopy(trial.userAttrs, `importTrial: userAttrs of trial ${next + i}`);
        const systemAttrs = checkSystemAttrs(jsonCopy(trial.systemAttrs, `importTrial: systemAttrs of trial ${next + i}`), `importTrial: systemAttrs of trial ${next + i}`);
        const values = importedValues(trial);
        return createTrialRecord(this.workerId, studyId, { state, seed, params, distributions, values, intermediate, startedAt, completedAt, userAttrs, systemAttrs });
      });
      this.append(records);
    });
  }

  async close(): Promise<void> {}

  /** Reads the lines appended since the last read into the replayed state. */
  private sync(): void {
    this.replay.apply(this.log.readNew());
  }

  /** A change: this process's writers in turn, the file lock, every line read, then `section`'s appends. */
  private change<T>(section: () => T): Promise<T> {
    return this.writes.run(() =>
      this.log.withLock(() => {
        this.sync();
        return section();
      }),
    );
  }

  /** Inside change: appends in one write and applies the lines to the replayed state. */
  private append(records: JournalRecord[]): void {
    this.log.append(records);
    this.sync();
  }

  private checkStudy(name: string, direction: Directions, seed: number): Direction[] {
    checkStudyName(name);
    const directions = checkDirections(direction);
    checkSeed(seed);
    return directions;
  }

  private insertStudy(name: string, directions: readonly Direction[], seed: number): JournalStudy {
    const id = this.replay.nextStudyId;
    const attr = (key: string, value: unknown): JournalRecord => ({ op_code: OP.setStudySystemAttr, worker_id: this.workerId, study_id: id, system_attr: { [key]: value } });
    this.append([
      { op_code: OP.createStudy, worker_id: this.workerId, study_name: name, directions: directions.map(optunaDirection) },
      attr(HYPERPROP_KEYS.seed, seed),
      attr(HYPERPROP_KEYS.createdAt, Date.now()),
    ]);
    return this.replay.study(id);
  }

  private insertTrial(studyId: number, init: TrialInit & { params: Record<string, ParamValue>; systemAttrs: Record<string, unknown> }): FrozenTrial {
    return this.insertTrials(studyId, [this.newTrial(studyId, init)])[0]!;
  }

  private newTrial(studyId: number, init: { state: 'waiting' | 'running'; seed?: number; params: Record<string, ParamValue>; systemAttrs: Record<string, unknown> }, offset = 0): NewTrial {
    const running = init.state === 'running';
    const now = Date.now();
    const seed = init.seed ?? trialSeed(studySeed(this.replay.study(studyId)), this.replay.trialsOf(studyId).length + offset);
    const trial: NewTrial = { state: init.state, seed, params: init.params, distributions: {}, values: null, intermediate: {}, startedAt: running ? now : null, completedAt: null, userAttrs: {}, systemAttrs: init.systemAttrs };
    if (running) trial.owner = this.owner;
    return trial;
  }

  /** Appends the trials in one write; returns them as stored. */
  private insertTrials(studyId: number, trials: NewTrial[]): FrozenTrial[] {
    const first = this.replay.trialsOf(studyId).length;
    this.append(trials.map((t) => createTrialRecord(this.workerId, studyId, t)));
    return trials.map((_, i) => this.frozen(this.replay.trial(studyId, first + i)));
  }

  private claim(studyId: number): FrozenTrial | undefined {
    const waiting = this.replay.trialsOf(studyId).find((t) => t.state === OPTUNA_STATE.waiting);
    if (waiting === undefined) return undefined;
    this.append(startRecords(this.workerId, waiting.id, Date.now(), this.owner));
    return this.frozen(waiting);
  }

  /** Fails each trial with its reason and re-queues it, all in one write; returns the retries. */
  private failAndRequeue(studyId: number, failing: [JournalTrial, string][], maxRetries: number): FrozenTrial[] {
    const now = Date.now();
    const records: JournalRecord[] = [];
    const retries: NewTrial[] = [];
    for (const [trial, reason] of failing) {
      records.push(systemAttrRecord(this.workerId, trial.id, SYSTEM_ATTRS.orphaned, true), systemAttrRecord(this.workerId, trial.id, SYSTEM_ATTRS.failReason, reason));
      records.push(...finishRecords(this.workerId, trial.id, 'failed', null, now));
      const init = retryInit(this.frozen(trial), maxRetries);
      if (init !== undefined) retries.push(this.newTrial(studyId, { ...init, params: {} }, retries.length));
    }
    const first = this.replay.trialsOf(studyId).length;
    this.append([...records, ...retries.map((t) => createTrialRecord(this.workerId, studyId, t))]);
    return retries.map((_, i) => this.frozen(this.replay.trial(studyId, first + i)));
  }

  private mutable(what: string, studyId: number, trialNumber: number): JournalTrial {
    const trial = this.replay.trial(studyId, trialNumber);
    checkMutable(what, studyId, trialNumber, stateOf(trial));
    return trial;
  }

  private frozen(trial: JournalTrial): FrozenTrial {
    return frozenTrial(trial, studySeed(this.replay.study(trial.studyId)));
  }
}

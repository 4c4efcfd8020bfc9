// In-process storage: plain maps, copies in and out. Every method body runs synchronously, so
// each call is atomic with respect to other callers in the same process.
import { AsyncLock } from '../lock.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { CountTrialsOptions, Directions, Distribution, FrozenTrial, ParamValue, StalePolicy, StaleTrialsResult, Storage, StudyRecord, TrialState } from '../types.ts';
import { trialSeed } from '../seeds.ts';
import { checkStalePolicy, retryInit, staleReason } from './retry-policy.ts';
import { copyTrial, copyTrials } from '../copy-trial.ts';
import {
  checkDirections,
  checkImportedTrial,
  checkFinishable,
  checkMutable,
  checkSeed,
  checkStep,
  checkStudyName,
  checkTrialsFrom,
  checkValue,
  duplicateStudy,
  finishedValues,
  importedValues,
  jsonCopy,
  paramAlreadySet,
  unknownStudy,
  unknownTrial,
} from './rules.ts';

interface StoredStudy {
  record: StudyRecord;
  trials: FrozenTrial[];
  /** trial number → last heartbeat (ms); a running trial that never beat counts from startedAt. */
  heartbeats: Map<number, number>;
  lock: AsyncLock;
}

export class MemoryStorage implements Storage {
  private readonly studies = new Map<number, StoredStudy>();
  private nextStudyId = 1;

  async createStudy(name: string, direction: Directions, seed: number): Promise<StudyRecord> {
    checkStudyName(name);
    const directions = checkDirections(direction);
    checkSeed(seed);
    for (const s of this.studies.values()) if (s.record.name === name) throw duplicateStudy(name);
    const record: StudyRecord = { id: this.nextStudyId++, name, direction: directions[0]!, directions, seed, createdAt: Date.now(), userAttrs: {} };
    this.studies.set(record.id, { record, trials: [], heartbeats: new Map(), lock: new AsyncLock() });
    return structuredClone(record);
  }

  async createStudyIfAbsent(name: string, direction: Directions, seed: number): Promise<{ study: StudyRecord; created: boolean }> {
    checkStudyName(name);
    checkDirections(direction);
    checkSeed(seed);
    // No await between the look-up and createStudy's synchronous body: one step for every caller.
    const existing = [...this.studies.values()].find((s) => s.record.name === name);
    if (existing !== undefined) return { study: structuredClone(existing.record), created: false };
    return { study: await this.createStudy(name, direction, seed), created: true };
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    for (const s of this.studies.values()) if (s.record.name === name) return structuredClone(s.record);
    return undefined;
  }

  async listStudies(): Promise<StudyRecord[]> {
    return [...this.studies.values()].map((s) => structuredClone(s.record));
  }

  async setStudyAttr(studyId: number, key: string, value: unknown): Promise<void> {
    this.study(studyId).record.userAttrs[key] = jsonCopy(value, `setStudyAttr: value of ${JSON.stringify(key)}`);
  }

  async createTrial(
    studyId: number,
    init: { state: 'waiting' | 'running'; seed?: number; params?: Record<string, ParamValue>; systemAttrs?: Record<string, unknown> },
  ): Promise<FrozenTrial> {
    const study = this.study(studyId);
    if (init.state !== 'waiting' && init.state !== 'running') throw new TypeError(`createTrial: state must be "waiting" or "running", got ${JSON.stringify(init.state)}`);
    const number = study.trials.length;
    const seed = init.seed ?? trialSeed(study.record.seed, number);
    checkSeed(seed, 'createTrial: seed');
    const trial: FrozenTrial = {
      number,
      state: init.state,
      params: jsonCopy(init.params ?? {}, 'createTrial: params'),
      distributions: {},
      value: null,
      values: null,
      intermediate: {},
      seed,
      startedAt: init.state === 'running' ? Date.now() : null,
      completedAt: null,
      userAttrs: {},
      systemAttrs: jsonCopy(init.systemAttrs ?? {}, 'createTrial: systemAttrs'),
    };
    study.trials.push(trial);
    return copyTrial(trial);
  }

  async claimWaitingTrial(studyId: number): Promise<FrozenTrial | undefined> {
    const trial = this.study(studyId).trials.find((t) => t.state === 'waiting');
    if (trial === undefined) return undefined;
    trial.state = 'running';
    trial.startedAt = Date.now();
    return copyTrial(trial);
  }

  async setParam(studyId: number, trialNumber: number, name: string, distribution: Distribution, value: ParamValue): Promise<void> {
    const trial = this.trial(studyId, trialNumber);
    checkMutable('setParam', studyId, trialNumber, trial.state);
    if (trial.distributions[name] !== undefined) throw paramAlreadySet(studyId, trialNumber, name);
    trial.distributions[name] = jsonCopy(distribution, 'setParam: distribution');
    trial.params[name] = jsonCopy(value, 'setParam: value');
  }

  async reportIntermediate(studyId: number, trialNumber: number, step: number, value: number): Promise<void> {
    const trial = this.trial(studyId, trialNumber);
    checkMutable('reportIntermediate', studyId, trialNumber, trial.state);
    checkStep(step);
    checkValue('reportIntermediate: value', value, false);
    trial.intermediate[step] = value;
  }

  async setTrialAttr(studyId: number, trialNumber: number, kind: 'user' | 'system', key: string, value: unknown): Promise<void> {
    const trial = this.trial(studyId, trialNumber);
    checkMutable('setTrialAttr', studyId, trialNumber, trial.state);
    const copy = jsonCopy(value, `setTrialAttr: value of ${JSON.stringify(key)}`);
    if (kind === 'user') trial.userAttrs[key] = copy;
    else if (kind === 'system') trial.systemAttrs[key] = copy;
    else throw new TypeError(`setTrialAttr: kind must be "user" or "system", got ${JSON.stringify(kind)}`);
  }

  async finishTrial(studyId: number, trialNumber: number, state: Exclude<TrialState, 'waiting' | 'running'>, value: number | readonly number[] | null): Promise<void> {
    const trial = this.trial(studyId, trialNumber);
    checkFinishable(studyId, trialNumber, trial.state, state);
    const finished = finishedValues(value);
    trial.state = state;
    trial.value = finished.value;
    trial.values = finished.values;
    trial.completedAt = Date.now();
  }

  async getTrial(studyId: number, trialNumber: number): Promise<FrozenTrial> {
    return copyTrial(this.trial(studyId, trialNumber));
  }

  async getTrials(studyId: number, states?: readonly TrialState[]): Promise<FrozenTrial[]> {
    const trials = this.study(studyId).trials;
    return copyTrials(states === undefined ? trials : trials.filter((t) => states.includes(t.state)));
  }

  async getTrialsFrom(studyId: number, from: number, numbers: readonly number[] = []): Promise<FrozenTrial[]> {
    checkTrialsFrom(from, numbers);
    const trials = this.study(studyId).trials;
    const below = [...new Set(numbers)].filter((n) => n < from && n < trials.length).sort((a, b) => a - b);
    return copyTrials([...below.map((n) => trials[n]!), ...trials.slice(from)]);
  }

  async countTrials(studyId: number, options: CountTrialsOptions = {}): Promise<number> {
    const { states, excludeRetries = false, excludeOrphans = false } = options;
    return this.study(studyId).trials.filter(
      (t) => (states === undefined || states.includes(t.state)) && !(excludeRetries && SYSTEM_ATTRS.retryOf in t.systemAttrs) && !(excludeOrphans && t.systemAttrs[SYSTEM_ATTRS.orphaned] === true),
    ).length;
  }

  withStudyLock<T>(studyId: number, section: () => Promise<T>): Promise<T> {
    return this.study(studyId).lock.run(section);
  }

  async heartbeat(studyId: number, trialNumber: number): Promise<boolean> {
    const trial = this.trial(studyId, trialNumber);
    if (trial.state !== 'running') return false;
    this.study(studyId).heartbeats.set(trialNumber, Date.now());
    return true;
  }

  async failStaleTrials(studyId: number, policy: StalePolicy): Promise<StaleTrialsResult> {
    const { graceMs, maxRetries } = checkStalePolicy(policy);
    const study = this.study(studyId);
    const now = Date.now();
    const stale = study.trials.filter((t) => t.state === 'running' && now - (study.heartbeats.get(t.number) ?? t.startedAt ?? 0) > graceMs);
    // Every failAndRequeue call does its work before returning, so the loop is one atomic step.
    const retries = stale.map((trial) => this.failAndRequeue(studyId, trial, staleReason(graceMs), maxRetries));
    const requeued = (await Promise.all(retries)).filter((t): t is FrozenTrial => t !== undefined);
    return { failed: stale.map((t) => t.number), requeued };
  }

  async releaseTrial(studyId: number, trialNumber: number, reason: string): Promise<FrozenTrial | undefined> {
    const trial = this.trial(studyId, trialNumber);
    if (trial.state !== 'running') return undefined;
    return this.failAndRequeue(studyId, trial, reason, Number.POSITIVE_INFINITY);
  }

  async importTrial(studyId: number, trial: FrozenTrial): Promise<void> {
    const study = this.study(studyId);
    checkImportedTrial(trial, study.trials.length);
    const { number, state, params, distributions, value, intermediate, seed, startedAt, completedAt, userAttrs, systemAttrs } = trial;
    study.trials.push(structuredClone({ number, state, params, distributions, value, values: importedValues(trial), intermediate, seed, startedAt, completedAt, userAttrs, systemAttrs }));
  }

  async importTrials(studyId: number, trials: readonly FrozenTrial[]): Promise<void> {
    const study = this.study(studyId);
    // Every check before the first push: all or none.
    trials.forEach((trial, i) => checkImportedTrial(trial, study.trials.length + i));
    // Each importTrial body runs to its end when called: no other caller comes in between.
    await Promise.all(trials.map((trial) => this.importTrial(studyId, trial)));
  }

  async close(): Promise<void> {}

  /**
   * createTrial's body runs before it returns, so the whole step happens synchronously. (Every
   * trial here belongs to this process, so none is ever orphaned by a dead one.)
   */
  private failAndRequeue(studyId: number, trial: FrozenTrial, reason: string, maxRetries: number): Promise<FrozenTrial | undefined> {
    trial.systemAttrs[SYSTEM_ATTRS.orphaned] = true;
    trial.systemAttrs[SYSTEM_ATTRS.failReason] = reason;
    trial.state = 'failed';
    trial.completedAt = Date.now();
    const init = retryInit(trial, maxRetries);
    return init === undefined ? Promise.resolve(undefined) : this.createTrial(studyId, init);
  }

  private study(studyId: number): StoredStudy {
    const study = this.studies.get(studyId);
    if (study === undefined) throw unknownStudy(studyId);
    return study;
  }

  private trial(studyId: number, trialNumber: number): FrozenTrial {
    const trial = this.study(studyId).trials[trialNumber];
    if (trial === undefined) throw unknownTrial(studyId, trialNumber);
    return trial;
  }
}

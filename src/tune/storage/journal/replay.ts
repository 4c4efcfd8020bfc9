// The state a journal describes, rebuilt by applying its records in file order with Optuna's
// replay rules (JournalStorageReplayResult): studies and trials get ids in creation order, a
// study name taken already makes a later create_study a no-op, and a record that names no
// trial, changes a finished trial or gives a parameter a distribution incompatible with the
// study's is skipped. Every writer, Python or Node, reads the same state from the same lines.
// Writers check their records against this state under the file lock before appending, so
// hyperprop never writes a record that the replay would skip.
import type { Direction, ParamValue } from '../../types.ts';
import { unknownStudy, unknownTrial } from '../rules.ts';
import type { JournalRecord } from './file-log.ts';
import { compatible, direction, distributionFromJson, externalValue, isFinishedState, OP, OPTUNA_STATE, parseIso, type OptunaState, type ReadDistribution } from './log-format.ts';

export interface JournalStudy {
  /** Optuna's study_id. */
  id: number;
  name: string;
  directions: Direction[];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  /** Trial ids in number order. */
  trialIds: number[];
}

export interface JournalTrial {
  /** Optuna's trial_id (across studies). */
  id: number;
  studyId: number;
  number: number;
  state: OptunaState;
  values: number[] | null;
  params: Record<string, ParamValue>;
  distributions: Record<string, ReadDistribution>;
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
  intermediate: Record<number, number>;
  startedAt: number | null;
  completedAt: number | null;
  /** worker_id of the record that started it running (hyperprop's start with WORKER_PREFIX). */
  runner: string | null;
}

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export class JournalReplay {
  readonly studies = new Map<number, JournalStudy>();
  readonly trials: JournalTrial[] = [];
  private studiesCreated = 0;

  /** The study_id the next create_study of a new name gets (deleted studies keep theirs). */
  get nextStudyId(): number {
    return this.studiesCreated;
  }

  apply(records: readonly JournalRecord[]): void {
    for (const r of records) {
      switch (r.op_code) {
        case OP.createStudy:
          this.createStudy(r);
          break;
        case OP.deleteStudy:
          this.studies.delete(r['study_id'] as number);
          break;
        case OP.setStudyUserAttr:
          Object.assign(this.studies.get(r['study_id'] as number)?.userAttrs ?? {}, record(r['user_attr']));
          break;
        case OP.setStudySystemAttr:
          Object.assign(this.studies.get(r['study_id'] as number)?.systemAttrs ?? {}, record(r['system_attr']));
          break;
        case OP.createTrial:
          this.createTrial(r);
          break;
        case OP.setTrialParam:
          this.setParam(r);
          break;
        case OP.setTrialStateValues:
          this.setStateValues(r);
          break;
        case OP.setTrialIntermediateValue: {
          const trial = this.updatable(r['trial_id']);
          if (trial !== undefined) trial.intermediate[r['step'] as number] = r['intermediate_value'] as number;
          break;
        }
        case OP.setTrialUserAttr:
          Object.assign(this.updatable(r['trial_id'])?.userAttrs ?? {}, record(r['user_attr']));
          break;
        case OP.setTrialSystemAttr:
          Object.assign(this.updatable(r['trial_id'])?.systemAttrs ?? {}, record(r['system_attr']));
          break;
        default:
          throw new RangeError(`journal op_code must be 0 to 9 (Optuna 3.1's operations), got ${r.op_code}`);
      }
    }
  }

  study(studyId: number): JournalStudy {
    const study = this.studies.get(studyId);
    if (study === undefined) throw unknownStudy(studyId);
    return study;
  }

  /** The study's trials in number order. */
  trialsOf(studyId: number): JournalTrial[] {
    return this.study(studyId).trialIds.map((id) => this.trials[id]!);
  }

  trial(studyId: number, trialNumber: number): JournalTrial {
    const id = Number.isSafeInteger(trialNumber) ? this.study(studyId).trialIds[trialNumber] : undefined;
    if (id === undefined) throw unknownTrial(studyId, trialNumber);
    return this.trials[id]!;
  }

  studyByName(name: string): JournalStudy | undefined {
    for (const study of this.studies.values()) if (study.name === name) return study;
    return undefined;
  }

  /** The trial, unless it is missing or finished (Optuna's _trial_exists_and_updatable). */
  updatable(trialId: unknown): JournalTrial | undefined {
    const trial = typeof trialId === 'number' ? this.trials[trialId] : undefined;
    return trial === undefined || isFinishedState(trial.state) ? undefined : trial;
  }

  /** The distribution a parameter name has in the study's first trial that set it. */
  firstDistribution(studyId: number, name: string): ReadDistribution | undefined {
    for (const id of this.studies.get(studyId)?.trialIds ?? []) {
      const trial = this.trials[id]!;
      if (Object.hasOwn(trial.params, name)) return trial.distributions[name];
    }
    return undefined;
  }

  private createStudy(r: JournalRecord): void {
    const name = r['study_name'] as string;
    if (this.studyByName(name) !== undefined) return;
    const id = this.studiesCreated++;
    const directions = Array.isArray(r['directions']) ? (r['directions'] as unknown[]).map(direction) : ['minimize' as const];
    this.studies.set(id, { id, name, directions, userAttrs: {}, systemAttrs: {}, trialIds: [] });
  }

  private createTrial(r: JournalRecord): void {
    const study = this.studies.get(r['study_id'] as number);
    if (study === undefined) return;
    const distributions: Record<string, ReadDistribution> = {};
    for (const [name, json] of Object.entries(record(r['distributions']))) distributions[name] = distributionFromJson(json);
    const params: Record<string, ParamValue> = {};
    for (const [name, internal] of Object.entries(record(r['params']))) params[name] = externalValue(distributions[name]!.distribution, internal);
    const intermediate: Record<number, number> = {};
    for (const [step, value] of Object.entries(record(r['intermediate_values']))) intermediate[Number(step)] = value as number;
    const state = (r['state'] ?? OPTUNA_STATE.running) as OptunaState;
    const value = r['value'] ?? null;
    const values = value !== null ? [value as number] : ((r['values'] ?? null) as number[] | null);
    const trial: JournalTrial = {
      id: this.trials.length,
      studyId: study.id,
      number: study.trialIds.length,
      state,
      values,
      params,
      distributions,
      userAttrs: { ...record(r['user_attrs']) },
      systemAttrs: { ...record(r['system_attrs']) },
      intermediate,
      startedAt: r['datetime_start'] == null ? null : parseIso(r['datetime_start']),
      completedAt: r['datetime_complete'] == null ? null : parseIso(r['datetime_complete']),
      runner: state === OPTUNA_STATE.running ? r.worker_id : null,
    };
    this.trials.push(trial);
    study.trialIds.push(trial.id);
  }

  private setParam(r: JournalRecord): void {
    const trial = this.updatable(r['trial_id']);
    if (trial === undefined) return;
    const name = r['param_name'] as string;
    const next = distributionFromJson(r['distribution']);
    const first = this.firstDistribution(trial.studyId, name);
    if (first !== undefined && !compatible(first, next)) return;
    trial.params[name] = externalValue(next.distribution, r['param_value_internal']);
    trial.distributions[name] = next;
  }

  private setStateValues(r: JournalRecord): void {
    const trial = this.updatable(r['trial_id']);
    if (trial === undefined) return;
    const state = r['state'] as OptunaState;
    if (state === OPTUNA_STATE.running && trial.state === OPTUNA_STATE.running) return;
    if (state === OPTUNA_STATE.running) {
      trial.startedAt = parseIso(r['datetime_start']);
      trial.runner = r.worker_id;
    }
    if (isFinishedState(state)) trial.completedAt = parseIso(r['datetime_complete']);
    trial.state = state;
    if (r['values'] != null) trial.values = r['values'] as number[];
  }
}

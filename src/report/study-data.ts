// What a study report reads: each study's trials and the settings `hyperprop tune` stored with
// it (sampler, pruner, metric, epochs per trial), straight from any Storage.
import type { MlpMetric } from '../tune/objectives/metric-value.ts';
import { trialEpochs } from '../tune/compare.ts';
import { isBetter } from '../train/direction.ts';
import { pickBestTrial } from '../tune/best-trial.ts';
import type { Direction, FrozenTrial, Storage } from '../tune/types.ts';

/** The study user attr holding StudySettings. */
export const STUDY_SETTINGS_ATTR = 'hyperprop';
/** The study user attr holding the best trial's scores on the test split. */
export const STUDY_TEST_ATTR = 'hyperprop.test';

export interface StudySettings {
  /** The strategy's name in a comparison (`random`, `gp+hyperband`). */
  strategy?: string;
  sampler: { type: string } & Record<string, unknown>;
  pruner: { type: string } & Record<string, unknown>;
  metric: MlpMetric;
  /** A study with several objectives: each objective's name, in the order of its directions. */
  metrics?: string[];
  /** Epochs a trial may train (the pruners' maxResource). */
  epochs: number;
  /** Where the data came from. */
  data?: string;
}

export interface StudyData {
  name: string;
  direction: Direction;
  /** One per objective, when the study has several (absent or one: a single-objective study). */
  directions?: readonly Direction[];
  settings?: StudySettings;
  /** The best trial refit on training + validation rows and scored on the held-out test split. */
  test?: { trial: number; metrics: Record<string, number> };
  trials: FrozenTrial[];
}

function isSettings(value: unknown): value is StudySettings {
  const v = value as Partial<StudySettings> | null;
  return v !== null && typeof v === 'object' && typeof v.sampler?.type === 'string' && typeof v.pruner?.type === 'string' && typeof v.epochs === 'number';
}

/** The named studies (default: all) in the storage, in creation order. */
export async function loadStudies(storage: Storage, names?: readonly string[]): Promise<StudyData[]> {
  const all = await storage.listStudies();
  if (names !== undefined && names.length > 0) {
    const missing = names.filter((n) => !all.some((s) => s.name === n));
    if (missing.length > 0) {
      throw new RangeError(`--study must name a study in the storage (${all.map((s) => JSON.stringify(s.name)).join(', ') || 'none stored'}), got ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
    }
  }
  const chosen = names === undefined || names.length === 0 ? all : all.filter((s) => names.includes(s.name));
  return Promise.all(
    chosen.map(async (record) => {
      const settings = record.userAttrs[STUDY_SETTINGS_ATTR];
      const test = record.userAttrs[STUDY_TEST_ATTR] as StudyData['test'] | undefined;
      return {
        name: record.name,
        direction: record.direction,
        directions: record.directions ?? [record.direction],
        ...(isSettings(settings) ? { settings } : {}),
        ...(test !== undefined && typeof test === 'object' && test !== null ? { test } : {}),
        trials: await storage.getTrials(record.id),
      };
    }),
  );
}

export function isFinished(trial: FrozenTrial): boolean {
  return trial.state !== 'waiting' && trial.state !== 'running';
}

export interface CurvePoint {
  study: string;
  evaluations: number;
  epochs: number;
  trial: number;
  state: string;
  value: number | null;
  best: number | null;
}

/**
 * Best-so-far after each finished trial, in finishing order, against evaluations and epochs
 * spent (compareTuners' clocks, rebuilt from the stored trials so any stored study can be compared).
 */
export function bestSoFarCurve(study: StudyData): CurvePoint[] {
  const finished = study.trials.filter(isFinished).sort((a, b) => (a.completedAt ?? 0) - (b.completedAt ?? 0) || a.number - b.number);
  let best: number | null = null;
  let epochs = 0;
  return finished.map((trial, i) => {
    epochs += trialEpochs(trial);
    if (trial.state === 'complete' && trial.value !== null && (best === null || isBetter(study.direction, trial.value, best))) best = trial.value;
    return { study: study.settings?.strategy ?? study.name, evaluations: i + 1, epochs, trial: trial.number, state: trial.state, value: trial.value, best };
  });
}

/** The best complete trial by the study's rule (ties on the value broken by validation loss), or undefined. */
export function bestTrial(study: StudyData): FrozenTrial | undefined {
  return pickBestTrial(study.trials, study.direction);
}

// The tuning engine's public API (re-exports only).
export type { Direction, Distribution, FrozenTrial, ParamValue, Pruner, Sampler, Storage, StudyRecord, StudyView, TrialState } from './types.ts';
export { FINISHED_STATES } from './types.ts';
export {
  categoricalDistribution,
  contains,
  floatDistribution,
  formatDistribution,
  fromUnit,
  gridSize,
  gridValues,
  intDistribution,
  sameDistribution,
  toUnit,
  validateDistribution,
  type CategoricalDistribution,
  type FloatDistribution,
  type FloatOptions,
  type IntDistribution,
  type IntOptions,
} from './space.ts';
export { Trial } from './trial.ts';
export { createStudy, loadStudy, Study, type CreateStudyOptions, type LoadStudyOptions, type StudyServices, type TellResult } from './study.ts';
export type { Objective, OptimizeCallback, OptimizeOptions } from './optimize.ts';
export { SearchSpaceExhaustedError, TrialDivergedError, TrialPrunedError } from './trial-errors.ts';
export { trialSeed } from './seeds.ts';
export { SYSTEM_ATTRS } from './system-attrs.ts';
export { trialsToCsv, trialsToJson } from './export.ts';
export { failStaleRunningTrials, MemoryStorage, SqliteStorage, type SqliteStorageOptions, type StaleTrialsResult } from './storage/index.ts';
export { GaussianProcessSampler, GridSampler, ParameterGrid, RandomSampler, type GaussianProcessSamplerOptions, type RandomSamplerOptions } from './samplers/index.ts';
export * from './pruners/index.ts';

// The tuning engine's public API (re-exports only).
export type { CountTrialsOptions, Direction, Directions, Distribution, FrozenTrial, ParamValue, Pruner, Sampler, StalePolicy, StepValue, StepValueQuery, StepValues, Storage, StudyRecord, StudyView, TrialState } from './types.ts';
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
export { createStudy, loadStudy, RELEASED_REASON, Study, type AskOptions, type CreateStudyOptions, type LoadStudyOptions, type StudyServices, type TellOptions, type TellResult } from './study.ts';
export { bestTrials, dominates, isFeasible, leastViolating, paretoFront, studyDirections, totalViolation, trialConstraints } from './multi-objective/index.ts';
export { TrialHeartbeats, type HeartbeatOptions } from './heartbeats.ts';
export type { ReproducibleOptions } from './reproducible/options.ts';
export type { LowerTrialsOptions } from './types.ts';
export type { Objective, OptimizeCallback, OptimizeOptions } from './optimize.ts';
export { ReproducibleWaitError, SearchSpaceExhaustedError, TrialDivergedError, TrialLostError, TrialPrunedError } from './trial-errors.ts';
export { trialSeed } from './seeds.ts';
export { SYSTEM_ATTRS } from './system-attrs.ts';
export { trialsToCsv, trialsToJson } from './export.ts';
export { copyStudy, exportStudy, importStudy, studyFromJson, studyToJson, STUDY_EXPORT_FORMAT, type StudyExport } from './study-transfer.ts';
export { exportOptunaRdb, DIVERGED_USER_ATTR, type OptunaExportOptions, type OptunaExportResult } from './optuna/rdb-export.ts';
export { MAX_TRIALS_ATTR, runWorker, startWorker, type RunWorkerOptions, type WorkerEvent, type WorkerHandle, type WorkerSummary } from './distributed/run-worker.ts';
export { failStaleRunningTrials, JournalStorage, MemoryStorage, PostgresStorage, readStepValues, readTrialCount, SqliteStorage, stepValuesFromTrials, TrialHistory, type PostgresStorageOptions, type SqliteStorageOptions, type StaleTrialsResult } from './storage/index.ts';
export { GaussianProcessSampler, GridSampler, ParameterGrid, RandomSampler, type GaussianProcessSamplerOptions, type RandomSamplerOptions } from './samplers/index.ts';
export { defaultGamma, defaultWeights, hyperoptDefaultGamma, TPESampler, type TPESamplerOptions } from './samplers/index.ts';
export { NSGAIISampler, ParEGOSampler, type CrossoverKind, type NSGAIISamplerOptions, type ParEGOSamplerOptions } from './samplers/index.ts';
export { hypervolume } from './multi-objective/hypervolume.ts';
export * from './pruners/index.ts';
export { bestAt, compareTuners, trialEpochs, type CompareBudget, type CompareTunersOptions, type TunerCurvePoint, type TunerResult, type TunerStrategy } from './compare.ts';
export { defaultMlpSpace, validateMlpHyperparameters, DEFAULT_ACTIVATIONS, DEFAULT_BATCH_SIZES, DEFAULT_UNITS, type DefaultSpaceOptions, type HiddenActivation, type MlpHyperparameters, type MlpSpace } from './objectives/default-space.ts';
export { mlpObjective, parallelMlpObjective, prepareMlpData, type KfoldOptions, type MlpObjectiveData, type MlpObjectiveOptions } from './objectives/mlp-objective.ts';
export { KFOLD_ATTR, pickBestTrial, trialsSharingBest, VALIDATION_LOSS_ATTR, validationLoss, type KfoldAttr } from './best-trial.ts';
export { datasetFromRef, isShared, shareDataset, type DatasetRef, type SharedData } from './objectives/shared-data.ts';
export { HYPERPARAMETERS_ATTR, reachedEpochs, refitBest, refitTrial, type RefitBestOptions, type RefitData, type RefitResult, type RefitScaling } from './refit-best.ts';
export { buildMlp, fitTrialEpoch, trainTrial, type EpochHook, type MlpMetric, type TrainTrialResult, type TrainTrialTask } from './objectives/train-trial.ts';
export { TrialTimeoutError, TrialWorkerError, type Executor, type ExecutorRunOptions, type TrialPayload, type TrialRunResult } from './executors/executor.ts';
export { InlineExecutor } from './executors/inline-executor.ts';
export { PiscinaExecutor, type PiscinaExecutorOptions } from './executors/piscina-executor.ts';
export { importanceOfTrials, parameterImportance, IMPORTANCE_EVALUATORS, type ImportanceEvaluator, type ImportanceOptions, type ImportanceResult, type ParamImportance } from './importance/importance.ts';

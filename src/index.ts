// hyperprop's public API (re-exports only).
export type {
  AdagradOptions,
  AdagradState,
  AdamOptions,
  AdamState,
  Backend,
  BackendChoice,
  BackendName,
  RmspropOptions,
  RmspropState,
  SgdOptions,
  SgdState,
} from './backend/backend.ts';
export { ACTIVATION_CODES, type ElementwiseActivation } from './backend/kernel-codes.ts';
export { KERNEL_NAMES } from './backend/kernel-abi.ts';
export { BACKEND_PRIORITY, backendInfo, createBackend, getBackend, setBackend, type BackendFailure, type BackendInfo } from './backend/registry.ts';
export { measureFmaPeak, type FmaPeak } from './backend/native/fma-peak.ts';
export { seedRandomState } from './random/seed.ts';
export { BackendUnavailableError } from './errors.ts';
export { ELEMENTWISE_ACTIVATIONS, type LayerActivation } from './backend/kernel-codes.ts';
export { DataError, FileError, MultiObjectiveError, NotEnoughTrialsError, WorkerThreadError } from './errors.ts';
export { FILE_LIMITS, readBoundedFile, type BoundedReadOptions } from './files/read-bounded-file.ts';

// Models and training
export { MLP, type LayerWeights, type LayerWeightsInput, type MLPOptions } from './nn/mlp.ts';
export type { LayerConfig, MLPConfig } from './nn/config.ts';
export { ACTIVATIONS, type Activation } from './nn/activations.ts';
export { LOSSES, type Loss } from './nn/losses.ts';
export { INITIALIZERS, type Initializer } from './nn/init.ts';
export { OPTIMIZER_NAMES, createOptimizer, type Optimizer, type OptimizerName, type OptimizerSpec } from './nn/optimizers/index.ts';
export { gradientCheck, type GradientBlockError, type GradientCheckOptions, type GradientCheckResult } from './nn/gradient-check.ts';
export { loadModel, modelFromJSON, modelToJSON, saveModel, type ModelFile, type Scaler } from './nn/model-file.ts';
export { ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT, TFJS_WEIGHTS_FILE, toOnnx, toTfjs, type ExportOptions, type TfjsArtifacts, type TfjsModelJson, type TfjsWeightSpec } from './export/index.ts';
export type { Callback, EpochLogs, FitOptions, History } from './train/fit.ts';
import './train/fit.ts'; // installs the loop behind MLP.fit (src/nn/trainer.ts)
export { trainInWorker, type TrainedModel, type TrainInWorkerOptions } from './train/train-in-worker.ts';
export { PredictionPool, type PredictionPoolOptions } from './serve/prediction-pool.ts';
export type { AugmentOptions } from './train/augment.ts';
export type { Metrics } from './nn/metrics.ts';
export type { ScheduleSpec } from './train/schedules.ts';
export { SeededRandom } from './random/seeded-random.ts';

// Data
export * from './data/index.ts';
export { earlyStopping, type EarlyStoppingCallback, type EarlyStoppingOptions } from './train/callbacks/early-stopping.ts';
export { crossValidate, foldAssignments, type CrossValidationOptions, type CrossValidationResult } from './train/cross-validate.ts';
export type { GradientMonitorOptions, GradientWarning } from './train/gradient-monitor.ts';
export { formatTrace, traceStep, type BackpropTrace, type LayerTrace } from './nn/trace.ts';

// Hyperparameter tuning
export * from './tune/index.ts';

// Configuration files and HTML reports (what the CLI is built on)
export { ConfigError, type ConfigIssue } from './errors.ts';
export { buildModel, buildPruner, buildSampler, buildSpace, DEFAULT_TUNE_CONFIG, loadConfig, loadData, validateConfig, type Config, type ConfigInput, type LoadedConfig, type PreparedData } from './config/index.ts';
export { buildRunReport, buildStudyReport, buildSweepReport, curveVerdict, loadStudies, type RunRecord, type StudyData, type StudySettings, type SweepRecord } from './report/index.ts';
export { runSweep, SWEEP_PARAMS } from './cli/sweep-run.ts';

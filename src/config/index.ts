// Configuration files: the schema, loading and validation, and the builders that turn a
// validated config into datasets, models, search spaces, samplers and pruners (re-exports only).
export { configSchema, reportSchema, type Config, type ConfigInput } from './schema.ts';
export { configPath, loadConfig, parseConfigText, validateConfig, type LoadedConfig } from './load-config.ts';
export { describeConfigValue, formatIssue, formatIssues, formatPath } from './issues.ts';
export { DEFAULT_TUNE_CONFIG } from './defaults.ts';
export { loadData, type PreparedData } from './load-data.ts';
export { buildModel, fitOptions, mlpConfig } from './build-model.ts';
export { buildSpace, DEFAULT_SPACE, spaceParams, toDistribution } from './build-space.ts';
export { buildPruner, buildSampler, gridAxis } from './build-tuner.ts';
export type { DataConfig } from './data-schema.ts';
export type { ModelConfig } from './model-schema.ts';
export type { TrainingConfig } from './training-schema.ts';
export type { PrunerConfig, SamplerConfig, StrategyConfig, TuneConfig } from './tune-schema.ts';
export type { SpaceConfig } from './space-schema.ts';

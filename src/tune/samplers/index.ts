export { RandomSampler, type RandomSamplerOptions } from './random.ts';
export { GridSampler } from './grid.ts';
export { ParameterGrid } from './parameter-grid.ts';
export { GaussianProcessSampler, type GaussianProcessSamplerOptions } from './bayes/index.ts';
export { defaultGamma, defaultWeights, hyperoptDefaultGamma, TPESampler, type TPESamplerOptions } from './tpe/index.ts';

export { RandomSampler, type RandomSamplerOptions } from './random.ts';
export { GridSampler } from './grid.ts';
export { ParameterGrid } from './parameter-grid.ts';
export { GaussianProcessSampler, type GaussianProcessSamplerOptions } from './bayes/index.ts';
export { defaultGamma, defaultWeights, hyperoptDefaultGamma, TPESampler, type TPESamplerOptions } from './tpe/index.ts';
export { NSGAIISampler, type CrossoverKind, type NSGAIISamplerOptions } from './nsga2/index.ts';
export { ParEGOSampler, type ParEGOSamplerOptions } from './mo-bayes/index.ts';

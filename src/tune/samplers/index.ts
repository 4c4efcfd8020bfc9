export { RandomSampler, type RandomSamplerOptions } from './random.ts';
export { GridSampler } from './grid.ts';
export { ParameterGrid } from './parameter-grid.ts';
export { GaussianProcessSampler, type GaussianProcessSamplerOptions } from './bayes/index.ts';

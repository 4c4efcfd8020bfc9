export { GaussianProcessSampler, type GaussianProcessSamplerOptions } from './bayes-sampler.ts';

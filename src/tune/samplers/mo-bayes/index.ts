export { ParEGOSampler, type ParEGOSamplerOptions } from './par-ego-sampler.ts';

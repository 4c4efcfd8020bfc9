export { TPESampler, type TPESamplerOptions } from './tpe-sampler.ts';
export { defaultGamma, defaultWeights, hyperoptDefaultGamma } from './gamma-weights.ts';

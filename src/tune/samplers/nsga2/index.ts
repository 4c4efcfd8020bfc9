export { NSGAIISampler, type NSGAIISamplerOptions } from './nsga2-sampler.ts';
export type { CrossoverKind } from './crossover.ts';

// tune section → sampler and pruner instances, one fresh pair per strategy (samplers keep no
// history, but the GP keeps a fit cache and must not be shared between studies).
import { GridSampler } from '../tune/samplers/grid.ts';
import { RandomSampler } from '../tune/samplers/random.ts';
import { GaussianProcessSampler } from '../tune/samplers/bayes/index.ts';
import { TPESampler } from '../tune/samplers/tpe/index.ts';
import { NSGAIISampler } from '../tune/samplers/nsga2/index.ts';
import { ParEGOSampler } from '../tune/samplers/mo-bayes/index.ts';
import { HyperbandPruner } from '../tune/pruners/hyperband-pruner.ts';
import { MedianPruner } from '../tune/pruners/median-pruner.ts';
import { PercentilePruner, type PercentileOptions } from '../tune/pruners/percentile-pruner.ts';
import { SuccessiveHalvingPruner } from '../tune/pruners/successive-halving-pruner.ts';
import { gridValues } from '../tune/space.ts';
import type { ParamValue, Pruner, Sampler } from '../tune/types.ts';
import { toDistribution } from './build-space.ts';
import type { ParamSpec, SpaceValue } from './space-schema.ts';
import type { PrunerConfig, SamplerConfig } from './tune-schema.ts';

/** `points` values from low to high, log-spaced on a log scale, the ends exact. */
function spread(low: number, high: number, points: number, log: boolean, integer: boolean): number[] {
  const values = Array.from({ length: points }, (_, i) => {
    if (i === 0) return low;
    if (i === points - 1) return high;
    const t = i / (points - 1);
    const v = log ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low);
    return integer ? Math.round(v) : Number(v.toPrecision(6));
  });
  return [...new Set(values)];
}

/** The values a grid visits for one parameter: every choice or step, or `points` across a range. */
export function gridAxis(spec: ParamSpec, points: number): ParamValue[] {
  if (spec.type === 'categorical') return [...spec.choices];
  const d = toDistribution(spec);
  if (spec.type === 'float' && spec.step === undefined) return spread(spec.low, spec.high, points, spec.log, false);
  const all = gridValues(d);
  if (all.length <= points) return all;
  return spread(spec.low, spec.high, points, spec.log, spec.type === 'int');
}

export function buildSampler(config: SamplerConfig, params: Record<string, SpaceValue>, studySeed: number): Sampler {
  switch (config.type) {
    case 'random':
      return new RandomSampler({ seed: config.seed ?? studySeed });
    case 'gp':
      return new GaussianProcessSampler({ seed: config.seed ?? studySeed, ...(config.nStartupTrials === undefined ? {} : { nStartupTrials: config.nStartupTrials }) });
    case 'tpe': {
      const { type: _type, seed, ...options } = config;
      return new TPESampler({ seed: seed ?? studySeed, ...options });
    }
    case 'nsga2': {
      const { type: _type, seed, mutationProb, ...options } = config;
      return new NSGAIISampler({ seed: seed ?? studySeed, ...options, ...(mutationProb === undefined ? {} : { mutationProb }) });
    }
    case 'parego':
      return new ParEGOSampler({ seed: config.seed ?? studySeed, rho: config.rho, ...(config.nStartupTrials === undefined ? {} : { nStartupTrials: config.nStartupTrials }) });
    case 'grid': {
      const axes: Record<string, ParamValue[]> = {};
      for (const [name, value] of Object.entries(params)) if (typeof value === 'object') axes[name] = gridAxis(value, config.points);
      return new GridSampler(axes);
    }
  }
}

function warmup(config: { nStartupTrials?: number | undefined; nWarmupSteps?: number | undefined }): PercentileOptions {
  return {
    ...(config.nStartupTrials === undefined ? {} : { nStartupTrials: config.nStartupTrials }),
    ...(config.nWarmupSteps === undefined ? {} : { nWarmupSteps: config.nWarmupSteps }),
  };
}

export function buildPruner(config: PrunerConfig, maxEpochs: number): Pruner | undefined {
  switch (config.type) {
    case 'none':
      return undefined;
    case 'median':
      return new MedianPruner(warmup(config));
    case 'percentile':
      return new PercentilePruner(config.percentile, warmup(config));
    case 'successiveHalving':
      return new SuccessiveHalvingPruner({ minResource: config.minResource, reductionFactor: config.reductionFactor, maxResource: maxEpochs });
    case 'hyperband':
      return new HyperbandPruner({ minResource: config.minResource, reductionFactor: config.reductionFactor, maxResource: maxEpochs });
  }
}

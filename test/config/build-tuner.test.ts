// tune.sampler { type: tpe }: Optuna's defaults filled in, mistakes named with path, rule and
// value, and the built sampler carrying the options (seeded by the study seed unless given one).
import { describe, expect, it } from 'vitest';
import { buildSampler } from '../../src/config/build-tuner.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';
import { TPESampler } from '../../src/tune/samplers/tpe/index.ts';
import type { StudyView } from '../../src/tune/types.ts';

const config = (sampler: unknown) => ({ data: { builtin: 'iris' }, tune: { trials: 2, sampler } });

function problems(value: unknown): string[] {
  try {
    validateConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => i.message);
  }
  throw new Error('expected the config to be rejected');
}

describe('tune.sampler: tpe', () => {
  it('fills in Optuna’s defaults', () => {
    expect(validateConfig(config({ type: 'tpe' })).tune!.sampler).toEqual({
      type: 'tpe',
      nStartupTrials: 10,
      nEiCandidates: 24,
      priorWeight: 1,
      considerPrior: true,
      considerMagicClip: true,
      considerEndpoints: false,
      multivariate: false,
      constantLiar: false,
      equalKernelHeights: false,
    });
    const compare = validateConfig({ data: { builtin: 'iris' }, tune: { trials: 2, compare: { tpe: { sampler: { type: 'tpe', multivariate: true } } } } });
    expect(compare.tune!.compare!['tpe']!.sampler).toMatchObject({ type: 'tpe', multivariate: true, nStartupTrials: 10 });
  });

  it('names the field, the rule and the value of a mistake', () => {
    expect(problems(config({ type: 'tpe', nStartupTrials: -1 }))).toEqual(['tune.sampler.nStartupTrials must be an integer >= 0, got -1']);
    expect(problems(config({ type: 'tpe', nEiCandidates: 0 }))).toEqual(['tune.sampler.nEiCandidates must be an integer >= 1, got 0']);
    expect(problems(config({ type: 'tpe', priorWeight: 0 }))).toEqual(['tune.sampler.priorWeight must be a number > 0, got 0']);
    expect(problems(config({ type: 'tpe', multivariate: 'yes' }))[0]).toMatch(/^tune\.sampler\.multivariate must be true or false, got "yes"/);
    expect(problems(config({ type: 'tpe', gamma: 0.2 }))[0]).toMatch(/^tune\.sampler\.gamma is not a known setting/);
  });

  it('builds a TPESampler with the options, seeded by the study unless given a seed', async () => {
    const view = (seed: number): StudyView => ({ direction: 'minimize', seed, getTrials: async () => [] });
    const trial = { number: 0, state: 'running' as const, params: {}, distributions: {}, value: null, values: null, intermediate: {}, seed: 11, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
    const x = { type: 'float' as const, low: 0, high: 1, log: false };
    const draw = (sampler: unknown) => (sampler as TPESampler).sampleIndependent(view(0), trial, 'x', x);
    const fromStudy = buildSampler(validateConfig(config({ type: 'tpe' })).tune!.sampler, {}, 5);
    expect(fromStudy).toBeInstanceOf(TPESampler);
    expect(await draw(fromStudy)).toBe(await new TPESampler({ seed: 5 }).sampleIndependent(view(0), trial, 'x', x));
    const own = buildSampler(validateConfig(config({ type: 'tpe', seed: 9, multivariate: true })).tune!.sampler, {}, 5);
    expect(await draw(own)).toBe(await new TPESampler({ seed: 9 }).sampleIndependent(view(0), trial, 'x', x));
    // multivariate reached the sampler: the parameters of the finished trials form its joint space.
    const done: StudyView = { direction: 'minimize', seed: 0, getTrials: async () => [{ ...trial, state: 'complete', params: { x: 0.5 }, distributions: { x }, value: 1, values: [1] }] };
    expect(await (own as TPESampler).inferRelativeSearchSpace(done, trial)).toEqual({ x });
    expect(await (fromStudy as TPESampler).inferRelativeSearchSpace(done, trial)).toEqual({});
  });
});

// tune.sampler { type: tpe }, { type: nsga2 }, { type: parego }: Optuna's defaults filled in, mistakes named with path, rule and
// value, and the built sampler carrying the options (seeded by the study seed unless given one).
import { describe, expect, it } from 'vitest';
import { buildSampler } from '../../src/config/build-tuner.ts';
import { parseConfigText, validateConfig } from '../../src/config/load-config.ts';
import { ParEGOSampler } from '../../src/tune/samplers/mo-bayes/index.ts';
import { NSGAIISampler } from '../../src/tune/samplers/nsga2/index.ts';
import { TPESampler } from '../../src/tune/samplers/tpe/index.ts';
import type { StudyView } from '../../src/tune/types.ts';
import { configProblems as problems } from '../fixtures/config-problems.ts';

const config = (sampler: unknown) => ({ data: { builtin: 'iris' }, tune: { trials: 2, sampler } });

describe('tune.sampler: tpe', () => {
  it('fills in TPESampler’s defaults (Optuna’s, but 48 candidates scored as Optuna 3.1.0 did)', () => {
    expect(validateConfig(config({ type: 'tpe' })).tune!.sampler).toEqual({
      type: 'tpe',
      nStartupTrials: 10,
      nEiCandidates: 48,
      priorWeight: 1,
      considerPrior: true,
      considerMagicClip: true,
      considerEndpoints: false,
      multivariate: false,
      constantLiar: false,
      equalKernelHeights: true,
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

describe('tune.sampler: nsga2 and parego', () => {
  const yaml = (sampler: string): unknown => parseConfigText(`data: { builtin: iris }\ntune:\n  trials: 2\n  sampler: ${sampler}\n`, 'test.yaml');

  it('are selectable from YAML, with Optuna’s NSGA-II defaults filled in', () => {
    expect(validateConfig(yaml('{ type: nsga2 }')).tune!.sampler).toEqual({ type: 'nsga2', populationSize: 50, crossoverProb: 0.9, crossover: 'uniform', sbxEta: 20 });
    expect(validateConfig(yaml('{ type: parego }')).tune!.sampler).toEqual({ type: 'parego', rho: 0.05 });
    expect(buildSampler(validateConfig(yaml('{ type: nsga2, populationSize: 8, crossover: sbx }')).tune!.sampler, {}, 5)).toBeInstanceOf(NSGAIISampler);
    expect((buildSampler(validateConfig(yaml('{ type: nsga2, populationSize: 8 }')).tune!.sampler, {}, 5) as NSGAIISampler).populationSize).toBe(8);
    expect(buildSampler(validateConfig(yaml('{ type: parego, nStartupTrials: 4 }')).tune!.sampler, {}, 5)).toBeInstanceOf(ParEGOSampler);
  });

  it('names the field, the rule and the value of a mistake', () => {
    expect(problems(config({ type: 'nsga2', populationSize: 1 }))).toEqual(['tune.sampler.populationSize must be an integer >= 2, got 1']);
    expect(problems(config({ type: 'nsga2', crossover: 'blx' }))[0]).toMatch(/^tune\.sampler\.crossover must be one of/);
    expect(problems(config({ type: 'parego', rho: -0.1 }))[0]).toMatch(/^tune\.sampler\.rho must be a number >= 0, got -0\.1/);
  });
});

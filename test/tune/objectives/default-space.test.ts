// The default MLP space: what it samples (names and exact distributions) for each option, and the
// checks on its options and on whatever a space returns.
import { describe, expect, it } from 'vitest';
import { defaultMlpSpace, validateMlpHyperparameters, type DefaultSpaceOptions } from '../../../src/tune/objectives/default-space.ts';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../../src/tune/space.ts';
import { createStudy } from '../../../src/tune/study.ts';

const ok = { lr: 0.01, units: [8], l2: 0, batchSize: 8, activation: 'relu' };

async function sampled(options: DefaultSpaceOptions, enqueued?: Record<string, number | string>) {
  const study = await createStudy({ seed: 3 });
  if (enqueued !== undefined) await study.enqueueTrial(enqueued);
  const trial = await study.ask();
  const hyper = await defaultMlpSpace(options)(trial);
  return { hyper, distributions: (await trial.frozen()).distributions };
}

describe('defaultMlpSpace samples', () => {
  it('the reference ranges by default: one layer, no dropout, optimizer, noise or mixup', async () => {
    const { hyper, distributions } = await sampled({});
    expect(distributions).toEqual({
      lr: floatDistribution(1e-4, 1e-1, { log: true }),
      units: categoricalDistribution([16, 32, 64, 128, 256]),
      l2: floatDistribution(1e-6, 1e-1, { log: true }),
      batch: categoricalDistribution([16, 32, 64, 128]),
      activation: categoricalDistribution(['relu', 'tanh', 'sigmoid']),
    });
    expect(Object.keys(hyper).sort()).toEqual(['activation', 'batchSize', 'l2', 'lr', 'units']);
    expect(hyper.units).toHaveLength(1);
  });

  it('per-layer units, the layer count only when it varies, and each opt-in parameter in [0, max]', async () => {
    const fixedLayers = await sampled({ layers: [2, 2], maxDropout: 0.3, maxNoise: 0.2, maxMixup: 0.4, optimizers: ['sgd', 'adam'] });
    expect(Object.keys(fixedLayers.distributions).sort()).toEqual(['activation', 'batch', 'dropout', 'l2', 'lr', 'mixup', 'noise', 'optimizer', 'units_l0', 'units_l1']);
    expect(fixedLayers.distributions['dropout']).toEqual(floatDistribution(0, 0.3));
    expect(fixedLayers.distributions['noise']).toEqual(floatDistribution(0, 0.2));
    expect(fixedLayers.distributions['mixup']).toEqual(floatDistribution(0, 0.4));
    expect(fixedLayers.distributions['optimizer']).toEqual(categoricalDistribution(['sgd', 'adam']));
    expect(fixedLayers.hyper.units).toHaveLength(2);
    expect(fixedLayers.hyper.optimizer).toBe(fixedLayers.hyper.optimizer === 'sgd' ? 'sgd' : 'adam');

    const varying = await sampled({ layers: [1, 3] }, { layers: 3 });
    expect(varying.distributions['layers']).toEqual(intDistribution(1, 3));
    expect(varying.hyper.units).toHaveLength(3);
    expect(Object.keys(varying.distributions).filter((k) => k.startsWith('units'))).toEqual(['units_l0', 'units_l1', 'units_l2']);
  });

  it('one optimizer is used as given, not sampled', async () => {
    const { hyper, distributions } = await sampled({ optimizers: ['rmsprop'] });
    expect(hyper.optimizer).toBe('rmsprop');
    expect(distributions['optimizer']).toBeUndefined();
  });
});

describe('defaultMlpSpace options', () => {
  it.each([
    [{ layers: [0, 2] }, 'layers must be integers [min, max] with 1 <= min <= max <= 3, got Array(2)'],
    [{ layers: [2, 4] }, 'layers must be integers'],
    [{ layers: [3, 2] }, 'layers must be integers'],
    [{ layers: [1.5, 2] }, 'layers must be integers'],
    [{ layers: [1, 2.5] }, 'layers must be integers'],
    [{ maxDropout: 0 }, 'maxDropout must be in (0, 1), got 0'],
    [{ maxDropout: 1 }, 'maxDropout must be in (0, 1), got 1'],
    [{ maxDropout: '0.5' }, 'maxDropout must be in (0, 1), got "0.5"'],
    [{ optimizers: [] }, 'optimizers must be a non-empty array of'],
    [{ optimizers: 'adam' }, 'optimizers must be a non-empty array of'],
    [{ optimizers: ['adam', 'bogus'] }, 'optimizers must be a non-empty array of'],
    [{ maxNoise: Number.POSITIVE_INFINITY }, 'maxNoise must be a finite number > 0, got Infinity'],
    [{ maxMixup: '1' }, 'maxMixup must be a finite number > 0, got "1"'],
  ])('%#: %j', (options, message) => {
    expect(() => defaultMlpSpace(options as DefaultSpaceOptions)).toThrow(RangeError);
    expect(() => defaultMlpSpace(options as DefaultSpaceOptions)).toThrow(`defaultMlpSpace: ${message}`);
  });

  it('accepts the bounds of each range', () => {
    expect(() => defaultMlpSpace({ layers: [1, 3], maxDropout: 0.99, optimizers: ['adam'], maxNoise: 5, maxMixup: 0.1 })).not.toThrow();
    expect(() => defaultMlpSpace({ layers: [3, 3] })).not.toThrow();
  });
});

describe('validateMlpHyperparameters', () => {
  it.each([
    [null, 'an object of hyperparameters, got null'],
    ['lr=1', 'an object of hyperparameters, got "lr=1"'],
    [{ ...ok, lr: 0 }, 'lr > 0, got 0'],
    [{ ...ok, lr: Number.POSITIVE_INFINITY }, 'lr > 0, got Infinity'],
    [{ ...ok, lr: '0.1' }, 'lr > 0, got "0.1"'],
    [{ ...ok, units: 8 }, 'units as a non-empty array of positive integers, got 8'],
    [{ ...ok, units: [8, 0] }, 'units as a non-empty array of positive integers, got Array(2)'],
    [{ ...ok, units: [1.5] }, 'units as a non-empty array of positive integers, got Array(1)'],
    [{ ...ok, l2: -1e-9 }, 'l2 >= 0, got -1e-9'],
    [{ ...ok, l2: Number.NaN }, 'l2 >= 0, got NaN'],
    [{ ...ok, l2: Number.POSITIVE_INFINITY }, 'l2 >= 0, got Infinity'],
    [{ ...ok, batchSize: 0 }, 'batchSize as a positive integer, got 0'],
    [{ ...ok, batchSize: 2.5 }, 'batchSize as a positive integer, got 2.5'],
    [{ ...ok, activation: 'gelu' }, 'activation in relu, tanh, sigmoid, got "gelu"'],
    [{ ...ok, dropout: 1 }, 'dropout in [0, 1), got 1'],
    [{ ...ok, dropout: -0.1 }, 'dropout in [0, 1), got -0.1'],
    [{ ...ok, dropout: '0.1' }, 'dropout in [0, 1), got "0.1"'],
    [{ ...ok, optimizer: 'lbfgs' }, 'optimizer in '],
    [{ ...ok, noise: -1 }, 'noise >= 0, got -1'],
    [{ ...ok, noise: Number.POSITIVE_INFINITY }, 'noise >= 0, got Infinity'],
    [{ ...ok, mixup: 'a' }, 'mixup >= 0, got "a"'],
  ])('%#: %j', (value, message) => {
    expect(() => validateMlpHyperparameters(value)).toThrow(RangeError);
    expect(() => validateMlpHyperparameters(value)).toThrow(`mlpObjective: space must return ${message}`);
  });

  it('returns what it accepted, at the edges of each range', () => {
    const edge = { lr: Number.MIN_VALUE, units: [1, 3], l2: 0, batchSize: 1, activation: 'sigmoid', dropout: 0, optimizer: 'sgd', noise: 0, mixup: 0 };
    expect(validateMlpHyperparameters(edge)).toBe(edge);
  });
});

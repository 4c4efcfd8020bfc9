// Every option of every optimizer can be set from a config, and the model the config builds
// trains with it; what only the library can check reaches the user at the config's path, mapped
// from the field path its error carries.
import { describe, expect, it } from 'vitest';
import { OPTIMIZER_NAMES, OPTIMIZER_OPTIONS, type OptimizerName } from '../../src/backend/optimizer-options.ts';
import { buildModel, configPathOf } from '../../src/config/build-model.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { Dataset } from '../../src/data/dataset.ts';
import { ConfigError } from '../../src/errors.ts';
import { MLP } from '../../src/nn/mlp.ts';
import type { OptimizerSpec } from '../../src/nn/optimizers/index.ts';

const data = Dataset.fromArrays([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { classNames: ['0', '1'] });
const model = { hidden: [{ units: 3, activation: 'tanh' }], seed: 3 };

/** A valid value other than the default for every option of `type` (Nesterov's rule kept). */
function everyOptionSet(type: OptimizerName): OptimizerSpec {
  const spec: Record<string, unknown> = { type };
  for (const [key, option] of Object.entries(OPTIMIZER_OPTIONS[type])) {
    if (option.rule.kind === 'boolean') spec[key] = !option.default;
    else spec[key] = option.default === 0 ? 0.05 : (option.default as number) / 2;
  }
  // With Nesterov on, dampening must stay 0; 'nesterov' turns it off, so there dampening is set.
  if (spec.nesterov === true) spec.dampening = 0;
  return spec as unknown as OptimizerSpec;
}

/** The parameters after two steps on the XOR rows with this optimizer. */
function trained(mlp: MLP): Float32Array {
  for (let i = 0; i < 2; i++) mlp.trainOnBatch(data.x, data.y);
  return Float32Array.from(mlp.parameters);
}

const library = (optimizer: OptimizerSpec | OptimizerName) =>
  new MLP({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 2, activation: 'softmax' }], seed: 3 }).compile({ optimizer });

describe('optimizer options from a config', () => {
  for (const type of OPTIMIZER_NAMES) {
    it(`${type}: every option is settable, and the built model steps with it`, () => {
      const spec = everyOptionSet(type);
      const config = validateConfig({ data: { builtin: 'xor' }, model, training: { optimizer: spec } });
      expect(config.training.optimizer).toEqual(spec);
      const mlp = buildModel(config.model, config.training, data);
      expect(mlp.optimizer!.toJSON()).toEqual(spec);
      const fromConfig = trained(mlp);
      expect(fromConfig).toEqual(trained(library(spec)));
      expect(fromConfig).not.toEqual(trained(library(type)));
    });
  }

  it('each option alone changes the steps of the model a config builds, as it does through compile', () => {
    let changed = 0;
    for (const type of OPTIMIZER_NAMES) {
      for (const [key, option] of Object.entries(OPTIMIZER_OPTIONS[type])) {
        // Dampening and Nesterov act only with momentum; dampening only without Nesterov.
        const needs = {
          ...((key === 'dampening' || key === 'nesterov') && OPTIMIZER_OPTIONS[type].momentum!.default === 0 ? { momentum: 0.5 } : {}),
          ...(key === 'dampening' && OPTIMIZER_OPTIONS[type].nesterov!.default === true ? { nesterov: false } : {}),
        };
        const value = option.rule.kind === 'boolean' ? !option.default : option.default === 0 ? 0.05 : (option.default as number) < 0.01 ? 0.1 : (option.default as number) / 2;
        const spec = { type, ...needs, [key]: value } as unknown as OptimizerSpec;
        const config = validateConfig({ data: { builtin: 'xor' }, model, training: { optimizer: spec } });
        const fromConfig = trained(buildModel(config.model, config.training, data));
        expect(fromConfig, `${type}.${key}`).toEqual(trained(library(spec)));
        expect(fromConfig, `${type}.${key}`).not.toEqual(trained(library({ type, ...needs } as OptimizerSpec)));
        changed++;
      }
    }
    expect(changed).toBe(Object.values(OPTIMIZER_OPTIONS).reduce((n, table) => n + Object.keys(table).length, 0));
  });

  it('refuses an option the type does not take, naming the type and its options', () => {
    expect(() => validateConfig({ data: { builtin: 'xor' }, training: { optimizer: { type: 'sgd', beta1: 0.9 } } })).toThrow(
      'training.optimizer.beta1 must be one of the options of sgd (lr, momentum, dampening, nesterov, weightDecay, clipNorm, clipValue), got "beta1"',
    );
  });
});

describe('library errors at config paths', () => {
  it('maps the field path the error carries, not its text', () => {
    expect(configPathOf(['layers', 0, 'alpha'], 1)).toEqual(['model', 'hidden', 0, 'alpha']);
    expect(configPathOf(['layers', 1, 'activation'], 1)).toEqual(['model', 'output', 'activation']);
    expect(configPathOf(['layers'], 1)).toEqual(['model', 'hidden']);
    expect(configPathOf(['optimizer', 'lr'], 1)).toEqual(['training', 'optimizer', 'lr']);
    expect(configPathOf(['lrSchedule', 'gamma'], 1)).toEqual(['training', 'schedule', 'gamma']);
    expect(configPathOf(['seed'], 1)).toBeUndefined();
  });

  it('names the config path of what only the library checks', () => {
    const issuesOf = (modelConfig: object) => {
      const config = validateConfig({ data: { builtin: 'xor' }, model: modelConfig, training: { optimizer: { type: 'sgd' } } });
      try {
        buildModel(config.model, config.training, data);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues;
      }
      throw new Error('expected the model to be refused');
    };
    expect(issuesOf({ hidden: [{ units: 2, activation: 'relu', alpha: 0.2 }] })).toEqual([
      { path: 'model.hidden[0].alpha', message: 'model.hidden[0].alpha must be set only for leakyRelu or elu (the layer is relu), got 0.2' },
    ]);
    expect(issuesOf({ hidden: [{ units: 2 }], output: { activation: 'softmax' }, loss: 'binaryCrossEntropy' })).toEqual([
      {
        path: 'model.output.activation',
        message: "model.output.activation must be 'sigmoid' for loss 'binaryCrossEntropy' (it is computed from the logits, fused with the sigmoid, for stability), got \"softmax\"",
      },
    ]);
  });
});

// The model's and its layers' options, one source of rules: at every boundary of every option
// the config's model section and resolveConfig accept or refuse alike, with the rule text of
// LAYER_OPTIONS, BATCH_NORM_OPTIONS, REGULARIZATION_OPTIONS and INPUT_DROPOUT.
import { describe, expect, it } from 'vitest';
import type { OptionDeclaration } from '../../src/backend/option-rule.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { ConfigError, fieldFacts } from '../../src/errors.ts';
import { resolveConfig, type MLPConfig } from '../../src/nn/config.ts';
import { BATCH_NORM_OPTIONS, INPUT_DROPOUT, LAYER_OPTIONS, REGULARIZATION_OPTIONS } from '../../src/nn/layer-options.ts';
import { boundaryValues, obeys, ruleOf } from '../backend/option-boundaries.ts';

type Outcome = 'accepted' | { rule: string };

function configOutcome(model: object, path: string): Outcome {
  try {
    validateConfig({ data: { builtin: 'iris' }, model });
    return 'accepted';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((i) => i.path === path);
    expect(issue, (error as Error).message).toBeDefined();
    return { rule: ruleOf(issue!.message, path) };
  }
}

function libraryOutcome(config: MLPConfig, field: string): Outcome {
  try {
    resolveConfig(config);
    return 'accepted';
  } catch (error) {
    expect(fieldFacts(error)?.field, (error as Error).message).toBe(field);
    return { rule: fieldFacts(error)!.rule };
  }
}

const expected = (option: OptionDeclaration, value: unknown): Outcome => (obeys(option, value) ? 'accepted' : { rule: option.rule.text });

/** A hidden leakyRelu layer (it takes alpha) built from `layer`, and the output layer. */
const model = (layer: object, extra: object = {}): MLPConfig => ({
  inputs: 4,
  layers: [{ units: 3, activation: 'leakyRelu', ...layer }, { units: 3, activation: 'softmax' }],
  ...extra,
});
const configModel = (layer: object, extra: object = {}) => ({ hidden: [{ units: 3, activation: 'leakyRelu', ...layer }], ...extra });

describe('model and layer option rules', () => {
  it('layer options: config and resolveConfig agree at every boundary', () => {
    for (const [key, option] of Object.entries(LAYER_OPTIONS)) {
      for (const value of boundaryValues(option)) {
        const where = `layer.${key} = ${String(value)}`;
        const library = libraryOutcome(model({ [key]: value }), `layers[0].${key}`);
        expect(library, where).toEqual(expected(option, value));
        expect(configOutcome(configModel({ [key]: value }), `model.hidden[0].${key}`), where).toEqual(library);
      }
    }
  });

  it('batch norm options agree at every boundary', () => {
    for (const [key, option] of Object.entries(BATCH_NORM_OPTIONS)) {
      for (const value of boundaryValues(option)) {
        const where = `batchNorm.${key} = ${String(value)}`;
        const library = libraryOutcome(model({ batchNorm: { [key]: value } }), `layers[0].batchNorm.${key}`);
        expect(library, where).toEqual(expected(option, value));
        expect(configOutcome(configModel({ batchNorm: { [key]: value } }), `model.hidden[0].batchNorm.${key}`), where).toEqual(library);
      }
    }
  });

  it('regularization and input dropout agree at every boundary', () => {
    for (const [key, option] of Object.entries(REGULARIZATION_OPTIONS)) {
      for (const value of boundaryValues(option)) {
        const library = libraryOutcome(model({}, { regularization: { [key]: value } }), `regularization.${key}`);
        expect(library).toEqual(expected(option, value));
        expect(configOutcome(configModel({}, { regularization: { [key]: value } }), `model.regularization.${key}`)).toEqual(library);
      }
    }
    for (const value of boundaryValues(INPUT_DROPOUT)) {
      const library = libraryOutcome(model({}, { inputDropout: value }), 'inputDropout');
      expect(library).toEqual(expected(INPUT_DROPOUT, value));
      expect(configOutcome(configModel({}, { inputDropout: value }), 'model.inputDropout')).toEqual(library);
    }
  });

  it('fills the declared defaults', () => {
    const resolved = resolveConfig(model({ batchNorm: true }));
    expect(resolved.layers[0]).toMatchObject({ l1: 0, l2: 0, dropout: 0, residual: false, batchNorm: { momentum: 0.1, eps: 1e-5 } });
    expect(resolved.inputDropout).toBe(0);
  });
});

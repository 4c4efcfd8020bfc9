// The model's and its layers' options, one source of rules: at every boundary of every option
// the config's model section and resolveConfig accept or refuse alike, with the rule text of
// LAYER_OPTIONS, BATCH_NORM_OPTIONS, REGULARIZATION_OPTIONS and INPUT_DROPOUT.
import { describe, expect, it } from 'vitest';
import { resolveConfig, type MLPConfig } from '../../src/nn/config.ts';
import { BATCH_NORM_OPTIONS, INPUT_DROPOUT, LAYER_OPTIONS, REGULARIZATION_OPTIONS } from '../../src/nn/layer-options.ts';
import { boundaryValues, configOutcome, expectedOutcome, libraryOutcome } from '../backend/option-boundaries.ts';

/** A hidden leakyRelu layer (it takes alpha) built from `layer`, and the output layer. */
const model = (layer: object, extra: object = {}): MLPConfig => ({
  inputs: 4,
  layers: [{ units: 3, activation: 'leakyRelu', ...layer }, { units: 3, activation: 'softmax' }],
  ...extra,
});
const configOf = (layer: object, extra: object = {}) => ({ model: { hidden: [{ units: 3, activation: 'leakyRelu', ...layer }], ...extra } });

describe('model and layer option rules', () => {
  it('layer options: config and resolveConfig agree at every boundary', () => {
    for (const [key, option] of Object.entries(LAYER_OPTIONS)) {
      for (const value of boundaryValues(option)) {
        const where = `layer.${key} = ${String(value)}`;
        const library = libraryOutcome(() => resolveConfig(model({ [key]: value })), `layers[0].${key}`);
        expect(library, where).toEqual(expectedOutcome(option, value));
        expect(configOutcome(configOf({ [key]: value }), `model.hidden[0].${key}`), where).toEqual(library);
      }
    }
  });

  it('batch norm options agree at every boundary', () => {
    for (const [key, option] of Object.entries(BATCH_NORM_OPTIONS)) {
      for (const value of boundaryValues(option)) {
        const where = `batchNorm.${key} = ${String(value)}`;
        const library = libraryOutcome(() => resolveConfig(model({ batchNorm: { [key]: value } })), `layers[0].batchNorm.${key}`);
        expect(library, where).toEqual(expectedOutcome(option, value));
        expect(configOutcome(configOf({ batchNorm: { [key]: value } }), `model.hidden[0].batchNorm.${key}`), where).toEqual(library);
      }
    }
  });

  it('regularization and input dropout agree at every boundary', () => {
    for (const [key, option] of Object.entries(REGULARIZATION_OPTIONS)) {
      for (const value of boundaryValues(option)) {
        const library = libraryOutcome(() => resolveConfig(model({}, { regularization: { [key]: value } })), `regularization.${key}`);
        expect(library).toEqual(expectedOutcome(option, value));
        expect(configOutcome(configOf({}, { regularization: { [key]: value } }), `model.regularization.${key}`)).toEqual(library);
      }
    }
    for (const value of boundaryValues(INPUT_DROPOUT)) {
      const library = libraryOutcome(() => resolveConfig(model({}, { inputDropout: value })), 'inputDropout');
      expect(library).toEqual(expectedOutcome(INPUT_DROPOUT, value));
      expect(configOutcome(configOf({}, { inputDropout: value }), 'model.inputDropout')).toEqual(library);
    }
  });

  it('fills the declared defaults', () => {
    const resolved = resolveConfig(model({ batchNorm: true }));
    expect(resolved.layers[0]).toMatchObject({ l1: 0, l2: 0, dropout: 0, residual: false, batchNorm: { momentum: 0.1, eps: 1e-5 } });
    expect(resolved.inputDropout).toBe(0);
  });
});

// model: the hidden layers, the output activation and loss, and regularisation. The output
// layer's width comes from the data (classes or targets), so configs never repeat it.
import { z } from 'zod';
import { ACTIVATIONS } from '../nn/activations.ts';
import { INITIALIZERS } from '../nn/init.ts';
import { LOSSES } from '../nn/losses.ts';
import { BATCH_NORM_OPTIONS, INPUT_DROPOUT, LAYER_OPTIONS, REGULARIZATION_OPTIONS } from '../nn/layer-options.ts';
import { integer, optionField, optionFields, seed } from './rules.ts';

const HIDDEN_ACTIVATIONS = ACTIVATIONS.filter((a) => a !== 'softmax');

export const layerSchema = z.strictObject({
  units: integer(1, 1 << 20),
  activation: z.enum(HIDDEN_ACTIVATIONS as [string, ...string[]]).default('relu'),
  init: z.enum(INITIALIZERS as [string, ...string[]]).optional(),
  // alpha (leakyRelu's slope or elu's α), l1, l2, dropout, residual: the library's LAYER_OPTIONS.
  ...optionFields(LAYER_OPTIONS),
  batchNorm: z.union([z.boolean(), z.strictObject(optionFields(BATCH_NORM_OPTIONS))]).optional(),
});

export const modelSchema = z.strictObject({
  hidden: z.array(layerSchema).max(1024).default([{ units: 64, activation: 'relu' }]),
  output: z
    .strictObject({
      /** Default: softmax for classification, linear for regression. */
      activation: z.enum(ACTIVATIONS as [string, ...string[]]).optional(),
    })
    .default({}),
  /** Default: the loss that suits the output activation. */
  loss: z.enum(LOSSES as [string, ...string[]]).optional(),
  regularization: z.strictObject(optionFields(REGULARIZATION_OPTIONS)).optional(),
  inputDropout: optionField(INPUT_DROPOUT).optional(),
  seed: seed.default(0),
});

export type ModelConfig = z.infer<typeof modelSchema>;
export type LayerConfigInput = z.infer<typeof layerSchema>;

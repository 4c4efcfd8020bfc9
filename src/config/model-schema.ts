// model: the hidden layers, the output activation and loss, and regularisation. The output
// layer's width comes from the data (classes or targets), so configs never repeat it.
import { z } from 'zod';
import { ACTIVATIONS } from '../nn/activations.ts';
import { INITIALIZERS } from '../nn/init.ts';
import { LOSSES } from '../nn/losses.ts';
import { integer, nonNegative, positive, rate, seed } from './rules.ts';

const HIDDEN_ACTIVATIONS = ACTIVATIONS.filter((a) => a !== 'softmax');

export const layerSchema = z.strictObject({
  units: integer(1, 1 << 20),
  activation: z.enum(HIDDEN_ACTIVATIONS as [string, ...string[]]).default('relu'),
  /** leakyRelu's slope or elu's α. */
  alpha: positive.optional(),
  init: z.enum(INITIALIZERS as [string, ...string[]]).optional(),
  l1: nonNegative.optional(),
  l2: nonNegative.optional(),
  dropout: rate.optional(),
  batchNorm: z.union([z.boolean(), z.strictObject({ momentum: z.number().min(0).max(1).optional(), eps: positive.optional() })]).optional(),
  residual: z.boolean().optional(),
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
  regularization: z.strictObject({ l1: nonNegative.optional(), l2: nonNegative.optional() }).optional(),
  inputDropout: rate.optional(),
  seed: seed.default(0),
});

export type ModelConfig = z.infer<typeof modelSchema>;
export type LayerConfigInput = z.infer<typeof layerSchema>;

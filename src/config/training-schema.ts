// training: epochs, batch size, optimizer, learning-rate schedule, early stopping, augmentation,
// and the backprop trace recorded for the report.
import { z } from 'zod';
import { OPTIMIZER_NAMES } from '../nn/optimizers/index.ts';
import { integer, nonNegative, nonNegativeInt, positive, positiveInt, rate } from './rules.ts';

export const optimizerSchema = z.strictObject({
  type: z.enum(OPTIMIZER_NAMES as [string, ...string[]]).default('adam'),
  /** Default: PyTorch's for the optimizer. */
  lr: positive.optional(),
  momentum: rate.optional(),
  dampening: rate.optional(),
  nesterov: z.boolean().optional(),
  weightDecay: nonNegative.optional(),
  alpha: rate.optional(),
  eps: positive.optional(),
  centered: z.boolean().optional(),
  beta1: rate.optional(),
  beta2: rate.optional(),
  clipNorm: positive.optional(),
  clipValue: positive.optional(),
});

export const scheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant') }),
  z.strictObject({ type: z.literal('step'), stepSize: positiveInt, gamma: z.number().gt(0).max(1).optional() }),
  z.strictObject({ type: z.literal('exponential'), gamma: z.number().gt(0).max(1) }),
  z.strictObject({ type: z.literal('cosine'), epochs: positiveInt, warmupEpochs: nonNegativeInt.optional(), minLr: nonNegative.optional() }),
  z.strictObject({
    type: z.literal('reduceOnPlateau'),
    factor: z.number().gt(0).lt(1).optional(),
    patience: nonNegativeInt.optional(),
    threshold: nonNegative.optional(),
    cooldown: nonNegativeInt.optional(),
    minLr: nonNegative.optional(),
    mode: z.enum(['min', 'max']).optional(),
  }),
]);

export const MONITORS = ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'mse', 'valMse', 'mae', 'valMae', 'r2', 'valR2'] as const;

export const earlyStoppingSchema = z.strictObject({
  monitor: z.enum(MONITORS).optional(),
  mode: z.enum(['min', 'max', 'auto']).optional(),
  patience: nonNegativeInt.default(5),
  minDelta: nonNegative.optional(),
  restoreBestWeights: z.boolean().default(true),
});

export const trainingSchema = z.strictObject({
  epochs: positiveInt.max(100_000).default(20),
  batchSize: positiveInt.default(32),
  optimizer: optimizerSchema.default({ type: 'adam' }),
  schedule: scheduleSchema.optional(),
  earlyStopping: earlyStoppingSchema.optional(),
  /** Seeds shuffling and dropout (default: the model's seed). */
  seed: nonNegativeInt.optional(),
  /** Rows of the training set traced through one backprop step for the report (0: no trace). */
  traceRows: integer(0, 16).default(4),
  /** Training-batch augmentation: Gaussian input noise σ and mixup's α (both 0: off). */
  augment: z.strictObject({ noise: nonNegative.optional(), mixup: nonNegative.optional() }).optional(),
});

export type TrainingConfig = z.infer<typeof trainingSchema>;

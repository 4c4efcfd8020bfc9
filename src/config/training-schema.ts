// training: epochs, batch size, optimizer, learning-rate schedule, early stopping, augmentation,
// and the backprop trace recorded for the report.
import { z } from 'zod';
import { ALL_OPTIMIZER_OPTIONS } from '../backend/optimizer-options.ts';
import { OPTIMIZER_NAMES, optimizerSpecProblems, type OptimizerName } from '../nn/optimizers/index.ts';
import { EARLY_STOPPING_OPTIONS, SCHEDULE_OPTIONS, warmupRule } from '../train/training-options.ts';
import { addRule, integer, nonNegative, nonNegativeInt, optionFields, positiveInt } from './rules.ts';

/** Every option of every optimizer (PyTorch's rules and defaults, from the library's table); the type says which apply. */
export const optimizerSchema = z
  .strictObject({
    type: z.enum(OPTIMIZER_NAMES as [OptimizerName, ...OptimizerName[]]).default('adam'),
    ...optionFields(ALL_OPTIMIZER_OPTIONS),
  })
  .superRefine((spec, ctx) => {
    // The per-option rules are the fields' own; these are the options the type does not take
    // and the rules between options (Nesterov's), in the library's words.
    for (const problem of optimizerSpecProblems(spec)) {
      if (problem.kind === 'unknown') ctx.addIssue({ code: 'custom', path: [problem.key], message: `must be ${problem.rule}`, params: { value: problem.value } });
      if (problem.kind === 'combination') addRule(ctx, [problem.key], problem.rule, problem.value);
    }
  });

/** One form per schedule, its fields built from the library's SCHEDULE_OPTIONS. */
export const scheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('constant'), ...optionFields(SCHEDULE_OPTIONS.constant) }),
  z.strictObject({ type: z.literal('step'), ...optionFields(SCHEDULE_OPTIONS.step) }),
  z.strictObject({ type: z.literal('exponential'), ...optionFields(SCHEDULE_OPTIONS.exponential) }),
  z.strictObject({ type: z.literal('cosine'), ...optionFields(SCHEDULE_OPTIONS.cosine) }).superRefine((spec, ctx) => {
    if ((spec.warmupEpochs ?? 0) >= spec.epochs) addRule(ctx, ['warmupEpochs'], warmupRule(spec.epochs), spec.warmupEpochs);
  }),
  z.strictObject({ type: z.literal('reduceOnPlateau'), ...optionFields(SCHEDULE_OPTIONS.reduceOnPlateau) }),
]);

export const MONITORS = ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'mse', 'valMse', 'mae', 'valMae', 'r2', 'valR2'] as const;

/** Keras' EarlyStopping; the options besides monitor are the library's EARLY_STOPPING_OPTIONS. */
export const earlyStoppingSchema = z.strictObject({
  monitor: z.enum(MONITORS).optional(),
  ...optionFields(EARLY_STOPPING_OPTIONS),
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

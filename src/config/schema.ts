// The whole configuration file: data, model, training, tune, report. Unknown keys are errors
// (a misspelt `epoch:` must not be ignored silently). Sections with defaults may be left out.
import { z } from 'zod';
import { dataSchema } from './data-schema.ts';
import { modelSchema } from './model-schema.ts';
import { addRule } from './rules.ts';
import { trainingSchema } from './training-schema.ts';
import { tuneSchema } from './tune-schema.ts';

export const reportSchema = z.strictObject({
  /** Where `train`, `tune` and `sweep` write the HTML report (relative to the config file's folder); --report wins. */
  output: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
});

/** `hyperprop sweep` without --param/--values: the hyperparameter and the values to train with. */
export const sweepSchema = z.strictObject({
  param: z.enum(['lr', 'batchSize', 'epochs', 'units', 'dropout', 'l2', 'noise', 'mixup']),
  values: z.array(z.number().nonnegative()).min(1),
});

export const configSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  data: dataSchema,
  // prefault, not default: the empty object is parsed, so the sections' own defaults apply.
  model: modelSchema.prefault({}),
  training: trainingSchema.prefault({}),
  tune: tuneSchema.optional(),
  report: reportSchema.prefault({}),
  sweep: sweepSchema.optional(),
}).superRefine((config, ctx) => {
  // Validation metrics exist only with a validation split; fit would fail after loading the data.
  const monitor = config.training.earlyStopping?.monitor;
  if (monitor?.startsWith('val') && config.data.split?.validation === undefined) {
    addRule(ctx, ['training', 'earlyStopping', 'monitor'], 'a training metric (loss, accuracy ...) without data.split.validation', monitor);
  }
});

/** A configuration after validation, every default filled in. */
export type Config = z.infer<typeof configSchema>;
/** What a configuration file may contain (defaults left out). */
export type ConfigInput = z.input<typeof configSchema>;

// data: where the rows come from (a bundled dataset or a CSV file), how features are scaled
// (statistics from the training rows only) and how rows are split: train/validation/test, or k folds.
import { z } from 'zod';
import { addRule, fraction, integer, seed } from './rules.ts';

export const BUILTIN_DATASETS = ['digits', 'friedman1', 'iris', 'wine', 'xor'] as const;
export const SCALINGS = ['none', 'standard', 'minmax'] as const;

export const splitSchema = z.strictObject({
  /** Fraction of the rows held out for the final test. */
  test: fraction.optional(),
  /** Fraction held out for validation (what tuning scores and early stopping watch). */
  validation: fraction.optional(),
  seed: seed.default(0),
  /** Default: true for classification. */
  stratify: z.boolean().optional(),
});

export const kfoldSchema = z.strictObject({
  folds: integer(2).default(5),
  /** Seeds the folds. Default: train 0; tune each trial's seed (every trial cuts its own folds). */
  seed: seed.optional(),
  stratify: z.boolean().optional(),
});

/** `kfold: 5` is short for `kfold: { folds: 5 }`. */
export const kfoldSetting = z.union([integer(2), kfoldSchema]).transform((k) => (typeof k === 'number' ? { folds: k } : k));

export const dataSchema = z
  .strictObject({
    builtin: z.enum(BUILTIN_DATASETS).optional(),
    /** A CSV file; a relative path is read from the config file's folder. */
    csv: z.string().min(1).optional(),
    /** A training file and its held-out test file, with the same columns (instead of csv). */
    train: z.string().min(1).optional(),
    test: z.string().min(1).optional(),
    /** With csv: a CSV of 0-based data row indices in columns named train, validation, test. */
    splitFile: z.string().min(1).optional(),
    /** With csv: a column whose cells are train, validation or test (not a feature). */
    splitColumn: z.string().min(1).optional(),
    /** The label column of the CSV, by header name or index (-1 = last). */
    label: z.union([z.string().min(1), z.number().int()]).optional(),
    task: z.enum(['classification', 'regression']).optional(),
    scaling: z.enum(SCALINGS).default('standard'),
    /** Regression only: standardise the targets with the training rows' mean and std (default standard). */
    targetScaling: z.enum(['standard', 'none']).optional(),
    split: splitSchema.optional(),
    /** k folds instead of a validation split (train: k models; tune: every trial cross-validated). */
    kfold: kfoldSetting.optional(),
  })
  .superRefine((data, ctx) => {
    if ([data.builtin, data.csv, data.train].filter((v) => v !== undefined).length !== 1) {
      addRule(ctx, [], 'given exactly one of builtin, csv or train (with test)', { builtin: data.builtin, csv: data.csv, train: data.train });
    }
    if (data.csv !== undefined && data.label === undefined) addRule(ctx, ['label'], 'given with csv (the label column)', data.label);
    if (data.train !== undefined && data.label === undefined) addRule(ctx, ['label'], 'given with train (the label column)', data.label);
    if ((data.train === undefined) !== (data.test === undefined)) addRule(ctx, ['test'], 'given with train, and only with it (the held-out file)', data.test);
    if (data.splitFile !== undefined && data.splitColumn !== undefined) addRule(ctx, ['splitColumn'], 'left out when splitFile is given (choose one)', data.splitColumn);
    for (const key of ['splitFile', 'splitColumn'] as const) {
      if (data[key] !== undefined && data.csv === undefined) addRule(ctx, [key], 'given only with csv', data[key]);
    }
    const given = data.train !== undefined || data.splitFile !== undefined || data.splitColumn !== undefined;
    if (given && data.split?.test !== undefined) addRule(ctx, ['split', 'test'], 'left out when the test rows are given (train/test, splitFile or splitColumn)', data.split.test);
    if (data.builtin !== undefined && data.label !== undefined) addRule(ctx, ['label'], 'left out for a builtin dataset', data.label);
    if (data.split?.validation !== undefined && data.kfold !== undefined) {
      addRule(ctx, ['kfold'], `left out when data.split.validation is given (the k folds replace the validation split: choose one; split.validation is ${data.split.validation})`, data.kfold.folds);
    }
    const { test = 0, validation = 0 } = data.split ?? {};
    if (test + validation >= 1) addRule(ctx, ['split'], 'test + validation < 1', test + validation);
  });

export type DataConfig = z.infer<typeof dataSchema>;

// tune.space: which MLP hyperparameters a study searches and over what. Each key is either a
// distribution ({ type: float | int | categorical, ... }, as trial.suggestFloat/Int/Categorical)
// or a fixed value. The keys are the hyperparameters the MLP objective understands; each key's
// own limits (lr > 0, dropout < 1, activation among relu/tanh/sigmoid) are checked here, so a
// mistake surfaces before the first trial with its exact path.
import { z } from 'zod';
import { DEFAULT_ACTIVATIONS } from '../tune/objectives/default-space.ts';
import { OPTIMIZER_NAMES } from '../nn/optimizers/index.ts';
import { addRule, integer, scalar } from './rules.ts';

const floatSpec = z.strictObject({ type: z.literal('float'), low: z.number(), high: z.number(), log: z.boolean().default(false), step: z.number().gt(0).optional() });
const intSpec = z.strictObject({ type: z.literal('int'), low: z.number().int(), high: z.number().int(), log: z.boolean().default(false), step: integer(1).default(1) });
const categoricalSpec = z.strictObject({ type: z.literal('categorical'), choices: z.array(scalar).min(1) });

export type FloatSpec = z.infer<typeof floatSpec>;
export type IntSpec = z.infer<typeof intSpec>;
export type CategoricalSpec = z.infer<typeof categoricalSpec>;
export type ParamSpec = FloatSpec | IntSpec | CategoricalSpec;

/** What values one hyperparameter may take, whichever form the config uses. */
interface ValueRule {
  kind: 'number' | 'integer' | 'string';
  /** Inclusive lower bound, or exclusive when `above` is set. */
  min?: number;
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
  max?: number;
  oneOf?: readonly string[];
}

function describeRule(rule: ValueRule): string {
  if (rule.oneOf) return `one of ${rule.oneOf.map((v) => JSON.stringify(v)).join(', ')}`;
  const parts = [rule.kind === 'integer' ? 'an integer' : 'a number'];
  if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
  if (rule.below !== undefined) parts.push(`< ${rule.below}`);
  if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
  return parts.join(' ').replace(/(\d) ([<>])/, '$1 and $2');
}

function obeys(rule: ValueRule, value: unknown): boolean {
  if (rule.oneOf) return typeof value === 'string' && rule.oneOf.includes(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.kind === 'integer' && !Number.isInteger(value)) return false;
  return !(
    (rule.min !== undefined && value < rule.min) ||
    (rule.above !== undefined && value <= rule.above) ||
    (rule.below !== undefined && value >= rule.below) ||
    (rule.max !== undefined && value > rule.max)
  );
}

function checkValue(ctx: z.RefinementCtx, path: PropertyKey[], rule: ValueRule, value: unknown): void {
  if (!obeys(rule, value)) addRule(ctx, path, describeRule(rule), value);
}

/** Rules shared by every distribution: ordered bounds, log scales above zero, whole steps. */
function checkSpec(ctx: z.RefinementCtx, spec: ParamSpec, rule: ValueRule): void {
  if (spec.type === 'categorical') {
    spec.choices.forEach((choice, i) => {
      checkValue(ctx, ['choices', i], rule, choice);
      if (spec.choices.indexOf(choice) !== i) addRule(ctx, ['choices', i], 'distinct from the earlier choices', choice);
    });
    return;
  }
  if (rule.oneOf) {
    addRule(ctx, ['type'], `"categorical" (the values are ${describeRule(rule)})`, spec.type);
    return;
  }
  if (spec.type === 'float' && rule.kind === 'integer') addRule(ctx, ['type'], '"int" or "categorical" (the values are integers)', spec.type);
  // The log-scale rule is the more telling one when both apply to `low`.
  if (spec.log && spec.type === 'float' && !(spec.low > 0)) addRule(ctx, ['low'], '> 0 for a log scale', spec.low);
  else if (spec.log && spec.type === 'int' && !(spec.low >= 1)) addRule(ctx, ['low'], '>= 1 for a log scale', spec.low);
  else checkValue(ctx, ['low'], rule, spec.low);
  checkValue(ctx, ['high'], rule, spec.high);
  if (spec.low > spec.high) addRule(ctx, ['high'], `>= low (${spec.low})`, spec.high);
  if (spec.log && spec.step !== undefined && (spec.type === 'float' || spec.step !== 1)) addRule(ctx, ['step'], 'left out with log: true', spec.step);
  if (spec.step !== undefined && spec.low <= spec.high) {
    const k = (spec.high - spec.low) / spec.step;
    if (Math.abs(k - Math.round(k)) > 1e-9 * Math.max(1, k)) addRule(ctx, ['step'], `a divisor of high - low (${spec.high - spec.low})`, spec.step);
  }
}

/** One hyperparameter: a distribution, or a fixed value obeying the same rule. */
function param(rule: ValueRule, forms: 'numeric' | 'choices') {
  const spec = forms === 'numeric' ? z.discriminatedUnion('type', [floatSpec, intSpec, categoricalSpec]) : z.discriminatedUnion('type', [categoricalSpec]);
  const fixed = rule.oneOf ? z.string() : z.number();
  return z.union([spec, fixed]).superRefine((value, ctx) => {
    if (typeof value === 'object') checkSpec(ctx, value, rule);
    else checkValue(ctx, [], rule, value);
  });
}

export const SPACE_KEYS = ['lr', 'l2', 'dropout', 'layers', 'units', 'batchSize', 'activation', 'optimizer', 'noise', 'mixup'] as const;

export const spaceSchema = z.strictObject({
  lr: param({ kind: 'number', above: 0 }, 'numeric').optional(),
  l2: param({ kind: 'number', min: 0 }, 'numeric').optional(),
  dropout: param({ kind: 'number', min: 0, below: 1 }, 'numeric').optional(),
  /** Hidden layers; with more than one, each layer i gets its own `units_l{i}` from `units`. */
  layers: param({ kind: 'integer', min: 1, max: 3 }, 'numeric').optional(),
  units: param({ kind: 'integer', min: 1, max: 4096 }, 'numeric').optional(),
  batchSize: param({ kind: 'integer', min: 1 }, 'numeric').optional(),
  activation: param({ kind: 'string', oneOf: DEFAULT_ACTIVATIONS }, 'choices').optional(),
  optimizer: param({ kind: 'string', oneOf: OPTIMIZER_NAMES }, 'choices').optional(),
  /** Augmentation of the training batches: Gaussian input noise σ, mixup's α. */
  noise: param({ kind: 'number', min: 0 }, 'numeric').optional(),
  mixup: param({ kind: 'number', min: 0 }, 'numeric').optional(),
});

export type SpaceConfig = z.infer<typeof spaceSchema>;
export type SpaceValue = ParamSpec | number | string;

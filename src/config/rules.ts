// The building blocks every config section uses, so a rule reads the same wherever it applies.
import { z } from 'zod';
import { accepts, type OptionDeclaration, type OptionTable, type OptionValue } from '../backend/option-rule.ts';

/** Marks integer bounds: zod reports them with origin "number", and the message should say "an integer". */
export const INTEGER_BOUND = 'integer bound';

/** An integer in [min, max]. */
export function integer(min: number, max?: number) {
  const atLeast = z.int().min(min, INTEGER_BOUND);
  return max === undefined ? atLeast : atLeast.max(max, INTEGER_BOUND);
}

export const positiveInt = integer(1);
export const nonNegativeInt = integer(0);
export const seed = integer(0, 2 ** 32 - 1);
export const positive = z.number().gt(0);
export const nonNegative = z.number().min(0);
/** A fraction strictly between 0 and 1 (split sizes). */
export const fraction = z.number().gt(0).lt(1);
export const scalar = z.union([z.number(), z.string(), z.boolean()]);

/** Adds a custom issue whose message is the rule (`must be > 0 for a log scale`) and whose params hold the value. */
export function addRule(ctx: z.RefinementCtx, path: PropertyKey[], rule: string, value: unknown): void {
  ctx.addIssue({ code: 'custom', path, message: `must be ${rule}`, params: { value } });
}

/**
 * The field for a library option, from its declaration: the same rule, and the same sentence
 * for every value it refuses (`must be a finite number >= 0`), as the library's own check.
 */
export function optionField<O extends OptionDeclaration>(option: O) {
  return z.custom<OptionValue<O>>((value) => accepts(option.rule, value), { message: `must be ${option.rule.text}` });
}

/** Fields for every option of a table; all but the required ones may be left out (the library's default applies). */
export function optionFields<T extends OptionTable>(
  table: T,
): { [K in keyof T]: T[K] extends { readonly required: true } ? z.ZodType<OptionValue<T[K]>> : z.ZodOptional<z.ZodType<OptionValue<T[K]>>> } {
  return Object.fromEntries(Object.entries(table).map(([key, option]) => [key, option.required ? optionField(option) : optionField(option).optional()])) as never;
}

// The building blocks every config section uses, so a rule reads the same wherever it applies.
import { z } from 'zod';

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
/** A rate in [0, 1) (dropout, momentum). */
export const rate = z.number().min(0).lt(1);
export const scalar = z.union([z.number(), z.string(), z.boolean()]);

/** Adds a custom issue whose message is the rule (`must be > 0 for a log scale`) and whose params hold the value. */
export function addRule(ctx: z.RefinementCtx, path: PropertyKey[], rule: string, value: unknown): void {
  ctx.addIssue({ code: 'custom', path, message: `must be ${rule}`, params: { value } });
}

// One source of rules: for every optimizer option and every boundary of its rule (just inside,
// on and just outside each end, the infinities, NaN, the wrong type), the config schema,
// createOptimizer and the per-step check accept or refuse alike, with the same rule text, and
// all three fill in the same defaults.
import { describe, expect, it } from 'vitest';
import type { OptionDeclaration } from '../../src/backend/option-rule.ts';
import {
  ADAGRAD_STEP_OPTIONS,
  ADAM_OPTIONS,
  conflictingOptionRules,
  NESTEROV_RULE,
  OPTIMIZER_NAMES,
  OPTIMIZER_OPTIONS,
  RMSPROP_OPTIONS,
  SGD_OPTIONS,
  type OptimizerName,
} from '../../src/backend/optimizer-options.ts';
import { writeAdagradScalars, writeAdamScalars, writeRmspropScalars, writeSgdScalars } from '../../src/backend/optimizer-scalars.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { createOptimizer, normalizeOptimizerSpec } from '../../src/nn/optimizers/index.ts';
import { JS } from './backends.ts';
import { boundaryValues, configOutcome, expectedOutcome, libraryOutcome, obeys, type Outcome } from './option-boundaries.ts';

const configOf = (spec: Record<string, unknown>, key: string) => configOutcome({ training: { optimizer: spec } }, `training.optimizer.${key}`);
const libraryOf = (spec: Record<string, unknown>, key: string) => libraryOutcome(() => normalizeOptimizerSpec(spec as never), `optimizer.${key}`);

const KERNELS = {
  sgd: { name: 'sgdStep', options: SGD_OPTIONS, write: (o: object, s = new Float64Array(8)) => writeSgdScalars(o as never, 1, s) },
  rmsprop: { name: 'rmspropStep', options: RMSPROP_OPTIONS, write: (o: object, s = new Float64Array(8)) => writeRmspropScalars(o as never, s) },
  adam: { name: 'adamStep', options: ADAM_OPTIONS, write: (o: object, s = new Float64Array(8)) => writeAdamScalars(o as never, 1, s) },
  adagrad: { name: 'adagradStep', options: ADAGRAD_STEP_OPTIONS, write: (o: object, s = new Float64Array(8)) => writeAdagradScalars(o as never, 1, s) },
} as const;

const KERNEL_OF: Record<OptimizerName, keyof typeof KERNELS> = {
  sgd: 'sgd', momentum: 'sgd', nesterov: 'sgd', rmsprop: 'rmsprop', adam: 'adam', adamw: 'adam', adagrad: 'adagrad',
};

/** The options the optimizer hands its kernel for this spec (what createOptimizer resolved). */
function kernelOptions(type: OptimizerName, spec: Record<string, unknown>): Record<string, unknown> {
  const resolved: Record<string, unknown> = { ...(type === 'adamw' ? { decoupled: true } : {}) };
  for (const [key, option] of Object.entries(OPTIMIZER_OPTIONS[type])) {
    if (key in KERNELS[KERNEL_OF[type]].options) resolved[key] = key in spec ? spec[key] : option.default;
  }
  return resolved;
}

function kernelOutcome(type: OptimizerName, spec: Record<string, unknown>, key: string): Outcome | 'not a step option' {
  const kernel = KERNELS[KERNEL_OF[type]];
  if (!(key in kernel.options)) return 'not a step option';
  return libraryOutcome(() => kernel.write(kernelOptions(type, spec)), `${kernel.name}: options.${key}`);
}

/** What the table says of `value`, Nesterov's rule between momentum and dampening included. */
function expectedFor(type: OptimizerName, key: string, option: OptionDeclaration, value: unknown): Outcome {
  if (!obeys(option, value)) return expectedOutcome(option, value);
  if (type === 'nesterov' && key === 'momentum' && !((value as number) > 0)) return { rule: NESTEROV_RULE.momentum };
  if (type === 'nesterov' && key === 'dampening' && value !== 0) return { rule: NESTEROV_RULE.dampening };
  return 'accepted';
}

/** A spec that is valid apart from `key` (Nesterov needs momentum > 0 and no dampening). */
function specWith(type: OptimizerName, key: string, value: unknown): Record<string, unknown> {
  return { type, ...(key === 'nesterov' && value === true ? { momentum: 0.9 } : {}), [key]: value };
}

describe('optimizer option rules', () => {
  it('give every option one rule in every optimizer that takes it', () => {
    expect(conflictingOptionRules()).toEqual([]);
  });

  for (const type of OPTIMIZER_NAMES) {
    it(`${type}: config, library and per-step check agree at every boundary`, () => {
      let compared = 0;
      for (const [key, option] of Object.entries(OPTIMIZER_OPTIONS[type])) {
        for (const value of boundaryValues(option)) {
          const spec = specWith(type, key, value);
          const library = libraryOf(spec, key);
          const where = `${type}.${key} = ${String(value)}`;
          expect(configOf(spec, key), where).toEqual(library);
          const kernel = kernelOutcome(type, spec, key);
          if (kernel !== 'not a step option') expect(kernel, where).toEqual(library);
          expect(library, where).toEqual(expectedFor(type, key, option, value));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(20);
    });
  }

  it('refuse a Nesterov step without momentum or with dampening in all three places', () => {
    for (const spec of [{ type: 'sgd', nesterov: true }, { type: 'nesterov', momentum: 0 }, { type: 'nesterov', dampening: 0.1 }] as const) {
      const key = 'dampening' in spec ? 'dampening' : 'momentum';
      expect(libraryOf(spec, key)).not.toBe('accepted');
      expect(configOf(spec, key)).toEqual(libraryOf(spec, key));
      expect(kernelOutcome(spec.type, spec, key)).toEqual(libraryOf(spec, key));
    }
  });

  it('fill in the same defaults in the library, the config and the per-step scalars', () => {
    for (const type of OPTIMIZER_NAMES) {
      const table = OPTIMIZER_OPTIONS[type];
      const defaults = Object.fromEntries(Object.entries(table).filter(([key]) => key !== 'clipNorm' && key !== 'clipValue').map(([key, o]) => [key, o.default]));
      expect(createOptimizer(JS, 2, type).toJSON(), type).toEqual({ type, ...defaults });
      // The per-step check's own defaults, given only lr, fill the block as the table's defaults do.
      const write = KERNELS[KERNEL_OF[type]].write;
      if (type === 'momentum' || type === 'nesterov') continue; // SGD's kernel defaults are plain SGD's
      const blocks = [{ lr: table.lr!.default, ...(type === 'adamw' ? { decoupled: true } : {}) }, kernelOptions(type, {})].map((options) => {
        const block = new Float64Array(8);
        write(options, block);
        return block;
      });
      expect(blocks[0], type).toEqual(blocks[1]);
    }
    expect(validateConfig({ data: { builtin: 'iris' } }).training.optimizer).toEqual({ type: 'adam' });
  });
});

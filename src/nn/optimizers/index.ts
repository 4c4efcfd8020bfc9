// createOptimizer: the one way a spec ('adam', or { type: 'sgd', lr: 0.1, momentum: 0.9 })
// becomes an optimizer; the spec is validated here so errors name the field.
import type { Backend } from '../../backend/backend.ts';
import { rangeError, typeError } from '../../errors.ts';
import { AdagradOptimizer } from './adagrad.ts';
import { AdamOptimizer } from './adam.ts';
import { FlatOptimizer, OPTIMIZER_NAMES, type Optimizer, type OptimizerName, type OptimizerSpec } from './optimizer.ts';
import { RmspropOptimizer } from './rmsprop.ts';
import { SgdOptimizer } from './sgd.ts';

export type { Optimizer, OptimizerName, OptimizerSpec } from './optimizer.ts';
export { OPTIMIZER_NAMES } from './optimizer.ts';

const NUMERIC_RULES: Partial<Record<keyof OptimizerSpec, [number, number, string]>> = {
  lr: [0, Infinity, 'a finite number >= 0'],
  momentum: [0, Infinity, 'a finite number >= 0'],
  dampening: [0, 1, 'in [0, 1]'],
  weightDecay: [0, Infinity, 'a finite number >= 0'],
  alpha: [0, 1, 'in [0, 1]'],
  eps: [0, Infinity, 'a finite number >= 0'],
  beta1: [0, 1, 'in [0, 1)'],
  beta2: [0, 1, 'in [0, 1)'],
  lrDecay: [0, Infinity, 'a finite number >= 0'],
  initialAccumulatorValue: [0, Infinity, 'a finite number >= 0'],
  clipNorm: [0, Infinity, 'a finite number >= 0'],
  clipValue: [0, Infinity, 'a finite number >= 0'],
};

export function normalizeOptimizerSpec(spec: OptimizerName | OptimizerSpec | undefined, field = 'optimizer'): OptimizerSpec {
  const resolved: OptimizerSpec = spec === undefined ? { type: 'adam' } : typeof spec === 'string' ? { type: spec } : { ...spec };
  if (typeof resolved !== 'object' || !OPTIMIZER_NAMES.includes(resolved.type)) {
    throw typeError(`${field}.type`, `one of ${OPTIMIZER_NAMES.join(', ')}`, typeof spec === 'string' ? spec : resolved?.type);
  }
  for (const [key, value] of Object.entries(resolved)) {
    if (key === 'type') continue;
    if (key === 'nesterov' || key === 'centered') {
      if (typeof value !== 'boolean') throw typeError(`${field}.${key}`, 'a boolean', value);
      continue;
    }
    const rule = NUMERIC_RULES[key as keyof OptimizerSpec];
    if (!rule) throw typeError(`${field}.${key}`, `one of the options ${Object.keys(NUMERIC_RULES).join(', ')}, nesterov, centered`, key);
    const [low, high, text] = rule;
    const open = key === 'beta1' || key === 'beta2';
    if (typeof value !== 'number' || !(value >= low && (open ? value < high : value <= high)) || !Number.isFinite(value)) throw rangeError(`${field}.${key}`, text, value);
  }
  if ((resolved.type === 'nesterov' || resolved.nesterov) && resolved.momentum === 0) {
    throw rangeError(`${field}.momentum`, '> 0 for Nesterov momentum', resolved.momentum);
  }
  return resolved;
}

function build(backend: Backend, size: number, resolved: OptimizerSpec): FlatOptimizer<{ lr: number }> {
  switch (resolved.type) {
    case 'sgd':
    case 'momentum':
    case 'nesterov':
      return new SgdOptimizer(backend, size, resolved);
    case 'rmsprop':
      return new RmspropOptimizer(backend, size, resolved);
    case 'adam':
    case 'adamw':
      return new AdamOptimizer(backend, size, resolved);
    case 'adagrad':
      return new AdagradOptimizer(backend, size, resolved);
  }
}

export function createOptimizer(backend: Backend, size: number, spec?: OptimizerName | OptimizerSpec): Optimizer {
  const resolved = normalizeOptimizerSpec(spec);
  const optimizer = build(backend, size, resolved);
  optimizer.setClipping(resolved);
  return optimizer;
}

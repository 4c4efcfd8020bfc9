// createOptimizer: the one way a spec ('adam', or { type: 'sgd', lr: 0.1, momentum: 0.9 })
// becomes an optimizer; the spec is validated here, against the rules of OPTIMIZER_OPTIONS
// (the ones the per-step checks and the config schema use), so errors name the field.
import type { Backend } from '../../backend/backend.ts';
import { accepts } from '../../backend/option-rule.ts';
import { NESTEROV_RULE, nesterovProblem, OPTIMIZER_OPTIONS } from '../../backend/optimizer-options.ts';
import { rangeError, typeError } from '../../errors.ts';
import { AdagradOptimizer } from './adagrad.ts';
import { AdamOptimizer } from './adam.ts';
import { FlatOptimizer, OPTIMIZER_NAMES, specValue, type Optimizer, type OptimizerName, type OptimizerSpec } from './optimizer.ts';
import { RmspropOptimizer } from './rmsprop.ts';
import { SgdOptimizer } from './sgd.ts';

export type { Optimizer, OptimizerName, OptimizerSpec } from './optimizer.ts';
export { OPTIMIZER_NAMES } from './optimizer.ts';

/** Why an option of a spec is refused: not an option of its optimizer, the wrong type, out of range, or a broken combination. */
export interface SpecProblem {
  key: string;
  rule: string;
  value: unknown;
  kind: 'unknown' | 'type' | 'range' | 'combination';
}

/** The rule an option that `type` does not take breaks. */
export function unknownOptionRule(type: OptimizerName): string {
  return `one of the options of ${type} (${Object.keys(OPTIMIZER_OPTIONS[type]).join(', ')})`;
}

/**
 * Every problem of a spec whose type is known, in the order its options are written; each
 * option's rule is the one OPTIMIZER_OPTIONS declares (undefined means the default).
 */
export function optimizerSpecProblems(spec: OptimizerSpec): SpecProblem[] {
  const table = OPTIMIZER_OPTIONS[spec.type];
  const problems: SpecProblem[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'type' || value === undefined) continue;
    const option = table[key];
    if (option === undefined) problems.push({ key, rule: unknownOptionRule(spec.type), value: key, kind: 'unknown' });
    else if (!accepts(option.rule, value)) {
      // A boolean rule accepts every boolean, so a value it refuses is always of the wrong type.
      const rightType = option.rule.kind !== 'boolean' && typeof value === 'number';
      problems.push({ key, rule: option.rule.text, value, kind: rightType ? 'range' : 'type' });
    }
  }
  if (problems.length === 0 && 'nesterov' in table && specValue(spec, 'nesterov')) {
    const momentum = specValue(spec, 'momentum');
    const dampening = specValue(spec, 'dampening');
    const key = nesterovProblem(momentum, dampening);
    if (key !== undefined) problems.push({ key, rule: NESTEROV_RULE[key], value: key === 'momentum' ? momentum : dampening, kind: 'combination' });
  }
  return problems;
}

export function normalizeOptimizerSpec(spec: OptimizerName | OptimizerSpec | undefined, field = 'optimizer'): OptimizerSpec {
  const resolved: OptimizerSpec = spec === undefined ? { type: 'adam' } : typeof spec === 'string' ? { type: spec } : { ...spec };
  // resolved is always an object here (a literal or a spread copy, even of a non-object), so only its type needs checking.
  if (!OPTIMIZER_NAMES.includes(resolved.type)) {
    throw typeError(`${field}.type`, `one of ${OPTIMIZER_NAMES.join(', ')}`, resolved.type);
  }
  const problem = optimizerSpecProblems(resolved)[0];
  if (problem !== undefined) throw (problem.kind === 'unknown' || problem.kind === 'type' ? typeError : rangeError)(`${field}.${problem.key}`, problem.rule, problem.value);
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

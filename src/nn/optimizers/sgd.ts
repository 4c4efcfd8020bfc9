// torch.optim.SGD, with momentum, dampening and Nesterov. 'momentum' and 'nesterov' are SGD
// with momentum 0.9 (and Nesterov) unless the spec says otherwise.
import type { Backend, SgdOptions, SgdState } from '../../backend/backend.ts';
import { FlatOptimizer, specValue, type OptimizerSpec } from './optimizer.ts';

export class SgdOptimizer extends FlatOptimizer<Required<SgdOptions>> {
  private readonly state: SgdState;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    const momentum = specValue(spec, 'momentum');
    super(spec.type, backend, {
      lr: specValue(spec, 'lr'),
      momentum,
      dampening: specValue(spec, 'dampening'),
      nesterov: specValue(spec, 'nesterov'),
      weightDecay: specValue(spec, 'weightDecay'),
    });
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with momentum 0 the kernel never reads a buffer, so allocating one changes only memory
    this.state = momentum > 0 ? { momentumBuffer: backend.allocate(size) } : {};
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.sgdStep(params, grads, this.state, this.options, this.steps);
  }
}

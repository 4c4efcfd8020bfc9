// torch.optim.SGD, with momentum, dampening and Nesterov. 'momentum' and 'nesterov' are SGD
// with momentum 0.9 (and Nesterov) unless the spec says otherwise.
import type { Backend, SgdOptions, SgdState } from '../../backend/backend.ts';
import { DEFAULT_LR, FlatOptimizer, type OptimizerSpec } from './optimizer.ts';

export class SgdOptimizer extends FlatOptimizer<Required<SgdOptions>> {
  private readonly state: SgdState;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    const momentum = spec.momentum ?? (spec.type === 'sgd' ? 0 : 0.9);
    super(spec.type, backend, {
      lr: spec.lr ?? DEFAULT_LR[spec.type],
      momentum,
      dampening: spec.dampening ?? 0,
      nesterov: spec.nesterov ?? spec.type === 'nesterov',
      weightDecay: spec.weightDecay ?? 0,
    });
    this.state = momentum > 0 ? { momentumBuffer: backend.allocate(size) } : {};
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.sgdStep(params, grads, this.state, this.options, this.steps);
  }
}

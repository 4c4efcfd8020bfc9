// torch.optim.RMSprop (optionally centered, with momentum).
import type { Backend, RmspropOptions, RmspropState } from '../../backend/backend.ts';
import { DEFAULT_RMSPROP } from '../../backend/optimizer-scalars.ts';
import { DEFAULT_LR, FlatOptimizer, type OptimizerSpec } from './optimizer.ts';

export class RmspropOptimizer extends FlatOptimizer<Required<RmspropOptions>> {
  private readonly state: RmspropState;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    super('rmsprop', backend, {
      lr: spec.lr ?? DEFAULT_LR.rmsprop,
      alpha: spec.alpha ?? DEFAULT_RMSPROP.alpha,
      eps: spec.eps ?? DEFAULT_RMSPROP.eps,
      weightDecay: spec.weightDecay ?? 0,
      momentum: spec.momentum ?? 0,
      centered: spec.centered ?? false,
    });
    this.state = {
      squareAvg: backend.allocate(size),
      ...(this.options.momentum > 0 ? { momentumBuffer: backend.allocate(size) } : {}),
      ...(this.options.centered ? { gradAvg: backend.allocate(size) } : {}),
    };
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.rmspropStep(params, grads, this.state, this.options, this.steps);
  }
}

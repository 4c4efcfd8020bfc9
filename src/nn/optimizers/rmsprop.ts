// torch.optim.RMSprop (optionally centered, with momentum).
import type { Backend, RmspropOptions, RmspropState } from '../../backend/backend.ts';
import { FlatOptimizer, specValue, type OptimizerSpec } from './optimizer.ts';

export class RmspropOptimizer extends FlatOptimizer<Required<RmspropOptions>> {
  private readonly state: RmspropState;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    super('rmsprop', backend, {
      lr: specValue(spec, 'lr'),
      alpha: specValue(spec, 'alpha'),
      eps: specValue(spec, 'eps'),
      weightDecay: specValue(spec, 'weightDecay'),
      momentum: specValue(spec, 'momentum'),
      centered: specValue(spec, 'centered'),
    });
    this.state = {
      squareAvg: backend.allocate(size),
      // Stryker disable next-line ConditionalExpression,EqualityOperator: with momentum 0 the kernel never reads a buffer, so allocating one changes only memory
      ...(this.options.momentum > 0 ? { momentumBuffer: backend.allocate(size) } : {}),
      ...(this.options.centered ? { gradAvg: backend.allocate(size) } : {}),
    };
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.rmspropStep(params, grads, this.state, this.options, this.steps);
  }
}

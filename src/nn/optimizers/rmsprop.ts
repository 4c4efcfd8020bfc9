// torch.optim.RMSprop (optionally centered, with momentum).
import type { Backend, RmspropOptions, RmspropState } from '../../backend/backend.ts';
import { DEFAULT_RMSPROP } from '../../backend/optimizer-scalars.ts';
import { DEFAULT_LR, type Optimizer, type OptimizerSpec } from './optimizer.ts';

export class RmspropOptimizer implements Optimizer {
  readonly name = 'rmsprop';
  steps = 0;
  private readonly options: Required<RmspropOptions>;
  private readonly state: RmspropState;

  constructor(
    private readonly backend: Backend,
    size: number,
    spec: OptimizerSpec,
  ) {
    this.options = {
      lr: spec.lr ?? DEFAULT_LR['rmsprop'],
      alpha: spec.alpha ?? DEFAULT_RMSPROP.alpha,
      eps: spec.eps ?? DEFAULT_RMSPROP.eps,
      weightDecay: spec.weightDecay ?? 0,
      momentum: spec.momentum ?? 0,
      centered: spec.centered ?? false,
    };
    this.state = {
      squareAvg: backend.allocate(size),
      ...(this.options.momentum > 0 ? { momentumBuffer: backend.allocate(size) } : {}),
      ...(this.options.centered ? { gradAvg: backend.allocate(size) } : {}),
    };
  }

  get lr(): number {
    return this.options.lr;
  }
  set lr(value: number) {
    this.options.lr = value;
  }

  step(params: Float32Array, grads: Float32Array): void {
    this.steps++;
    this.backend.rmspropStep(params, grads, this.state, this.options, this.steps);
  }

  toJSON(): OptimizerSpec {
    return { type: this.name, ...this.options };
  }
}

// torch.optim.SGD, with momentum, dampening and Nesterov. 'momentum' and 'nesterov' are SGD
// with momentum 0.9 (and Nesterov) unless the spec says otherwise.
import type { Backend, SgdOptions, SgdState } from '../../backend/backend.ts';
import { DEFAULT_LR, type Optimizer, type OptimizerName, type OptimizerSpec } from './optimizer.ts';

export class SgdOptimizer implements Optimizer {
  readonly name: OptimizerName;
  steps = 0;
  private readonly options: Required<SgdOptions>;
  private readonly state: SgdState;

  constructor(
    private readonly backend: Backend,
    size: number,
    spec: OptimizerSpec,
  ) {
    this.name = spec.type;
    const momentum = spec.momentum ?? (spec.type === 'sgd' ? 0 : 0.9);
    this.options = {
      lr: spec.lr ?? DEFAULT_LR[spec.type],
      momentum,
      dampening: spec.dampening ?? 0,
      nesterov: spec.nesterov ?? spec.type === 'nesterov',
      weightDecay: spec.weightDecay ?? 0,
    };
    this.state = momentum > 0 ? { momentumBuffer: backend.allocate(size) } : {};
  }

  get lr(): number {
    return this.options.lr;
  }
  set lr(value: number) {
    this.options.lr = value;
  }

  step(params: Float32Array, grads: Float32Array): void {
    this.steps++;
    this.backend.sgdStep(params, grads, this.state, this.options, this.steps);
  }

  toJSON(): OptimizerSpec {
    return { type: this.name, ...this.options };
  }
}

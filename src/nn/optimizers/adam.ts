// torch.optim.Adam and, with decoupled weight decay, torch.optim.AdamW.
import type { AdamOptions, AdamState, Backend } from '../../backend/backend.ts';
import { DEFAULT_ADAM, DEFAULT_ADAMW_WEIGHT_DECAY } from '../../backend/optimizer-scalars.ts';
import { DEFAULT_LR, type Optimizer, type OptimizerName, type OptimizerSpec } from './optimizer.ts';

export class AdamOptimizer implements Optimizer {
  readonly name: OptimizerName;
  steps = 0;
  private readonly options: Required<AdamOptions>;
  private readonly state: AdamState;

  constructor(
    private readonly backend: Backend,
    size: number,
    spec: OptimizerSpec,
  ) {
    const decoupled = spec.type === 'adamw';
    this.name = spec.type;
    this.options = {
      lr: spec.lr ?? DEFAULT_LR[spec.type],
      beta1: spec.beta1 ?? DEFAULT_ADAM.beta1,
      beta2: spec.beta2 ?? DEFAULT_ADAM.beta2,
      eps: spec.eps ?? DEFAULT_ADAM.eps,
      weightDecay: spec.weightDecay ?? (decoupled ? DEFAULT_ADAMW_WEIGHT_DECAY : DEFAULT_ADAM.weightDecay),
      decoupled,
    };
    this.state = { expAvg: backend.allocate(size), expAvgSq: backend.allocate(size) };
  }

  get lr(): number {
    return this.options.lr;
  }
  set lr(value: number) {
    this.options.lr = value;
  }

  step(params: Float32Array, grads: Float32Array): void {
    this.steps++;
    this.backend.adamStep(params, grads, this.state, this.options, this.steps);
  }

  toJSON(): OptimizerSpec {
    const { decoupled: _decoupled, ...rest } = this.options;
    return { type: this.name, ...rest };
  }
}

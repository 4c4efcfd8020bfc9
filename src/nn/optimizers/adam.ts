// torch.optim.Adam and, with decoupled weight decay, torch.optim.AdamW.
import type { AdamOptions, AdamState, Backend } from '../../backend/backend.ts';
import { DEFAULT_ADAM, DEFAULT_ADAMW_WEIGHT_DECAY } from '../../backend/optimizer-scalars.ts';
import { DEFAULT_LR, FlatOptimizer, type OptimizerSpec } from './optimizer.ts';

export class AdamOptimizer extends FlatOptimizer<Required<AdamOptions>> {
  private readonly state: AdamState;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    const decoupled = spec.type === 'adamw';
    super(spec.type, backend, {
      lr: spec.lr ?? DEFAULT_LR[spec.type],
      beta1: spec.beta1 ?? DEFAULT_ADAM.beta1,
      beta2: spec.beta2 ?? DEFAULT_ADAM.beta2,
      eps: spec.eps ?? DEFAULT_ADAM.eps,
      weightDecay: spec.weightDecay ?? (decoupled ? DEFAULT_ADAMW_WEIGHT_DECAY : DEFAULT_ADAM.weightDecay),
      decoupled,
    });
    this.state = { expAvg: backend.allocate(size), expAvgSq: backend.allocate(size) };
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.adamStep(params, grads, this.state, this.options, this.steps);
  }

  override toJSON(): OptimizerSpec {
    const { decoupled: _decoupled, ...rest } = this.options;
    return { type: this.name, ...rest };
  }
}

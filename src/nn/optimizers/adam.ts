// torch.optim.Adam and, with decoupled weight decay, torch.optim.AdamW.
import type { AdamOptions, AdamState, Backend } from '../../backend/backend.ts';
import { FlatOptimizer, specValue, type OptimizerSpec } from './optimizer.ts';

export class AdamOptimizer extends FlatOptimizer<Required<AdamOptions>> {
  private readonly state: AdamState;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    super(spec.type, backend, {
      lr: specValue(spec, 'lr'),
      beta1: specValue(spec, 'beta1'),
      beta2: specValue(spec, 'beta2'),
      eps: specValue(spec, 'eps'),
      weightDecay: specValue(spec, 'weightDecay'),
      decoupled: spec.type === 'adamw',
    });
    this.state = { expAvg: backend.allocate(size), expAvgSq: backend.allocate(size) };
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.adamStep(params, grads, this.state, this.options, this.steps);
  }

  override toJSON(): OptimizerSpec {
    // The type says decoupled; clipping comes from the skeleton's toJSON.
    const { decoupled: _decoupled, ...rest } = super.toJSON() as OptimizerSpec & { decoupled?: boolean };
    return rest;
  }
}

// torch.optim.Adagrad (with lr_decay and initial_accumulator_value).
import type { AdagradOptions, AdagradState, Backend } from '../../backend/backend.ts';
import { DEFAULT_ADAGRAD } from '../../backend/optimizer-scalars.ts';
import { DEFAULT_LR, FlatOptimizer, type OptimizerSpec } from './optimizer.ts';

export class AdagradOptimizer extends FlatOptimizer<Required<AdagradOptions>> {
  private readonly state: AdagradState;
  private readonly initialAccumulatorValue: number;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    super('adagrad', backend, {
      lr: spec.lr ?? DEFAULT_LR.adagrad,
      lrDecay: spec.lrDecay ?? DEFAULT_ADAGRAD.lrDecay,
      eps: spec.eps ?? DEFAULT_ADAGRAD.eps,
      weightDecay: spec.weightDecay ?? DEFAULT_ADAGRAD.weightDecay,
    });
    this.initialAccumulatorValue = spec.initialAccumulatorValue ?? 0;
    this.state = { sum: backend.allocate(size).fill(this.initialAccumulatorValue) };
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.adagradStep(params, grads, this.state, this.options, this.steps);
  }

  override toJSON(): OptimizerSpec {
    return { ...super.toJSON(), initialAccumulatorValue: this.initialAccumulatorValue };
  }
}

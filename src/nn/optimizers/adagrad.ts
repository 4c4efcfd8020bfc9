// torch.optim.Adagrad (with lr_decay and initial_accumulator_value).
import type { AdagradOptions, AdagradState, Backend } from '../../backend/backend.ts';
import { FlatOptimizer, specValue, type OptimizerSpec } from './optimizer.ts';

export class AdagradOptimizer extends FlatOptimizer<Required<AdagradOptions>> {
  private readonly state: AdagradState;
  private readonly initialAccumulatorValue: number;

  constructor(backend: Backend, size: number, spec: OptimizerSpec) {
    super('adagrad', backend, {
      lr: specValue(spec, 'lr'),
      lrDecay: specValue(spec, 'lrDecay'),
      eps: specValue(spec, 'eps'),
      weightDecay: specValue(spec, 'weightDecay'),
    });
    this.initialAccumulatorValue = specValue(spec, 'initialAccumulatorValue');
    this.state = { sum: backend.allocate(size).fill(this.initialAccumulatorValue) };
  }

  protected update(params: Float32Array, grads: Float32Array): void {
    this.backend.adagradStep(params, grads, this.state, this.options, this.steps);
  }

  override toJSON(): OptimizerSpec {
    return { ...super.toJSON(), initialAccumulatorValue: this.initialAccumulatorValue };
  }
}

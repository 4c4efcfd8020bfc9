// torch.optim.Adagrad (with lr_decay and initial_accumulator_value).
import type { AdagradOptions, AdagradState, Backend } from '../../backend/backend.ts';
import { DEFAULT_ADAGRAD } from '../../backend/optimizer-scalars.ts';
import { DEFAULT_LR, type Optimizer, type OptimizerSpec } from './optimizer.ts';

export class AdagradOptimizer implements Optimizer {
  readonly name = 'adagrad';
  steps = 0;
  private readonly options: Required<AdagradOptions>;
  private readonly state: AdagradState;
  private readonly initialAccumulatorValue: number;

  constructor(
    private readonly backend: Backend,
    size: number,
    spec: OptimizerSpec,
  ) {
    this.options = {
      lr: spec.lr ?? DEFAULT_LR['adagrad'],
      lrDecay: spec.lrDecay ?? DEFAULT_ADAGRAD.lrDecay,
      eps: spec.eps ?? DEFAULT_ADAGRAD.eps,
      weightDecay: spec.weightDecay ?? DEFAULT_ADAGRAD.weightDecay,
    };
    this.initialAccumulatorValue = spec.initialAccumulatorValue ?? 0;
    this.state = { sum: backend.allocate(size).fill(this.initialAccumulatorValue) };
  }

  get lr(): number {
    return this.options.lr;
  }
  set lr(value: number) {
    this.options.lr = value;
  }

  step(params: Float32Array, grads: Float32Array): void {
    this.steps++;
    this.backend.adagradStep(params, grads, this.state, this.options, this.steps);
  }

  toJSON(): OptimizerSpec {
    return { type: this.name, ...this.options, initialAccumulatorValue: this.initialAccumulatorValue };
  }
}

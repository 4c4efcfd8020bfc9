// An optimizer owns its flat state buffers (one per parameter buffer, on the backend) and turns
// gradients into one update per step: a single kernel call over all parameters.
import type { Backend } from '../../backend/backend.ts';
export interface Optimizer {
  readonly name: OptimizerName;
  /** The learning rate of the next step; schedules change it between epochs. */
  lr: number;
  /** Steps taken so far (the bias corrections of Adam count from here). */
  readonly steps: number;
  step(params: Float32Array, grads: Float32Array): void;
  /** The hyperparameters, as a spec createOptimizer accepts again. */
  toJSON(): OptimizerSpec;
}

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad';

export interface OptimizerSpec {
  type: OptimizerName;
  lr?: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
  alpha?: number;
  eps?: number;
  centered?: boolean;
  beta1?: number;
  beta2?: number;
  lrDecay?: number;
  initialAccumulatorValue?: number;
  /** Scale the gradients so their global L2 norm is at most this before each step (Keras' clipnorm). */
  clipNorm?: number;
  /** Clamp every gradient to [−clipValue, clipValue] before each step (Keras' clipvalue). */
  clipValue?: number;
}

export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'adamw', 'adagrad'];

/** PyTorch's default learning rates (SGD has none there; 0.01 as in Keras). */
export const DEFAULT_LR: Record<OptimizerName, number> = {
  sgd: 0.01,
  momentum: 0.01,
  nesterov: 0.01,
  rmsprop: 0.01,
  adam: 0.001,
  adamw: 0.001,
  adagrad: 0.01,
};

/**
 * The skeleton every optimizer shares (as tinygrad's Optimizer): options with the learning
 * rate, a step counter, and one backend kernel call per step over the flat buffers.
 */
export abstract class FlatOptimizer<Options extends { lr: number }> implements Optimizer {
  steps = 0;
  /** The global gradient norm before clipping, in norm[0] after each step that clips by norm. */
  readonly norm = new Float64Array(1);
  private clipNorm = 0;
  private clipValue = 0;

  constructor(
    readonly name: OptimizerName,
    protected readonly backend: Backend,
    protected readonly options: Options,
  ) {}

  /** Gradient clipping applied before every update (0 = off). */
  setClipping(spec: OptimizerSpec): void {
    this.clipNorm = spec.clipNorm ?? 0;
    this.clipValue = spec.clipValue ?? 0;
  }

  get lr(): number {
    return this.options.lr;
  }
  set lr(value: number) {
    this.options.lr = value;
  }

  step(params: Float32Array, grads: Float32Array): void {
    if (this.clipNorm > 0) this.backend.clipByNorm(grads.length, grads, this.clipNorm, this.norm);
    if (this.clipValue > 0) this.backend.clipByValue(grads.length, grads, this.clipValue);
    this.steps++;
    this.update(params, grads);
  }

  /** The backend kernel call for this optimizer, with this.steps already advanced. */
  protected abstract update(params: Float32Array, grads: Float32Array): void;

  toJSON(): OptimizerSpec {
    return {
      type: this.name,
      ...this.options,
      ...(this.clipNorm > 0 ? { clipNorm: this.clipNorm } : {}),
      ...(this.clipValue > 0 ? { clipValue: this.clipValue } : {}),
    } as OptimizerSpec;
  }
}

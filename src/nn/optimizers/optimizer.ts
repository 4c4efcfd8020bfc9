// An optimizer owns its flat state buffers (one per parameter buffer, on the backend) and turns
// gradients into one update per step: a single kernel call over all parameters.
import type { Backend } from '../../backend/backend.ts';
import { OPTIMIZER_OPTIONS, type OptimizerName } from '../../backend/optimizer-options.ts';

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

export type { OptimizerName } from '../../backend/optimizer-options.ts';
export { OPTIMIZER_NAMES } from '../../backend/optimizer-options.ts';

/** The options createOptimizer accepts; which ones each optimizer takes, their rules and defaults are in OPTIMIZER_OPTIONS. */
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

/** The spec's value of an option its optimizer takes, or the default OPTIMIZER_OPTIONS declares for that optimizer. */
export function specValue<K extends Exclude<keyof OptimizerSpec, 'type'>>(spec: OptimizerSpec, key: K): NonNullable<OptimizerSpec[K]> {
  return (spec[key] ?? OPTIMIZER_OPTIONS[spec.type][key]!.default) as NonNullable<OptimizerSpec[K]>;
}

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
    this.clipNorm = specValue(spec, 'clipNorm');
    this.clipValue = specValue(spec, 'clipValue');
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

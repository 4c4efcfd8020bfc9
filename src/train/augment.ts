// Data augmentation for tabular training batches, a remedy for overfitting: Gaussian input noise
// and mixup (Zhang et al., "mixup: Beyond Empirical Risk Minimization", ICLR 2018). Both act on
// the batch already gathered into the workspace, during training only (validation and inference
// see the data as it is), from a stream seeded by (fit seed, epoch), so a fit that resumes at
// initialEpoch draws what the uninterrupted fit drew. Buffers are sized once: no allocation per step.
import { rangeError, typeError } from '../errors.ts';
import type { TargetKind } from '../nn/network.ts';
import type { Workspace } from '../nn/workspace.ts';
import { SymmetricBetaSampler } from '../random/beta.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { epochAugmentSeed } from '../random/hash.ts';

export interface AugmentOptions {
  /** Standard deviation of Gaussian noise added to every input feature (default 0: off). */
  noise?: number;
  /**
   * α of mixup (default 0: off): each batch becomes λ·batch + (1 − λ)·(the batch shuffled), inputs
   * and targets alike, λ ~ Beta(α, α) once per batch. Class labels are mixed as one-hot vectors.
   * Zhang et al. use α in [0.1, 0.4].
   */
  mixup?: number;
}

function nonNegative(field: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number') throw typeError(field, 'a number >= 0', value);
  if (!(Number.isFinite(value) && value >= 0)) throw rangeError(field, 'a finite number >= 0', value);
  return value;
}

/** Checks `augment` options; returns the normalised ones (both 0 when absent). */
export function checkAugmentOptions(options: unknown): Required<AugmentOptions> {
  if (options === undefined) return { noise: 0, mixup: 0 };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw typeError('augment', 'an object { noise?, mixup? }', options);
  const known = new Set(['noise', 'mixup']);
  for (const key of Object.keys(options)) if (!known.has(key)) throw typeError(`augment.${key}`, 'one of noise, mixup', key);
  const o = options as AugmentOptions;
  return { noise: nonNegative('augment.noise', o.noise), mixup: nonNegative('augment.mixup', o.mixup) };
}

/** Rows of `values` (width each) become λ·row + (1 − λ)·(its partner's row), read from a copy made in `copy`. */
function mixRows(values: Float32Array, copy: Float32Array, rows: number, width: number, partner: Int32Array, lambda: number): void {
  const rest = 1 - lambda;
  const n = rows * width;
  // Stryker disable next-line EqualityOperator: a value copied past the batch is never read back
  for (let i = 0; i < n; i++) copy[i] = values[i]!;
  for (let i = 0; i < rows; i++) {
    const to = i * width;
    const from = partner[i]! * width;
    for (let j = 0; j < width; j++) values[to + j] = lambda * copy[to + j]! + rest * copy[from + j]!;
  }
}

export class BatchAugmenter {
  readonly noise: number;
  readonly mixup: number;
  private readonly rng: SeededRandom;
  private readonly beta: SymmetricBetaSampler | undefined;
  private readonly normals: Float64Array;
  private readonly partner: Int32Array;
  private readonly x: Float32Array;
  private readonly targets: Float32Array;

  constructor(options: Required<AugmentOptions>, capacity: number, private readonly inputs: number, private readonly outputs: number, private readonly seed: number) {
    this.noise = options.noise;
    this.mixup = options.mixup;
    this.rng = new SeededRandom(epochAugmentSeed(seed, 0));
    this.beta = this.mixup > 0 ? new SymmetricBetaSampler(this.rng, this.mixup) : undefined;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only sizes a buffer that is unused when off
    this.normals = new Float64Array(this.noise > 0 ? capacity * inputs : 0);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only sizes buffers that are unused when off
    const mixing = this.mixup > 0;
    this.partner = new Int32Array(mixing ? capacity : 0);
    this.x = new Float32Array(mixing ? capacity * inputs : 0);
    this.targets = new Float32Array(mixing ? capacity * outputs : 0);
  }

  /** Restarts the stream for `epoch`. */
  beginEpoch(epoch: number): void {
    this.rng.reseed(epochAugmentSeed(this.seed, epoch));
  }

  /**
   * Augments the first `rows` rows of ws.x and their targets in place; returns the kind of
   * targets the loss must read (mixed class labels become dense targets in ws.targets).
   */
  apply(ws: Workspace, rows: number, kind: TargetKind): TargetKind {
    let out = kind;
    if (this.mixup > 0 && rows > 1) out = this.mix(ws, rows, kind);
    if (this.noise > 0) {
      const x = ws.x;
      const n = rows * this.inputs;
      this.rng.fillNormal(this.normals, n);
      // Stryker disable next-line ArithmeticOperator: N(0, σ²) is symmetric, so x − σz draws from the same distribution
      for (let i = 0; i < n; i++) x[i] = x[i]! + this.noise * this.normals[i]!;
    }
    return out;
  }

  private mix(ws: Workspace, rows: number, kind: TargetKind): TargetKind {
    const { inputs, outputs, partner, rng } = this;
    this.beta!.draw();
    const lambda = this.beta!.value[0]!;
    const rest = 1 - lambda;
    // Stryker disable next-line EqualityOperator: an index set past the batch is neither shuffled nor read
    for (let i = 0; i < rows; i++) partner[i] = i;
    rng.shuffle(partner, rows);
    mixRows(ws.x, this.x, rows, inputs, partner, lambda);
    const t = ws.targets;
    if (kind === 'labels') {
      // One-hot rows, mixed: softmax cross-entropy reads dense (soft) targets as well.
      const labels = ws.labels;
      t.fill(0, 0, rows * outputs);
      for (let i = 0; i < rows; i++) {
        t[i * outputs + labels[i]!] = lambda;
        t[i * outputs + labels[partner[i]!]!] = t[i * outputs + labels[partner[i]!]!]! + rest;
      }
      return 'targets';
    }
    mixRows(t, this.targets, rows, outputs, partner, lambda);
    return kind;
  }
}

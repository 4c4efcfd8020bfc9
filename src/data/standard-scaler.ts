// StandardScaler (scikit-learn's): (x − mean) / std per column, with the population std
// (ddof = 0). A constant column has std 0 and keeps scale 1, so it maps to 0, not NaN.
import { rangeError, typeError } from '../errors.ts';
import { columnStats, numbersFromJSON, outputBuffer, readMatrix, wrapLike, type RowScaler, type ScalerInput } from './scaler-input.ts';

export interface StandardScalerOptions {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column std (default true). */
  withStd?: boolean;
}

export interface StandardScalerJSON {
  type: 'StandardScaler';
  withMean: boolean;
  withStd: boolean;
  mean: number[];
  scale: number[];
}

export class StandardScaler implements RowScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  #mean: Float64Array | undefined;
  #scale: Float64Array | undefined;

  constructor(options: StandardScalerOptions = {}) {
    const { withMean = true, withStd = true } = options;
    if (typeof withMean !== 'boolean') throw typeError('withMean', 'a boolean', withMean);
    if (typeof withStd !== 'boolean') throw typeError('withStd', 'a boolean', withStd);
    this.withMean = withMean;
    this.withStd = withStd;
  }

  /** Column means of the training data (0 when withMean is false); undefined before fit. */
  get mean(): Float64Array | undefined {
    return this.#mean?.slice();
  }

  /** Column std with zeros replaced by 1 (1 when withStd is false); undefined before fit. */
  get scale(): Float64Array | undefined {
    return this.#scale?.slice();
  }

  get features(): number | undefined {
    return this.#mean?.length;
  }

  /** Learns mean and std from training data only; `features` is needed for a flat array. */
  fit(data: ScalerInput, features?: number): this {
    const { x, features: f } = readMatrix('fit', data, features);
    const stats = columnStats(x, f);
    this.#mean = this.withMean ? stats.mean : new Float64Array(f);
    this.#scale = new Float64Array(f).fill(1);
    if (this.withStd) {
      for (let c = 0; c < f; c++) {
        if (stats.max[c]! > stats.min[c]!) this.#scale[c] = Math.sqrt(stats.variance[c]!);
      }
    }
    return this;
  }

  /** (x − mean) / scale, in the shape it came in (a Dataset keeps its targets, rows stay rows). */
  transform<T extends ScalerInput>(data: T): T {
    const [mean] = this.#fitted('transform');
    const { x } = readMatrix('transform', data, mean.length);
    const out = outputBuffer(data, x.length);
    this.transformInto(x, 0, x.length, out);
    return wrapLike(data, out, mean.length);
  }

  /** transform for whole rows source[offset, offset + count) into out[0, count); no allocation, no checks (the caller's). */
  transformInto(source: ArrayLike<number>, offset: number, count: number, out: Float32Array | Float64Array): void {
    // Not #fitted(): its pair would be an allocation on the model's per-call path.
    if (this.#mean === undefined || this.#scale === undefined) this.#fitted('transformInto');
    const mean = this.#mean!;
    const scale = this.#scale!;
    const f = mean.length;
    for (let r = 0; r < count; r += f) {
      for (let c = 0; c < f; c++) out[r + c] = (source[offset + r + c]! - mean[c]!) / scale[c]!;
    }
  }

  /** x · std + mean over source[offset … offset + count) into out (no allocation: a model's per-call path). */
  inverseTransformInto(source: ArrayLike<number>, offset: number, count: number, out: Float32Array | Float64Array): void {
    if (this.#mean === undefined || this.#scale === undefined) this.#fitted('inverseTransformInto');
    const mean = this.#mean!;
    const scale = this.#scale!;
    const f = mean.length;
    for (let r = 0; r < count; r += f) {
      for (let c = 0; c < f; c++) out[r + c] = source[offset + r + c]! * scale[c]! + mean[c]!;
    }
  }

  fitTransform<T extends ScalerInput>(data: T, features?: number): T {
    return this.fit(data, features).transform(data);
  }

  /** x · scale + mean: the inverse of transform. */
  inverseTransform<T extends ScalerInput>(data: T): T {
    const [mean, scale] = this.#fitted('inverseTransform');
    const { x } = readMatrix('inverseTransform', data, mean.length);
    const out = outputBuffer(data, x.length);
    const f = mean.length;
    for (let i = 0; i < x.length; i++) out[i] = x[i]! * scale[i % f]! + mean[i % f]!;
    return wrapLike(data, out, f);
  }

  toJSON(): StandardScalerJSON {
    const [mean, scale] = this.#fitted('toJSON');
    return { type: 'StandardScaler', withMean: this.withMean, withStd: this.withStd, mean: [...mean], scale: [...scale] };
  }

  static fromJSON(json: StandardScalerJSON): StandardScaler {
    if (json === null || typeof json !== 'object' || json.type !== 'StandardScaler') {
      throw typeError('json.type', '"StandardScaler"', (json as { type?: unknown } | null)?.type);
    }
    const scaler = new StandardScaler({ withMean: json.withMean, withStd: json.withStd });
    const mean = numbersFromJSON('json.mean', json.mean);
    const scale = numbersFromJSON('json.scale', json.scale, mean.length);
    const bad = scale.findIndex((s) => !(s > 0));
    if (bad >= 0) throw rangeError(`json.scale[${bad}]`, 'positive', scale[bad]);
    scaler.#mean = mean;
    scaler.#scale = scale;
    return scaler;
  }

  #fitted(method: string): [Float64Array, Float64Array] {
    if (this.#mean === undefined || this.#scale === undefined) {
      throw new Error(`StandardScaler.${method}: the scaler is not fitted; call fit(trainingData) first`);
    }
    return [this.#mean, this.#scale];
  }
}

// MinMaxScaler (scikit-learn's): maps each column's training range onto featureRange,
// x · scale + min with scale = (hi − lo) / (max − min) and min = lo − dataMin · scale.
// A constant column has range 0, handled as 1, so it maps to lo.
import { rangeError, typeError } from '../errors.ts';
import { columnStats, numbersFromJSON, outputBuffer, readMatrix, wrapLike, type RowScaler, type ScalerInput } from './scaler-input.ts';

export interface MinMaxScalerOptions {
  /** The target range [lo, hi], lo < hi; default [0, 1]. */
  featureRange?: readonly [number, number];
}

export interface MinMaxScalerJSON {
  type: 'MinMaxScaler';
  featureRange: [number, number];
  scale: number[];
  min: number[];
}

export class MinMaxScaler implements RowScaler {
  readonly featureRange: readonly [number, number];
  #scale: Float64Array | undefined;
  #min: Float64Array | undefined;

  constructor(options: MinMaxScalerOptions = {}) {
    const range = options.featureRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite)) {
      throw typeError('featureRange', 'a pair of finite numbers [lo, hi]', range);
    }
    if (!(range[0] < range[1])) throw rangeError('featureRange', 'lo < hi', `[${range.join(', ')}]`);
    this.featureRange = [range[0], range[1]];
  }

  /** Per-column multiplier; undefined before fit. */
  get scale(): Float64Array | undefined {
    return this.#scale?.slice();
  }

  /** Per-column offset added after scaling; undefined before fit. */
  get min(): Float64Array | undefined {
    return this.#min?.slice();
  }

  get features(): number | undefined {
    return this.#scale?.length;
  }

  /** Learns each column's range from training data only; `features` is needed for a flat array. */
  fit(data: ScalerInput, features?: number): this {
    const { x, features: f } = readMatrix('fit', data, features);
    const stats = columnStats(x, f);
    const [lo, hi] = this.featureRange;
    this.#scale = new Float64Array(f);
    this.#min = new Float64Array(f);
    for (let c = 0; c < f; c++) {
      const range = stats.max[c]! - stats.min[c]!;
      this.#scale[c] = (hi - lo) / (range === 0 ? 1 : range);
      this.#min[c] = lo - stats.min[c]! * this.#scale[c]!;
    }
    return this;
  }

  /** x · scale + min, in the shape it came in (a Dataset keeps its targets, rows stay rows). */
  transform<T extends ScalerInput>(data: T): T {
    const [scale] = this.#fitted('transform');
    const { x } = readMatrix('transform', data, scale.length);
    const out = outputBuffer(data, x.length);
    this.transformInto(x, 0, x.length, out);
    return wrapLike(data, out, scale.length);
  }

  /** transform for whole rows source[offset, offset + count) into out[0, count); no allocation, no checks (the caller's). */
  transformInto(source: ArrayLike<number>, offset: number, count: number, out: Float32Array | Float64Array): void {
    // Not #fitted(): its pair would be an allocation on the model's per-call path.
    if (this.#scale === undefined || this.#min === undefined) this.#fitted('transformInto');
    const scale = this.#scale!;
    const min = this.#min!;
    const f = scale.length;
    for (let r = 0; r < count; r += f) {
      for (let c = 0; c < f; c++) out[r + c] = source[offset + r + c]! * scale[c]! + min[c]!;
    }
  }

  fitTransform<T extends ScalerInput>(data: T, features?: number): T {
    return this.fit(data, features).transform(data);
  }

  /** (x − min) / scale: the inverse of transform. */
  inverseTransform<T extends ScalerInput>(data: T): T {
    const [scale, min] = this.#fitted('inverseTransform');
    const { x } = readMatrix('inverseTransform', data, scale.length);
    const out = outputBuffer(data, x.length);
    const f = scale.length;
    for (let i = 0; i < x.length; i++) out[i] = (x[i]! - min[i % f]!) / scale[i % f]!;
    return wrapLike(data, out, f);
  }

  toJSON(): MinMaxScalerJSON {
    const [scale, min] = this.#fitted('toJSON');
    return { type: 'MinMaxScaler', featureRange: [...this.featureRange], scale: [...scale], min: [...min] };
  }

  static fromJSON(json: MinMaxScalerJSON): MinMaxScaler {
    if (json === null || typeof json !== 'object' || json.type !== 'MinMaxScaler') {
      throw typeError('json.type', '"MinMaxScaler"', (json as { type?: unknown } | null)?.type);
    }
    const scaler = new MinMaxScaler({ featureRange: json.featureRange });
    const scale = numbersFromJSON('json.scale', json.scale);
    const min = numbersFromJSON('json.min', json.min, scale.length);
    const bad = scale.findIndex((s) => !(s > 0));
    if (bad >= 0) throw rangeError(`json.scale[${bad}]`, 'positive', scale[bad]);
    scaler.#scale = scale;
    scaler.#min = min;
    return scaler;
  }

  #fitted(method: string): [Float64Array, Float64Array] {
    if (this.#scale === undefined || this.#min === undefined) {
      throw new Error(`MinMaxScaler.${method}: the scaler is not fitted; call fit(trainingData) first`);
    }
    return [this.#scale, this.#min];
  }
}

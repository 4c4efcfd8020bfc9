// A dataset: features as one row-major Float32Array and targets, either class labels
// (Int32Array, one per row) or regression values (Float32Array, rows × outputs).
import { rangeError, typeError } from '../errors.ts';
import { checkIndices, checkLabels, flattenFeatures, flattenTargets } from './dataset-arrays.ts';

export type Task = 'classification' | 'regression';
export type Targets = Int32Array | Float32Array;

export interface DatasetParts {
  /** Row-major features, rows × features. */
  x: Float32Array;
  /** Class labels (Int32Array, classification) or values (Float32Array rows × outputs, regression). */
  y: Targets;
  features: number;
  featureNames?: readonly string[];
  /** Classification only: the name of each class index. Defaults to "0", "1", … up to the largest label. */
  classNames?: readonly string[];
  /** Regression only: values per row; defaults to y.length / rows (1 for an empty dataset). */
  outputs?: number;
}

export interface FromArraysOptions {
  /** Columns per row; needed when `x` is a flat Float32Array without `featureNames`. */
  features?: number;
  featureNames?: readonly string[];
  classNames?: readonly string[];
  /** How to read a plain `number[]` y: default classification when every value is a non-negative integer. */
  task?: Task;
}

export class Dataset {
  readonly x: Float32Array;
  readonly y: Targets;
  readonly rows: number;
  readonly features: number;
  readonly featureNames: readonly string[];
  /** Empty for regression. */
  readonly classNames: readonly string[];
  readonly task: Task;
  /** Target columns: 1 per class for classification (the one-hot width), the value count for regression. */
  readonly outputs: number;

  /** Checks shapes and labels but not the values of `x`; the arrays are used as given, not copied. */
  constructor(parts: DatasetParts) {
    const { x, y, features } = parts;
    if (!Number.isInteger(features) || features < 1) throw rangeError('features', 'a positive integer', features);
    if (!(x instanceof Float32Array)) throw typeError('x', 'a Float32Array', x);
    if (x.length % features !== 0) throw rangeError('x.length', `a multiple of features=${features}`, x.length);
    this.x = x;
    this.y = y;
    this.features = features;
    this.rows = x.length / features;
    this.featureNames = parts.featureNames ? [...parts.featureNames] : defaultNames('x', features);
    if (this.featureNames.length !== features) {
      throw rangeError('featureNames.length', `equal to features=${features}`, this.featureNames.length);
    }
    if (y instanceof Int32Array) {
      if (y.length !== this.rows) throw rangeError('y.length', `one label per row (${this.rows})`, y.length);
      const largest = checkLabels(y, parts.classNames?.length);
      this.classNames = parts.classNames ? [...parts.classNames] : defaultNames('', largest + 1);
      this.task = 'classification';
      this.outputs = this.classNames.length;
    } else if (y instanceof Float32Array) {
      if (parts.classNames !== undefined) throw typeError('classNames', 'absent for regression targets (Float32Array y)', parts.classNames);
      const outputs = parts.outputs ?? (this.rows === 0 ? 1 : y.length / this.rows);
      if (!Number.isInteger(outputs) || outputs < 1 || y.length !== this.rows * outputs) {
        throw rangeError('y.length', `rows × outputs (${this.rows} × a positive integer${parts.outputs === undefined ? '' : ` = ${parts.outputs}`})`, y.length);
      }
      this.classNames = [];
      this.task = 'regression';
      this.outputs = outputs;
    } else {
      throw typeError('y', 'an Int32Array of class labels or a Float32Array of regression targets', y);
    }
  }

  /**
   * Builds a dataset from nested arrays or a flat Float32Array, checking every value:
   * `x[3] has 5 values, expected 4`, `x[2][1] must be a finite number, got NaN`,
   * `y has 149 labels, expected 150 (one per row of x)`.
   */
  static fromArrays(
    x: readonly (readonly number[])[] | Float32Array,
    y: readonly number[] | readonly (readonly number[])[] | Targets,
    options: FromArraysOptions = {},
  ): Dataset {
    const { data, features } = flattenFeatures(x, options.features ?? options.featureNames?.length);
    const rows = data.length / features;
    const targets = flattenTargets(y, rows, options.task);
    return new Dataset({ x: data, y: targets, features, featureNames: options.featureNames, classNames: options.classNames });
  }

  /** Number of classes (classification only). */
  get classCount(): number {
    if (this.task !== 'classification') throw typeError('classCount', 'read from a classification dataset', this.task);
    return this.classNames.length;
  }

  /** Features of row `i` (a view, not a copy). */
  row(i: number): Float32Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) throw rangeError('row', `an integer in [0, ${this.rows})`, i);
    return this.x.subarray(i * this.features, (i + 1) * this.features);
  }

  /** The rows at `indices`, in that order (copies); names are kept. */
  subset(indices: Int32Array | readonly number[]): Dataset {
    checkIndices('indices', indices, this.rows);
    const n = indices.length;
    const f = this.features;
    const out = this.outputs;
    const x = new Float32Array(n * f);
    const y = this.y instanceof Int32Array ? new Int32Array(n) : new Float32Array(n * out);
    for (let k = 0; k < n; k++) {
      const i = indices[k]!;
      x.set(this.x.subarray(i * f, (i + 1) * f), k * f);
      if (this.y instanceof Int32Array) y[k] = this.y[i]!;
      else y.set(this.y.subarray(i * out, (i + 1) * out), k * out);
    }
    return new Dataset({ x, y, features: f, ...this.names() });
  }

  /** The same rows, names and task in arrays of its own (a caller may write into them). */
  copy(): Dataset {
    return new Dataset({ x: this.x.slice(), y: this.y.slice(), features: this.features, ...this.names() });
  }

  /** The same targets and names with other features of the same shape (used by the scalers). */
  withFeatures(x: Float32Array): Dataset {
    if (!(x instanceof Float32Array) || x.length !== this.x.length) {
      throw rangeError('x', `a Float32Array of ${this.rows}×${this.features} values`, x);
    }
    return new Dataset({ x, y: this.y, features: this.features, ...this.names() });
  }

  /** A regression set's same features and names with other targets of the same shape (target scaling). */
  withTargets(y: Float32Array): Dataset {
    if (this.task !== 'regression') throw typeError('withTargets', 'called on a regression dataset', this.task);
    if (!(y instanceof Float32Array) || y.length !== this.y.length) throw rangeError('y', `a Float32Array of ${this.rows}×${this.outputs} values`, y);
    return new Dataset({ x: this.x, y, features: this.features, ...this.names() });
  }

  private names(): Pick<DatasetParts, 'featureNames' | 'classNames' | 'outputs'> {
    return this.task === 'classification'
      ? { featureNames: this.featureNames, classNames: this.classNames }
      : { featureNames: this.featureNames, outputs: this.outputs };
  }
}

function defaultNames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

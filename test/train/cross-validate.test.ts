// k-fold cross-validation: folds that partition the rows (per class when stratified), a fresh
// model per fold trained on the other folds and scored on its own, and mean ± population std.
import { describe, expect, it } from 'vitest';
import { Dataset, loadIris, StandardScaler } from '../../src/data/index.ts';
import { MLP } from '../../src/nn/mlp.ts';
import { crossValidate, foldAssignments } from '../../src/train/cross-validate.ts';
import { JS } from '../backend/backends.ts';

const iris = new StandardScaler().fit(loadIris()).transform(loadIris());
const labels = iris.y as Int32Array;

/** counts[fold][class]: how many rows of each class a fold holds. */
function counts(fold: Int32Array, y: Int32Array, folds: number, classes: number): number[][] {
  const table = Array.from({ length: folds }, () => new Array<number>(classes).fill(0));
  fold.forEach((f, row) => table[f]![y[row]!]!++);
  return table;
}

const classifier = () => new MLP({ inputs: 4, layers: [{ units: 6, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 }, { backend: JS });

describe('foldAssignments', () => {
  it('stratified: every fold holds the same share of each class', () => {
    const fold = foldAssignments(iris, 5, true, 3);
    expect(counts(fold, labels, 5, 3)).toEqual(new Array(5).fill([10, 10, 10]));
  });

  it('deals each class on from where the last one stopped, so fold sizes differ by at most one', () => {
    // Three classes of 3 rows in 2 folds: dealt from fold 0 each time, fold 0 would get 6 rows.
    const data = new Dataset({ x: new Float32Array(9), y: Int32Array.of(0, 0, 0, 1, 1, 1, 2, 2, 2), features: 1 });
    const fold = foldAssignments(data, 2, true, 0);
    const sizes = [0, 0];
    fold.forEach((f) => sizes[f]!++);
    expect(sizes.sort()).toEqual([4, 5]);
    for (const perClass of counts(fold, data.y as Int32Array, 2, 3)[0]!) expect([1, 2]).toContain(perClass);
  });

  it('fold sizes differ by at most one whatever the seed', () => {
    const data = new Dataset({ x: new Float32Array(7), y: new Float32Array(7), features: 1 });
    for (let seed = 0; seed < 20; seed++) {
      const sizes = [0, 0, 0];
      foldAssignments(data, 3, false, seed).forEach((f) => sizes[f]!++);
      expect(sizes.sort(), `seed ${seed}`).toEqual([2, 2, 3]);
    }
  });

  it('deals the classes in ascending label order, each from where the last stopped', () => {
    // Class 0 (one row) is dealt first, into fold 0, though class 1's rows come first in the data.
    const data = new Dataset({ x: new Float32Array(4), y: Int32Array.of(1, 1, 1, 0), features: 1 });
    for (let seed = 0; seed < 10; seed++) {
      const fold = foldAssignments(data, 2, true, seed);
      expect(fold[3], `seed ${seed}`).toBe(0);
      expect([...fold.subarray(0, 3)].sort()).toEqual([0, 1, 1]);
    }
  });

  it('the same seed gives the same folds, another seed others, and the rows are shuffled', () => {
    const a = foldAssignments(iris, 5, false, 7);
    expect(foldAssignments(iris, 5, false, 7)).toEqual(a);
    expect(foldAssignments(iris, 5, false, 8)).not.toEqual(a);
    expect(a).not.toEqual(Int32Array.from({ length: 150 }, (_, i) => i % 5));
    const sizes = new Array(5).fill(0);
    a.forEach((f) => sizes[f]++);
    expect(sizes).toEqual([30, 30, 30, 30, 30]);
  });

  it('unstratified, a class is not spread evenly (iris, seed 7)', () => {
    const table = counts(foldAssignments(iris, 5, false, 7), labels, 5, 3);
    expect(table.flat().some((n) => n !== 10)).toBe(true);
    expect(table.map((row) => row.reduce((s, n) => s + n, 0))).toEqual([30, 30, 30, 30, 30]);
  });

  it('takes the classes in numeric order: renaming them in the same order keeps the folds', () => {
    const y = Int32Array.from({ length: 12 }, (_, i) => (i < 5 ? 0 : 1));
    const x = new Float32Array(12);
    const plain = foldAssignments(new Dataset({ x, y, features: 1 }), 3, true, 4);
    // 2 and 10 sort the other way as strings.
    const renamed = foldAssignments(new Dataset({ x, y: Int32Array.from(y, (v) => (v === 0 ? 2 : 10)), features: 1 }), 3, true, 4);
    expect(renamed).toEqual(plain);
  });
});

describe('crossValidate', () => {
  it('trains a fresh model per fold on the other folds and scores it on its own fold', () => {
    const built: MLP[] = [];
    const trainRows: number[] = [];
    let steps = 0;
    const fit = { epochs: 1, batchSize: 1, callbacks: [{ onTrainBegin: () => void (steps = 0), onBatchEnd: () => void steps++, onTrainEnd: () => void trainRows.push(steps) }] };
    const result = crossValidate(() => built[built.push(classifier()) - 1]!, iris, { folds: 3, seed: 5, fit });
    expect(built).toHaveLength(3);
    expect(new Set(built).size).toBe(3);
    expect(trainRows).toEqual([100, 100, 100]);
    const fold = foldAssignments(iris, 3, true, 5);
    for (let k = 0; k < 3; k++) {
      const held = iris.subset(Array.from({ length: 150 }, (_, i) => i).filter((i) => fold[i] === k));
      expect(result.folds[k]).toEqual(built[k]!.evaluate(held.x, held.y));
    }
  });

  it('mean and population standard deviation over the folds, per metric', () => {
    const result = crossValidate(classifier, iris, { folds: 4, seed: 1, fit: { epochs: 2, batchSize: 16 } });
    expect(Object.keys(result.mean).sort()).toEqual(Object.keys(result.folds[0]!).sort());
    for (const key of ['loss', 'accuracy'] as const) {
      const values = result.folds.map((f) => f[key]!);
      const mean = values.reduce((a, b) => a + b, 0) / 4;
      expect(result.mean[key]).toBeCloseTo(mean, 12);
      expect(result.std[key]).toBeCloseTo(Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / 4), 12);
    }
    expect(new Set(result.folds.map((f) => f.loss)).size).toBe(4);
    expect(result.std.loss).toBeGreaterThan(0);
  });

  it('defaults: 5 folds, stratified for classes, seed 0', () => {
    const options = { fit: { epochs: 1, batchSize: 32 } };
    const plain = crossValidate(classifier, iris, options);
    expect(plain.folds).toHaveLength(5);
    expect(crossValidate(classifier, iris, { ...options, folds: 5, stratify: true, seed: 0 })).toEqual(plain);
    expect(crossValidate(classifier, iris, { ...options, seed: 1 })).not.toEqual(plain);
  });

  it('regression: unstratified by default, scored by MSE, MAE and R²', () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => i / 40);
    const data = new Dataset({ x, y: Float32Array.from(x, (v) => 2 * v), features: 1 });
    const result = crossValidate(() => new MLP({ inputs: 1, layers: [{ units: 4, activation: 'tanh' }, { units: 1 }], seed: 2 }, { backend: JS }), data, { folds: 2, fit: { epochs: 1 } });
    expect(result.folds).toHaveLength(2);
    expect(Object.keys(result.mean).sort()).toEqual(['loss', 'mae', 'mse', 'r2']);
  });

  it('leave-one-out: as many folds as rows', () => {
    const x = Float32Array.of(0, 0.25, 0.5, 0.75);
    const data = new Dataset({ x, y: Float32Array.from(x, (v) => v + 1), features: 1 });
    const result = crossValidate(() => new MLP({ inputs: 1, layers: [{ units: 1 }], seed: 2 }, { backend: JS }), data, { folds: 4, fit: { epochs: 1 } });
    expect(result.folds).toHaveLength(4);
  });

  it('rejects a build that is not a function, bad fold counts and stratified regression', () => {
    expect(() => crossValidate(undefined as never, iris)).toThrow(new TypeError('build must be a function returning a fresh model, got undefined'));
    expect(() => crossValidate(classifier, iris, { folds: 1 })).toThrow(new RangeError('folds must be an integer in [2, 150], got 1'));
    expect(() => crossValidate(classifier, iris, { folds: 151 })).toThrow('folds must be an integer in [2, 150], got 151');
    expect(() => crossValidate(classifier, iris, { folds: 2.5 })).toThrow('folds must be an integer in [2, 150], got 2.5');
    const regression = new Dataset({ x: new Float32Array(4), y: new Float32Array(4), features: 1 });
    expect(() => crossValidate(classifier, regression, { folds: 2, stratify: true })).toThrow(new RangeError('stratify must be false for regression targets, got true'));
  });
});

// Datasets on SharedArrayBuffers for every trial and thread: shared once, wrapped without a copy.
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/data/dataset.ts';
import { datasetFromRef, isShared, shareDataset } from '../../../src/tune/objectives/shared-data.ts';

const classes = new Dataset({ x: new Float32Array([1, 2, 3, 4]), y: new Int32Array([0, 1]), features: 2, classNames: ['no', 'yes'] });
const targets = new Dataset({ x: new Float32Array([1, 2, 3]), y: new Float32Array([4, 5, 6]), features: 1 });

describe('shared data', () => {
  it('copies a dataset onto shared memory once, keeping its shape and class names', () => {
    const ref = shareDataset(classes);
    expect(ref.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(ref.y.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([Array.from(ref.x), Array.from(ref.y), ref.features, ref.outputs, ref.classNames]).toEqual([[1, 2, 3, 4], [0, 1], 2, 2, ['no', 'yes']]);
    // Already shared: the same arrays.
    const again = shareDataset(datasetFromRef(ref));
    expect(again.x).toBe(ref.x);
    expect(again.y).toBe(ref.y);
  });

  it('wraps a ref as a classification or regression Dataset over the same memory', () => {
    const c = datasetFromRef(shareDataset(classes));
    expect([c.task, c.classNames, c.rows]).toEqual(['classification', ['no', 'yes'], 2]);
    const ref = shareDataset(targets);
    const r = datasetFromRef(ref);
    expect([r.task, r.outputs, r.rows]).toEqual(['regression', 1, 3]);
    expect(r.x).toBe(ref.x);
  });

  it('isShared needs both arrays of both parts on shared memory', () => {
    const shared = shareDataset(targets);
    const plain = { x: targets.x, y: targets.y as Float32Array, features: 1, outputs: 1, classNames: [] };
    expect(isShared({ train: shared, validation: shared })).toBe(true);
    expect(isShared({ train: shared, validation: plain })).toBe(false);
    expect(isShared({ train: { ...shared, y: plain.y }, validation: shared })).toBe(false);
    expect(isShared({ train: { ...shared, x: plain.x }, validation: shared })).toBe(false);
  });
});

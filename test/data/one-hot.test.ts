import { describe, expect, it } from 'vitest';
import { oneHot } from '../../src/data/one-hot.ts';

describe('oneHot', () => {
  it('puts a 1 in the label column of each row', () => {
    expect([...oneHot(new Int32Array([2, 0, 1]), 3)]).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(oneHot(new Int32Array(0), 4).length).toBe(0);
    expect([...oneHot(new Int32Array([0, 0]), 1)]).toEqual([1, 1]);
  });

  it('names the label or count that is wrong', () => {
    expect(() => oneHot(new Int32Array([0, 3]), 3)).toThrow('labels[1] must be a class index in [0, 3), got 3');
    expect(() => oneHot(new Int32Array([-1]), 3)).toThrow('labels[0] must be a class index in [0, 3), got -1');
    expect(() => oneHot(new Int32Array([0]), 0)).toThrow('classes must be a positive integer, got 0');
    expect(() => oneHot([0, 1] as never, 2)).toThrow('labels must be an Int32Array of class indices, got Array(2)');
  });
});

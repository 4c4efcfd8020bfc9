import { describe, expect, it } from 'vitest';
import { allocate, classCounts } from '../../src/data/stratify.ts';

describe('allocate (largest remainder)', () => {
  it('shares rows in proportion and adds up to the total', () => {
    // wine: 36 of 178 → 11.93, 14.36, 9.71 → floors 11, 14, 9 and the two largest remainders.
    expect([...allocate(new Int32Array([59, 71, 48]), 36)]).toEqual([12, 14, 10]);
    expect([...allocate(new Int32Array([50, 50, 50]), 30)]).toEqual([10, 10, 10]);
    expect([...allocate(new Int32Array([1, 1, 1]), 2)]).toEqual([1, 1, 0]);
    expect([...allocate(new Int32Array([5, 0, 5]), 3)]).toEqual([2, 0, 1]);
    expect([...allocate(new Int32Array([3, 4]), 0)]).toEqual([0, 0]);
  });

  it('counts rows per class', () => {
    expect([...classCounts(new Int32Array([0, 2, 2, 0, 2]), 4)]).toEqual([2, 0, 3, 0]);
  });
});

// The verdict a sweep report puts in words: diverged, oscillating or smooth.
import { describe, expect, it } from 'vitest';
import { curveVerdict } from '../../src/report/sweep-record.ts';

describe('curveVerdict', () => {
  it('smooth: a falling loss, small bumps allowed', () => {
    expect(curveVerdict('completed', [2.3, 1.2, 0.8, 0.6, 0.5, 0.45, 0.46, 0.41, 0.4])).toBe('smooth');
  });
  it('diverged: training stopped on NaN/∞, a non-finite value, or a loss that ends above its start', () => {
    expect(curveVerdict('diverged', [2.3, 5])).toBe('diverged');
    expect(curveVerdict('completed', [2.3, Number.NaN])).toBe('diverged');
    expect(curveVerdict('completed', [2.3, 1.5, 4, 9])).toBe('diverged');
  });
  it('oscillating: the loss rises in a quarter of the epochs, or ends well above its lowest', () => {
    expect(curveVerdict('completed', [2.3, 1.0, 1.4, 0.9, 1.3, 0.8, 1.2, 0.9])).toBe('oscillating');
    expect(curveVerdict('completed', [2.3, 0.5, 0.4, 0.3, 0.9])).toBe('oscillating');
  });
});

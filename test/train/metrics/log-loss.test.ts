// Log-loss against hand-computed values, which scikit-learn 1.6.1's log_loss gives too for the same
// float32 probabilities (mean −ln p(true), clipped to [2^-23, 1 − 2^-23]).
import { describe, expect, it } from 'vitest';
import { LOG_LOSS_EPSILON, binaryLogLoss, logLoss } from '../../../src/train/metrics/log-loss.ts';

describe('logLoss', () => {
  it('is the mean of −ln p(true class)', () => {
    const proba = Float32Array.of(0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4);
    // (−ln 0.7 − ln 0.8 − ln 0.4) / 3 = (0.3566749 + 0.2231436 + 0.9162907) / 3
    expect(logLoss(proba, Int32Array.of(0, 1, 2), 3)).toBeCloseTo(0.4987030714515579, 9);
  });

  it('clips probabilities 0 and 1 to [ε, 1 − ε] with ε = 2^-23, so a sure mistake costs 23·ln 2', () => {
    expect(LOG_LOSS_EPSILON).toBe(2 ** -23);
    expect(logLoss([0, 1], [0], 2)).toBeCloseTo(15.942385152878742, 9);
    expect(logLoss([1, 0], [0], 2)).toBeCloseTo(1.1920929665620916e-7, 14);
  });

  it('names a label out of range and a probability array of the wrong length', () => {
    expect(() => logLoss([0.5, 0.5], [2], 2)).toThrow('labels[0] must be a class index in [0, 1], got 2');
    expect(() => logLoss([0.5, 0.5, 0.5], [0], 2)).toThrow(RangeError);
    expect(() => logLoss([], [], 2)).toThrow('labels.length must be at least 1, got 0');
  });
});

describe('binaryLogLoss', () => {
  it('is the mean of −ln p for label 1 and −ln(1 − p) for label 0', () => {
    // (−ln 0.9 − ln 0.8 − ln 0.4) / 3; scikit-learn forms 1 − p in float32, so it agrees to ~1e-8
    expect(binaryLogLoss(Float32Array.of(0.9, 0.2, 0.6), [1, 0, 0])).toBeCloseTo(0.4149316233468767, 7);
  });

  it('refuses labels other than 0 and 1', () => {
    expect(() => binaryLogLoss([0.5], [2])).toThrow('labels[0] must be 0 or 1, got 2');
  });
});

// Weight initialisers as Keras and PyTorch define them: uniform ones fill [−limit, limit],
// normal ones have the stated standard deviation, each from its fan-in (and fan-out for Glorot).
import { describe, expect, it } from 'vitest';
import { INITIALIZERS, initializeWeights, type Initializer } from '../../src/nn/init.ts';
import { SeededRandom } from '../../src/random/seeded-random.ts';

const FAN_IN = 50;
const FAN_OUT = 30;

function draw(kind: Initializer): Float32Array {
  const weights = new Float32Array(FAN_IN * FAN_OUT * 4);
  initializeWeights(kind, FAN_IN, FAN_OUT, weights, new SeededRandom(7));
  return weights;
}

function stats(w: Float32Array): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  for (const v of w) sum += v;
  const mean = sum / w.length;
  let squares = 0;
  for (const v of w) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / w.length), min: Math.min(...w), max: Math.max(...w) };
}

describe('initializeWeights', () => {
  it.each([
    ['glorotUniform', Math.sqrt(6 / (FAN_IN + FAN_OUT))],
    ['heUniform', Math.sqrt(6 / FAN_IN)],
    ['lecunUniform', Math.sqrt(3 / FAN_IN)],
  ] as const)('%s fills [−limit, limit] evenly, limit %f', (kind, limit) => {
    const s = stats(draw(kind));
    expect(s.max).toBeLessThanOrEqual(limit);
    expect(s.min).toBeGreaterThanOrEqual(-limit);
    expect(s.max).toBeGreaterThan(0.99 * limit);
    expect(s.min).toBeLessThan(-0.99 * limit);
    expect(Math.abs(s.mean)).toBeLessThan(0.03 * limit);
    expect(s.std / (limit / Math.sqrt(3))).toBeCloseTo(1, 1);
  });

  it.each([
    ['glorotNormal', Math.sqrt(2 / (FAN_IN + FAN_OUT))],
    ['heNormal', Math.sqrt(2 / FAN_IN)],
    ['lecunNormal', Math.sqrt(1 / FAN_IN)],
  ] as const)('%s draws N(0, σ²), σ %f', (kind, sigma) => {
    const s = stats(draw(kind));
    expect(Math.abs(s.mean)).toBeLessThan(0.05 * sigma);
    expect(Math.abs(s.std / sigma - 1)).toBeLessThan(0.03);
    // Unbounded, unlike the uniform ones: 6,000 draws reach past 3σ.
    expect(Math.max(s.max, -s.min)).toBeGreaterThan(3 * sigma);
  });

  it('draws one number per weight, so the next layer starts where this one ended', () => {
    for (const kind of INITIALIZERS) {
      const shared = new SeededRandom(3);
      const first = new Float32Array(6);
      const second = new Float32Array(4);
      initializeWeights(kind, 3, 2, first, shared);
      initializeWeights(kind, 3, 2, second, shared);
      const whole = new Float32Array(10);
      initializeWeights(kind, 3, 2, whole, new SeededRandom(3));
      expect([...first, ...second], kind).toEqual([...whole]);
    }
  });

  it('fills every weight, reproducibly for a seed', () => {
    for (const kind of INITIALIZERS) {
      const w = draw(kind);
      expect(w.indexOf(0), kind).toBe(-1);
      const again = draw(kind);
      expect(w.every((v, i) => v === again[i]), kind).toBe(true);
    }
  });
});

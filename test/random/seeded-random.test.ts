// The allocation-free bulk draws of SeededRandom agree with its one-at-a-time draws; reseed
// restarts a stream; the symmetric Beta sampler has the moments of Beta(α, α).
import { describe, expect, it } from 'vitest';
import { SymmetricBetaSampler } from '../../src/random/beta.ts';
import { SeededRandom } from '../../src/random/seeded-random.ts';

describe('SeededRandom bulk draws', () => {
  it('fillUniform gives the values uniform() gives, across the 256-draw refills, odd offsets included', () => {
    const one = new SeededRandom(11);
    const bulk = new SeededRandom(11);
    one.uint32(); // leave the stream at an odd offset, so a pair straddles a refill
    bulk.uint32();
    const expected = Array.from({ length: 1000 }, () => one.uniform());
    const got = new Float64Array(1000);
    for (let at = 0; at < 1000; at += 7) bulk.fillUniform(got.subarray(at, Math.min(at + 7, 1000)), Math.min(7, 1000 - at));
    expect(Array.from(got)).toEqual(expected);
  });

  it('fillNormal draws standard normals; reseed(seed) restarts the stream like new SeededRandom(seed)', () => {
    const rng = new SeededRandom(3);
    const values = new Float64Array(20001);
    rng.fillNormal(values, values.length);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.96);
    expect(variance).toBeLessThan(1.04);
    rng.reseed(9);
    const fresh = new SeededRandom(9);
    expect(Array.from({ length: 300 }, () => rng.uint32())).toEqual(Array.from({ length: 300 }, () => fresh.uint32()));
  });
});

describe('SymmetricBetaSampler', () => {
  it.each([0.2, 0.4, 1, 2.5])('Beta(%s, %s): values in [0, 1], mean 1/2, variance 1/(4(2α + 1))', (alpha) => {
    const sampler = new SymmetricBetaSampler(new SeededRandom(5), alpha);
    const n = 20000;
    let sum = 0;
    let squares = 0;
    // Counted, then asserted once: an expect per draw was most of the test's CPU (80,000 calls).
    const outside: number[] = [];
    for (let i = 0; i < n; i++) {
      sampler.draw();
      const v = sampler.value[0]!;
      if (!(v >= 0 && v <= 1)) outside.push(v);
      sum += v;
      squares += v * v;
    }
    expect(outside, 'draws outside [0, 1] (NaN included)').toEqual([]);
    const mean = sum / n;
    const variance = squares / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(variance / (1 / (4 * (2 * alpha + 1)))).toBeGreaterThan(0.95);
    expect(variance / (1 / (4 * (2 * alpha + 1)))).toBeLessThan(1.05);
  });

  it('rejects α ≤ 0', () => {
    expect(() => new SymmetricBetaSampler(new SeededRandom(1), 0)).toThrow('SymmetricBetaSampler: alpha must be a finite number > 0, got 0');
  });
});

// The scrambled Sobol design: inside the unit cube, stratified, deterministic per seed.
import { describe, expect, it } from 'vitest';
import { ScrambledSobol, SOBOL_MAX_DIMENSION, sobolDirections } from '../../../../src/tune/samplers/bayes/sobol.ts';

describe('ScrambledSobol', () => {
  it('gives points in [0, 1)^d, the same for a seed, different across seeds', () => {
    const a = new ScrambledSobol(8, 42);
    const b = new ScrambledSobol(8, 42);
    const c = new ScrambledSobol(8, 43);
    // All 300 points at once (a handful of expects, not 5,000): every coordinate in [0, 1).
    const points = Array.from({ length: 300 }, (_, i) => Array.from(a.point(i)));
    const values = points.flat();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.some(Number.isNaN)).toBe(false);
    expect(Array.from({ length: 300 }, (_, i) => Array.from(b.point(i)))).toEqual(points);
    expect(c.point(0)).not.toEqual(a.point(0));
  });

  it('fills each of the 2^m equal intervals once with its first 2^m points, in every tabulated dimension', () => {
    const d = SOBOL_MAX_DIMENSION;
    const sobol = new ScrambledSobol(d, 7);
    for (const m of [3, 6]) {
      const count = 2 ** m;
      for (let j = 0; j < d; j++) {
        const cells = new Set<number>();
        for (let i = 0; i < count; i++) cells.add(Math.floor(sobol.point(i)[j]! * count));
        expect(cells.size).toBe(count);
      }
    }
  });

  it('spreads the first 16 points over every 4 × 4 cell of the first two dimensions (a (0, 4, 2)-net)', () => {
    const sobol = new ScrambledSobol(2, 3);
    for (const [bx, by] of [[4, 4], [2, 8], [8, 2], [16, 1], [1, 16]] as const) {
      const cells = new Set<number>();
      for (let i = 0; i < 16; i++) {
        const [x, y] = sobol.point(i);
        cells.add(Math.floor(x! * bx) * by + Math.floor(y! * by));
      }
      expect(cells.size).toBe(16);
    }
  });

  it('spreads points better than the smallest distance expected of uniform draws', () => {
    const sobol = new ScrambledSobol(2, 11);
    const pts = Array.from({ length: 64 }, (_, i) => sobol.point(i));
    let closest = Infinity;
    for (let i = 0; i < pts.length; i++) for (let j = 0; j < i; j++) closest = Math.min(closest, Math.hypot(pts[i]![0]! - pts[j]![0]!, pts[i]![1]! - pts[j]![1]!));
    // 64 uniform points in the square have a closest pair near 0.02 on average.
    expect(closest).toBeGreaterThan(0.03);
  });

  it('is the Joe–Kuo sequence in Gray-code order under the shift: point i XOR point 0 is the plain point', () => {
    const sobol = new ScrambledSobol(3, 9);
    const bits = (v: number): number => v * 2 ** 32;
    const zero = sobol.point(0);
    const plain = (i: number) => Array.from(sobol.point(i), (v, j) => ((bits(v) ^ bits(zero[j]!)) >>> 0) / 2 ** 32);
    expect([1, 2, 3, 4].map(plain)).toEqual([
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
    ]);
    // Writes into a given buffer.
    const out = new Float64Array(3);
    expect(sobol.point(4, out)).toBe(out);
    expect(out).toEqual(sobol.point(4));
  });

  it('builds the direction table of the Joe–Kuo sequence: every dimension and bit matches the reference points', () => {
    // Built afresh here: ScrambledSobol reads a table cached at its first point.
    const table = sobolDirections();
    expect(table).toHaveLength(SOBOL_MAX_DIMENSION);
    // v_k is an odd multiple of 2^(31-k): its top k + 1 bits carry m_k, the rest are 0.
    for (const v of table) for (let k = 0; k < 32; k++) expect([(v[k]! >>> (31 - k)) & 1, v[k]! % 2 ** (31 - k)]).toEqual([1, 0]);
    // Unscrambled point i in 30-bit units (the XOR of v_k over the bits k of i's Gray code), summed
    // and XORed over all 46 dimensions; reference values from scipy.stats.qmc.Sobol(46,
    // scramble=False, bits=30), the same new-joe-kuo-6.21201 numbers, at indices reaching bit 29.
    const plain = (i: number): number[] => {
      const gray = (i ^ Math.floor(i / 2)) >>> 0;
      return table.map((v) => {
        let x = 0;
        for (let k = 0; k < 32; k++) if ((gray >>> k) & 1) x ^= v[k]!;
        return (x >>> 0) / 4;
      });
    };
    const summary = (i: number): [number, number] => {
      const p = plain(i);
      return [p.reduce((a, b) => a + b, 0), p.reduce((a, b) => a ^ b, 0)];
    };
    expect(plain(1023).slice(0, 6)).toEqual([1048576, 808452096, 657457152, 156237824, 200278016, 470810624]);
    expect([1, 2, 3, 5, 100, 1023, 2 ** 20 + 12345, 2 ** 29 + 777, 2 ** 30 - 1].map(summary)).toEqual([
      [24696061952, 0],
      [23085449216, 0],
      [26306674688, 0],
      [25232932864, 805306368],
      [25836912640, 117440512],
      [26415726592, 526385152],
      [25794983936, 83559424],
      [23715273970, 574682268],
      [27215272598, 832903652],
    ]);
  });

  it('has a one-dimensional design: van der Corput under the shift', () => {
    const sobol = new ScrambledSobol(1, 5);
    const zero = sobol.point(0)[0]! * 2 ** 32;
    expect([1, 2, 3].map((i) => ((sobol.point(i)[0]! * 2 ** 32) ^ zero) >>> 0)).toEqual([2 ** 31, 3 * 2 ** 30, 2 ** 30]);
  });

  it('refuses a dimension or an index outside its range, naming the value', () => {
    for (const dimension of [0, 1.5]) expect(() => new ScrambledSobol(dimension, 1)).toThrow(new RangeError(`sobol: dimension must be a positive integer, got ${dimension}`));
    const sobol = new ScrambledSobol(2, 1);
    for (const index of [-1, 0.5, 2 ** 32]) expect(() => sobol.point(index)).toThrow(new RangeError(`sobol: index must be an integer in [0, 2^32), got ${index}`));
    expect(sobol.point(2 ** 32 - 1).every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('fills dimensions past the table with seeded uniforms', () => {
    const sobol = new ScrambledSobol(SOBOL_MAX_DIMENSION + 3, 1);
    const p = sobol.point(5);
    expect(p.length).toBe(SOBOL_MAX_DIMENSION + 3);
    for (const v of p) expect(v >= 0 && v < 1).toBe(true);
    expect(new ScrambledSobol(SOBOL_MAX_DIMENSION + 3, 1).point(5)).toEqual(p);
    // Another point or another seed draws others.
    const past = (v: Float64Array) => Array.from(v.subarray(SOBOL_MAX_DIMENSION));
    expect(past(sobol.point(6))).not.toEqual(past(p));
    expect(past(new ScrambledSobol(SOBOL_MAX_DIMENSION + 3, 2).point(5))).not.toEqual(past(p));
  });
});

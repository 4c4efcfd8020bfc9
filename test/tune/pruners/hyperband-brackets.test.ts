// Hyperband's bracket schedule against Li et al. (JMLR 2018), Algorithm 1 and REFERENCE.md's table.
import { describe, expect, it } from 'vitest';
import { hyperbandBrackets, hyperbandTotalConfigurations, hyperbandTotalResource } from '../../../src/tune/pruners/hyperband-brackets.ts';

const table = (pairs: [number, number][]) => pairs.map(([n, r]) => ({ n, r }));

describe('hyperbandBrackets', () => {
  it('R = 81, η = 3 is the paper table exactly', () => {
    expect(hyperbandBrackets(81, 3)).toEqual([
      { s: 4, rounds: table([[81, 1], [27, 3], [9, 9], [3, 27], [1, 81]]) },
      { s: 3, rounds: table([[34, 3], [11, 9], [3, 27], [1, 81]]) },
      { s: 2, rounds: table([[15, 9], [5, 27], [1, 81]]) },
      { s: 1, rounds: table([[8, 27], [2, 81]]) },
      { s: 0, rounds: table([[5, 81]]) },
    ]);
  });

  it('R = 81, η = 3: 143 configurations, 1902 epochs, 1581 when promoted models continue', () => {
    const brackets = hyperbandBrackets(81, 3);
    expect(hyperbandTotalConfigurations(brackets)).toBe(143);
    expect(hyperbandTotalResource(brackets)).toBe(1902);
    expect(hyperbandTotalResource(brackets, { promotedContinue: false })).toBe(1902);
    expect(hyperbandTotalResource(brackets, { promotedContinue: true })).toBe(1581);
  });

  it('R = 27, η = 3', () => {
    const brackets = hyperbandBrackets(27, 3);
    expect(brackets).toEqual([
      { s: 3, rounds: table([[27, 1], [9, 3], [3, 9], [1, 27]]) },
      { s: 2, rounds: table([[12, 3], [4, 9], [1, 27]]) },
      { s: 1, rounds: table([[6, 9], [2, 27]]) },
      { s: 0, rounds: table([[4, 27]]) },
    ]);
    expect(hyperbandTotalConfigurations(brackets)).toBe(49);
    // from scratch: (27+27+27+27) + (36+36+27) + (54+54) + 108
    expect(hyperbandTotalResource(brackets)).toBe(108 + 99 + 108 + 108);
    // continuing: (27+18+18+18) + (36+24+18) + (54+36) + 108
    expect(hyperbandTotalResource(brackets, { promotedContinue: true })).toBe(81 + 78 + 90 + 108);
  });

  it('R = 16, η = 2', () => {
    expect(hyperbandBrackets(16, 2)).toEqual([
      { s: 4, rounds: table([[16, 1], [8, 2], [4, 4], [2, 8], [1, 16]]) },
      { s: 3, rounds: table([[10, 2], [5, 4], [2, 8], [1, 16]]) },
      { s: 2, rounds: table([[7, 4], [3, 8], [1, 16]]) },
      { s: 1, rounds: table([[5, 8], [2, 16]]) },
      { s: 0, rounds: table([[5, 16]]) },
    ]);
    expect(hyperbandTotalConfigurations(hyperbandBrackets(16, 2))).toBe(43);
  });

  it('R = 1 is a single bracket of one configuration', () => {
    const brackets = hyperbandBrackets(1, 3);
    expect(brackets).toEqual([{ s: 0, rounds: [{ n: 1, r: 1 }] }]);
    expect(hyperbandTotalConfigurations(brackets)).toBe(1);
    expect(hyperbandTotalResource(brackets, { promotedContinue: true })).toBe(1);
  });

  it('s_max is exact at powers of η and below them', () => {
    // Math.log(243) / Math.log(3) is 4.999…, the integer computation is not fooled.
    expect(hyperbandBrackets(243, 3)[0]!.s).toBe(5);
    expect(hyperbandBrackets(242, 3)[0]!.s).toBe(4);
    expect(hyperbandBrackets(1000, 10)[0]!.s).toBe(3);
    expect(hyperbandBrackets(2 ** 20, 2)[0]!.s).toBe(20);
  });

  it('R not a power of η: r_i = R·η^(i−s)', () => {
    const brackets = hyperbandBrackets(100, 3);
    expect(brackets[0]!.s).toBe(4);
    expect(brackets[0]!.rounds.map((round) => round.r)).toEqual([100 / 81, 100 / 27, 100 / 9, 100 / 3, 100]);
    expect(brackets.at(-1)!.rounds).toEqual([{ n: 5, r: 100 }]);
  });

  it('every bracket ends with at least one configuration at R', () => {
    for (const [R, eta] of [[81, 3], [27, 3], [16, 2], [100, 4], [7, 2]] as const) {
      for (const bracket of hyperbandBrackets(R, eta)) {
        expect(bracket.rounds).toHaveLength(bracket.s + 1);
        expect(bracket.rounds.at(-1)!.r).toBeCloseTo(R, 12);
        expect(bracket.rounds.at(-1)!.n).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('validates R and eta', () => {
    expect(() => hyperbandBrackets(0, 3)).toThrow('hyperbandBrackets: R must be an integer >= 1, got 0');
    expect(() => hyperbandBrackets(2.5, 3)).toThrow('hyperbandBrackets: R must be an integer >= 1, got 2.5');
    expect(() => hyperbandBrackets(Number.NaN, 3)).toThrow('hyperbandBrackets: R must be an integer >= 1, got NaN');
    expect(() => hyperbandBrackets(81, 1)).toThrow('hyperbandBrackets: eta must be an integer >= 2, got 1');
    expect(() => hyperbandBrackets(81, 2.5)).toThrow('hyperbandBrackets: eta must be an integer >= 2, got 2.5');
    expect(() => hyperbandBrackets(81, '3' as unknown as number)).toThrow(RangeError);
  });
});

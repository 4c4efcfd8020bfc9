// The measured FP32 peak that benchmarks divide by: a positive figure wherever the addon loads,
// arguments checked before the addon sees them, and the addon itself safe on hostile ones.
import { describe, expect, it } from 'vitest';
import { measureFmaPeak, percentOfPeak } from '../../../src/backend/native/fma-peak.ts';
import { loadNativeAddon } from '../../../src/backend/native/native-backend.ts';
import { BACKENDS, REQUIRE_ALL } from '../backends.ts';

const nativeLoads = BACKENDS.some((b) => b.name === 'native' && b.backend !== undefined);

describe.runIf(nativeLoads || REQUIRE_ALL)('measureFmaPeak with the native addon', () => {
  it('measures a finite positive GFLOP/s for about the time asked', () => {
    const start = performance.now();
    const peak = measureFmaPeak(5);
    const elapsed = performance.now() - start;
    expect(peak?.milliseconds).toBe(5);
    expect(peak!.gflops).toBeGreaterThan(0);
    expect(Number.isFinite(peak!.gflops)).toBe(true);
    // Not compared with the FMA loop: two 5 ms measurements taken one after the other on a busy
    // machine can land in different clock states (CI saw 31 against 94 GFLOP/s).
    expect(peak!.microKernelGflops).toBeGreaterThan(0);
    expect(Number.isFinite(peak!.microKernelGflops)).toBe(true);
    // It stops once the budget is spent (plus one ~1 ms repeat and the calibration), not later.
    expect(elapsed).toBeLessThan(1_000);
  });

  it('the addon clamps what it is given and throws on what is not a number, without crashing', () => {
    const addon = loadNativeAddon();
    for (const milliseconds of [-5, 0, Number.NaN, 0.5]) expect(addon.fmaPeakGflops(milliseconds)).toBeGreaterThan(0);
    for (const hostile of ['5', undefined, null, {}, 5n]) expect(() => addon.fmaPeakGflops(hostile as unknown as number)).toThrow(/fmaPeakGflops: argument 0 must be a number/);
    for (const milliseconds of [-5, 0, Number.NaN]) expect(addon.microKernelGflops(milliseconds)).toBeGreaterThan(0);
    for (const hostile of ['5', undefined, {}]) expect(() => addon.microKernelGflops(hostile as unknown as number)).toThrow(/microKernelGflops: argument 0 must be a number/);
  });
});

describe('measureFmaPeak arguments', () => {
  it.each([0, -1, 1.5, 10_001, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s ms with a RangeError naming the rule', (milliseconds) => {
    expect(() => measureFmaPeak(milliseconds)).toThrow(RangeError);
    expect(() => measureFmaPeak(milliseconds)).toThrow(/^measureFmaPeak: milliseconds must be an integer from 1 to 10000, got /);
  });

  it('refuses a string with a TypeError', () => {
    expect(() => measureFmaPeak('50' as unknown as number)).toThrow(new TypeError('measureFmaPeak: milliseconds must be a number, got "50"'));
  });
});

describe('percentOfPeak', () => {
  const peak = { gflops: 240, microKernelGflops: 200, milliseconds: 200 };
  it('rounds to a whole percent', () => {
    expect(percentOfPeak(210, peak)).toBe('88%');
    expect(percentOfPeak(1.2, peak)).toBe('1%');
    expect(percentOfPeak(240, peak)).toBe('100%');
  });
  it('is empty without a peak or a figure', () => {
    expect(percentOfPeak(210, undefined)).toBe('');
    expect(percentOfPeak(null, peak)).toBe('');
    expect(percentOfPeak(undefined, peak)).toBe('');
    expect(percentOfPeak(Number.NaN, peak)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { BACKENDS, REQUIRE_ALL } from './backends.ts';

describe('backend availability', () => {
  it('js always loads, and wasm loads wherever npm install ran (it needs no compiler)', () => {
    expect(BACKENDS.find((b) => b.name === 'js')?.backend?.name).toBe('js');
    expect(BACKENDS.find((b) => b.name === 'wasm')?.reason).toBeUndefined();
  });

  it('native loads where it is required (HYPERPROP_REQUIRE_NATIVE=1 in CI), or says why not', () => {
    const native = BACKENDS.find((b) => b.name === 'native')!;
    if (REQUIRE_ALL) expect(native.reason).toBeUndefined();
    else if (!native.backend) expect(native.reason).toMatch(/native backend is unavailable: .+/);
    else expect(native.backend.simdLevel()).toMatch(/^(avx512|avx2|generic)$/);
  });
});

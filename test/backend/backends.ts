// The backends under test. js always runs; wasm and native run when they load. With
// HYPERPROP_REQUIRE_NATIVE=1 (CI) a backend that does not load is a test failure, not a skip.
import type { Backend, BackendName } from '../../src/backend/backend.ts';
import { createBackend } from '../../src/backend/registry.ts';

export interface BackendUnderTest {
  name: BackendName;
  backend?: Backend;
  reason?: string;
}

function tryCreate(name: BackendName): BackendUnderTest {
  try {
    return { name, backend: createBackend(name) };
  } catch (error) {
    return { name, reason: (error as Error).message };
  }
}

export const BACKENDS: BackendUnderTest[] = (['js', 'wasm', 'native'] as const).map(tryCreate);
export const REQUIRE_ALL = process.env.HYPERPROP_REQUIRE_NATIVE === '1';

/** Backends that loaded, as [name, backend] rows for describe.each. */
export const LOADED: [BackendName, Backend][] = BACKENDS.filter((b) => b.backend).map((b) => [b.name, b.backend!]);
/** The compiled backends that loaded, compared against the js reference. */
export const COMPILED: [BackendName, Backend][] = LOADED.filter(([name]) => name !== 'js');
export const JS: Backend = BACKENDS[0]!.backend!;

/** An array in `backend`'s memory holding `values`. */
export function f32(backend: Backend, values: ArrayLike<number>): Float32Array {
  const array = backend.allocate(values.length);
  array.set(values);
  return array;
}

export function i32(backend: Backend, values: ArrayLike<number>): Int32Array {
  const array = backend.allocateInt32(values.length);
  array.set(values);
  return array;
}

export function u32(backend: Backend, values: ArrayLike<number>): Uint32Array {
  const array = backend.allocateUint32(values.length);
  array.set(values);
  return array;
}

/** Deterministic values in [-scale, scale) from a small LCG, so failures reproduce. */
export function randomValues(length: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = ((x / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Largest |a − b| / (atol + rtol·|b|); ≤ 1 means every element is within tolerance. */
export function worstRatio(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): { ratio: number; index: number } {
  let ratio = 0;
  let index = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const r = Number.isNaN(a) !== Number.isNaN(e) ? Infinity : Number.isNaN(e) ? 0 : Math.abs(a - e) / (atol + rtol * Math.abs(e));
    if (r > ratio) {
      ratio = r;
      index = i;
    }
  }
  return { ratio, index };
}

// xoshiro128** (Blackman & Vigna), the one PRNG of every backend: same seed, same stream.
import { DROPOUT_MASK_SCALE, DROPOUT_MASK_THRESHOLD } from '../kernel-abi.ts';

function next(state: Uint32Array): number {
  const s0 = state[0]!, s1 = state[1]!;
  let s2 = state[2]!, s3 = state[3]!;
  const x = Math.imul(s1, 5);
  const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  state[1] = s1 ^ s2;
  state[0] = s0 ^ s3;
  state[2] = s2 ^ t;
  state[3] = (s3 << 11) | (s3 >>> 21);
  return result;
}

export function randomUint32(state: Uint32Array, n: number, out: Uint32Array): void {
  for (let i = 0; i < n; i++) out[i] = next(state);
}

export function dropoutMask(state: Uint32Array, n: number, mask: Float32Array, s: Float64Array): void {
  const threshold = s[DROPOUT_MASK_THRESHOLD]!;
  const scale = s[DROPOUT_MASK_SCALE]!;
  for (let i = 0; i < n; i++) mask[i] = next(state) >>> 8 >= threshold ? scale : 0;
}

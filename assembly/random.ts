// xoshiro128** (Blackman & Vigna). The state is 4 u32 words [s0, s1, s2, s3] in memory,
// advanced in place; the stream is bit-identical to the C++ and TypeScript backends.
//   result = rotl(s1·5, 7)·9; t = s1 << 9;
//   s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
import { DROPOUT_MASK_SCALE, DROPOUT_MASK_THRESHOLD } from './kernel-slots';

/** mask[i] = (next() >>> 8) ≥ threshold ? scale : 0 (inverted dropout). Scalar block s = [threshold, scale]. */
export function dropoutMask(state: usize, n: i32, mask: usize, s: usize): void {
  const threshold = load<f64>(s, DROPOUT_MASK_THRESHOLD);
  const keep = <f32>load<f64>(s, DROPOUT_MASK_SCALE);
  let s0 = load<u32>(state), s1 = load<u32>(state, 4), s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  for (let i = 0; i < n; i++) {
    const r = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl<u32>(s3, 11);
    store<f32>(mask + (<usize>i << 2), <f64>(r >>> 8) >= threshold ? keep : 0);
  }
  store<u32>(state, s0); store<u32>(state, s1, 4); store<u32>(state, s2, 8); store<u32>(state, s3, 12);
}

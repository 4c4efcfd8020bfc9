// The one 32-bit integer mixer every seed derivation uses (model seeding, trial seeds, the GP
// sampler's streams, Hyperband's brackets), so a change to it is a change in one place.

/** murmur3's 32-bit finaliser: every input bit reaches every output bit (input reduced mod 2^32). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

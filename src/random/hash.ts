// Every 32-bit bit mixing hyperprop does: murmur3's finaliser, which every seed derivation uses
// (model seeding, trial seeds, the GP sampler's streams, Hyperband's brackets), FNV-1a for names,
// and fit's two per-epoch stream seeds. One place, so a change to one is a change in one place;
// each keeps the values it always gave, since they fix what every seeded run draws.

/** murmur3's 32-bit finaliser: every input bit reaches every output bit (input reduced mod 2^32). */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a's 32-bit offset basis and prime. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** One FNV-1a round: the running hash `h` takes in a 32-bit unit. */
export function fnv1aStep(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

/** FNV-1a over UTF-16 code units, unsigned: a stable 32-bit hash of a name. */
export function fnv1a32(text: string): number {
  let h = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) h = fnv1aStep(h, text.charCodeAt(i));
  return h >>> 0;
}

/** The seed of fit's shuffling in one epoch: a 32-bit mix of the fit seed and the epoch number. */
export function epochShuffleSeed(seed: number, epoch: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return (h ^ (h >>> 12)) >>> 0;
}

/** The seed of augmentation's draws in one epoch: another mix of the fit seed and the epoch, apart from the shuffling's. */
export function epochAugmentSeed(seed: number, epoch: number): number {
  let h = (Math.imul(seed ^ 0x61c88647, 0x85ebca6b) ^ Math.imul(epoch + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

// Seeds derived by hashing, so a trial's randomness depends on (study seed, trial number) and
// never on the order in which parallel workers asked for trials.

import { fmix32, fnv1a32 } from '../random/hash.ts';

/** Combines integers (each reduced mod 2^32) into one 32-bit seed. */
export function mixSeeds(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    if (!Number.isInteger(part)) throw new TypeError(`mixSeeds: every part must be an integer, got ${part}`);
    h = fmix32((h ^ fmix32(part >>> 0)) + 0x7f4a7c15);
  }
  return h;
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a parameter name. */
export function hashString(text: string): number {
  return fnv1a32(text);
}

/** The seed stored with trial `number` of a study seeded with `studySeed`. */
export function trialSeed(studySeed: number, number: number): number {
  return mixSeeds(studySeed, number);
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { epochAugmentSeed, epochShuffleSeed, fmix32, fnv1a32 } from '../../src/random/hash.ts';
import { lockKey } from '../../src/tune/storage/postgres/lock-key.ts';
import { hashString } from '../../src/tune/seeds.ts';
import { seedRandomState } from '../../src/random/seed.ts';
import { mixSeeds, trialSeed } from '../../src/tune/seeds.ts';
import { sourceFiles } from '../fixtures/source-files.ts';

/** murmur3's fmix32 written over BigInt, independent of Math.imul's wrapping. */
function reference(x: number): number {
  const M = 0xffffffffn;
  let h = BigInt(x) & M;
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) & M;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) & M;
  h ^= h >> 16n;
  return Number(h);
}

describe('fmix32', () => {
  it('matches murmur3 finaliser over the whole 32-bit range, negatives taken mod 2^32', () => {
    for (const x of [0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 123456789, 2 ** 31 + 17]) expect(fmix32(x)).toBe(reference(x));
    expect(fmix32(-1)).toBe(reference(0xffffffff));
    expect(fmix32(0)).toBe(0);
  });
});

describe('seeds derived through the shared mixer', () => {
  // Values recorded before the four copies of the mixer became one: the same seed still gives
  // the same model streams and trial seeds.
  it('keeps trial seeds, mixed seeds and random states as they were', () => {
    expect([0, 1, 2, 1000, 2 ** 40].map((n) => trialSeed(42, n))).toEqual([1849948744, 2883342559, 4184760420, 2759861290, 1849948744]);
    expect(mixSeeds(-1, 7, 2 ** 33)).toBe(19123504);
    expect(Array.from(seedRandomState(7, new Uint32Array(4)))).toEqual([588686121, 1937383562, 4286812467, 2372217166]);
    expect(Array.from(seedRandomState(-5, new Uint32Array(4)))).toEqual([1959625965, 3985765495, 1553781357, 1563421749]);
  });
});

/** FNV-1a over UTF-16 code units written over BigInt, independent of Math.imul's wrapping. */
function fnvReference(text: string): number {
  let h = 0x811c9dc5n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x01000193n) & 0xffffffffn;
  return Number(h);
}

const NAMES = ['', 'lr', 'layers[0].units', 'hyperprop migrations', 'é😀'];
// (seed, epoch) pairs, with a negative seed and one past 2^32 (both taken mod 2^32).
const EPOCHS = [[0, 0], [42, 0], [42, 9], [-1, 3], [2 ** 31 - 1, 100], [2 ** 32 + 5, 1]] as const;

describe('fnv1a32', () => {
  it('is FNV-1a over UTF-16 code units, unsigned, as parameter names and lock keys were hashed', () => {
    expect(NAMES.map(fnv1a32)).toEqual(NAMES.map(fnvReference));
    // Recorded before the three copies became one: hashString and the GP sampler's name hash
    // (unsigned and signed) and PostgreSQL's advisory-lock key.
    expect(NAMES.map(fnv1a32)).toEqual([2166136261, 1462886779, 1587472394, 3433486841, 1154239905]);
    expect(NAMES.map(hashString)).toEqual(NAMES.map(fnv1a32));
    expect(NAMES.map(lockKey)).toEqual([-2128831035, 1462886779, 1587472394, -861480455, 1154239905]);
  });
});

describe('the per-epoch stream seeds of fit', () => {
  // Recorded from fit's shuffling seed and augmentation's seed before they moved here: every
  // seeded fit shuffles and augments as it did.
  it('keeps the shuffling and augmentation seeds as they were', () => {
    expect(EPOCHS.map(([seed, epoch]) => epochShuffleSeed(seed, epoch))).toEqual([3376160260, 555483456, 2722901932, 1130224674, 4134864306, 302604714]);
    expect(EPOCHS.map(([seed, epoch]) => epochAugmentSeed(seed, epoch))).toEqual([4206140693, 3544380483, 3038179441, 2407322250, 285017046, 1833963202]);
  });
});

describe('one place mixes bits', () => {
  // murmur3's and FNV's constants, and the per-epoch mixers' multipliers: a copy of a mixer
  // written out elsewhere drifts from this one, as four once did.
  const MIXER_CONSTANT = /\b(?:0x85ebca6b|0xc2b2ae35|0xcc9e2d51|0x1b873593|0x811c9dc5|0x01000193|16777619|2166136261|0x7feb352d|0x2c1b3c6d)\b/i;
  // PostgreSQL's advisory-lock key keeps its own signed FNV-1a (pinned equal to fnv1a32 above).
  const ALLOWED = new Set([join('src', 'random', 'hash.ts'), join('src', 'tune', 'storage', 'postgres', 'lock-key.ts')]);

  it('no file under src but src/random/hash.ts writes a mixer constant', () => {
    const offenders = sourceFiles('src')
      .filter((file) => !ALLOWED.has(file))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (MIXER_CONSTANT.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
    expect(offenders).toEqual([]);
  });
});

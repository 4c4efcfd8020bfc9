// Seeds the xoshiro128** state that every backend advances. Seeding runs once, in TS, so a
// seed means the same stream on every backend; splitmix32 spreads nearby seeds apart
// (xoshiro must never start from the all-zero state).
import { fmix32 } from './hash.ts';

export const RANDOM_STATE_WORDS = 4;

function splitmix32(x: number): [number, number] {
  const next = (x + 0x9e3779b9) >>> 0;
  return [next, fmix32(next)];
}

/** Writes the state for `seed` (any integer; reduced mod 2^32) into a 4-word array. */
export function seedRandomState(seed: number, state: Uint32Array): Uint32Array {
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
  if (!(state instanceof Uint32Array) || state.length < RANDOM_STATE_WORDS) {
    throw new TypeError(`state must be a Uint32Array of at least 4 words, got ${state?.constructor?.name}`);
  }
  let x = Number(BigInt.asUintN(32, BigInt(seed)));
  let any = 0;
  for (let i = 0; i < RANDOM_STATE_WORDS; i++) {
    const [next, word] = splitmix32(x);
    x = next;
    state[i] = word;
    any |= word;
  }
  if (any === 0) state[0] = 1;
  return state;
}

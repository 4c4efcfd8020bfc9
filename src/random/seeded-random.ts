// A seeded stream for the TypeScript side (initialisation, shuffling, splits): the same
// xoshiro128** the backends run, so one seed gives the same numbers everywhere.
import { randomUint32 } from '../backend/js/random.ts';
import { seedRandomState } from './seed.ts';

const BUFFER = 256;

export class SeededRandom {
  private readonly state = new Uint32Array(4);
  private readonly buffer = new Uint32Array(BUFFER);
  private next = BUFFER;
  private readonly pair = new Float64Array(2);

  constructor(seed: number) {
    seedRandomState(seed, this.state);
  }

  /** Restarts the stream as `new SeededRandom(seed)` would, without allocating. */
  reseed(seed: number): void {
    seedRandomState(seed, this.state);
    this.next = BUFFER;
  }

  /** The next 32-bit draw. Draws are generated in blocks, so this allocates nothing. */
  uint32(): number {
    if (this.next === BUFFER) {
      randomUint32(this.state, BUFFER, this.buffer);
      this.next = 0;
    }
    return this.buffer[this.next++]!;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.uint32() >>> 5;
    const low = this.uint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Standard normal (Box–Muller; the second value of each pair is discarded for simplicity). */
  normal(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }

  /**
   * Uniform integer in [0, bound) without modulo bias: Lemire's multiply-shift with rejection
   * while the product stays exact in a double (bound ≤ 2^21), 53-bit uniforms beyond.
   */
  below(bound: number): number {
    if (!(Number.isSafeInteger(bound) && bound >= 1)) throw new RangeError(`bound must be a positive integer, got ${bound}`);
    if (bound > 0x200000) return Math.floor(this.uniform() * bound);
    const threshold = (0x100000000 - bound) % bound;
    for (;;) {
      const x = this.uint32();
      const product = x * bound;
      const low = product % 0x100000000;
      if (low >= threshold) return Math.floor(product / 0x100000000);
    }
  }

  /** In-place Fisher–Yates shuffle of the first `length` entries. */
  shuffle(values: Int32Array | number[], length = values.length): void {
    for (let i = length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = values[i]!;
      values[i] = values[j]!;
      values[j] = t;
    }
  }

  /**
   * Writes `count` uniforms in [0, 1) into `out`, the values uniform() would give. Returns
   * nothing: deep in a training step V8 stops inlining, and a double returned from a call that
   * is not inlined is a heap allocation.
   */
  fillUniform(out: Float64Array, count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.next > BUFFER - 2) {
        // uniform() takes two draws across a refill as well; keep the same stream.
        if (this.next === BUFFER - 1) {
          const high = this.buffer[this.next]! >>> 5;
          randomUint32(this.state, BUFFER, this.buffer);
          const low = this.buffer[0]! >>> 6;
          this.next = 1;
          out[i] = (high * 67108864 + low) / 9007199254740992;
          continue;
        }
        randomUint32(this.state, BUFFER, this.buffer);
        this.next = 0;
      }
      const high = this.buffer[this.next]! >>> 5;
      const low = this.buffer[this.next + 1]! >>> 6;
      this.next += 2;
      out[i] = (high * 67108864 + low) / 9007199254740992;
    }
  }

  /** Writes `count` standard normals into `out` (Box–Muller, both values of each pair used; see fillUniform). */
  fillNormal(out: Float64Array, count: number): void {
    const pair = this.pair;
    for (let i = 0; i < count; i += 2) {
      do this.fillUniform(pair, 2);
      while (pair[0] === 0);
      const radius = Math.sqrt(-2 * Math.log(pair[0]!));
      const angle = 2 * Math.PI * pair[1]!;
      out[i] = radius * Math.cos(angle);
      if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
    }
  }
}

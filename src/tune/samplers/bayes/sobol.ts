// A Sobol sequence with a random digital shift (XOR of one seeded 32-bit word per dimension):
// the quasi-random initial design. Point i is computed directly from i's Gray code, so the
// design can be indexed by trial number without state. The shift keeps every property the
// nets rely on (each dimension's first 2^m points fill the 2^m equal intervals once) while
// making point 0 a random point instead of the corner.
//
// Direction numbers: Joe & Kuo (2008), new-joe-kuo-6.21201, dimensions 2 … 46, as
// `s a m_1 … m_s` (degree, polynomial coefficients, initial numbers); dimension 1 is van der
// Corput. Dimensions beyond the table are filled with seeded uniform draws instead.
import { SeededRandom } from '../../../random/seeded-random.ts';

const JOE_KUO =
  '1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|' +
  '5 7 1 1 7 11 19|5 11 1 1 5 1 1|5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|' +
  '6 13 1 1 1 15 21 21|6 16 1 3 1 13 27 49|6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|' +
  '6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|7 4 1 3 7 13 13 15 69|7 7 1 1 3 13 7 35 63|' +
  '7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|7 19 1 3 1 5 27 61 31|7 21 1 1 5 11 19 41 61|' +
  '7 28 1 3 5 3 3 13 69|7 31 1 1 7 13 1 19 1|7 32 1 3 7 5 13 19 59|7 37 1 1 3 9 25 29 41|' +
  '7 41 1 3 5 13 23 1 55|7 42 1 3 7 3 13 59 17|7 50 1 3 1 3 5 53 69|7 55 1 1 5 5 23 33 13|' +
  '7 56 1 1 7 7 1 61 123|7 59 1 1 7 9 13 61 49|7 62 1 3 3 5 3 55 33|8 14 1 3 1 15 31 13 49 245|' +
  '8 21 1 3 5 15 31 59 63 97|8 22 1 3 1 11 11 11 77 249|8 38 1 3 1 11 27 43 71 9|' +
  '8 47 1 1 7 15 21 11 81 45|8 49 1 3 7 3 25 31 65 79|8 50 1 3 1 1 19 11 3 205|' +
  '8 52 1 1 5 9 19 21 29 157|8 56 1 3 7 11 1 33 89 185';

const BITS = 32;
const TWO_32 = 4294967296;

/** The number of dimensions with Sobol direction numbers. */
export const SOBOL_MAX_DIMENSION = JOE_KUO.split('|').length + 1;

let directionTable: Uint32Array[] | undefined;

function directions(): Uint32Array[] {
  directionTable ??= sobolDirections();
  return directionTable;
}

/**
 * Direction numbers v_1 … v_32 (as 32-bit fractions) for every tabulated dimension, built afresh
 * (points read a per-process copy; exported so the table itself can be checked).
 */
export function sobolDirections(): Uint32Array[] {
  const table: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) first[k] = (1 << (BITS - 1 - k)) >>> 0;
  table.push(first);
  for (const row of JOE_KUO.split('|')) {
    const [s, a, ...m] = row.split(' ').map(Number) as [number, number, ...number[]];
    const v = new Uint32Array(BITS);
    for (let k = 0; k < s; k++) v[k] = (m[k]! << (BITS - 1 - k)) >>> 0;
    for (let k = s; k < BITS; k++) {
      let value = v[k - s]! ^ (v[k - s]! >>> s);
      for (let i = 1; i < s; i++) if (((a >>> (s - 1 - i)) & 1) === 1) value ^= v[k - i]!;
      v[k] = value >>> 0;
    }
    table.push(v);
  }
  return table;
}

/** Sobol points with one random digital shift per dimension, seeded. */
export class ScrambledSobol {
  readonly dimension: number;
  private readonly shifts: Uint32Array;
  private readonly seed: number;

  constructor(dimension: number, seed: number) {
    if (!(Number.isInteger(dimension) && dimension >= 1)) throw new RangeError(`sobol: dimension must be a positive integer, got ${dimension}`);
    this.dimension = dimension;
    this.seed = seed;
    const rng = new SeededRandom(seed);
    this.shifts = new Uint32Array(dimension);
    for (let j = 0; j < dimension; j++) this.shifts[j] = rng.uint32();
  }

  /** Point `index` (0, 1, 2 …) in [0, 1)^dimension. */
  point(index: number, out: Float64Array = new Float64Array(this.dimension)): Float64Array {
    if (!(Number.isSafeInteger(index) && index >= 0 && index < TWO_32)) throw new RangeError(`sobol: index must be an integer in [0, 2^32), got ${index}`);
    const table = directions();
    const gray = (index ^ Math.floor(index / 2)) >>> 0;
    const covered = Math.min(this.dimension, table.length);
    for (let j = 0; j < covered; j++) {
      const v = table[j]!;
      let x = this.shifts[j]!;
      for (let bit = 0, g = gray; g !== 0; bit++, g >>>= 1) if ((g & 1) === 1) x ^= v[bit]!;
      out[j] = (x >>> 0) / TWO_32;
    }
    if (covered < this.dimension) {
      // Past the table: plain seeded uniforms, a separate stream per point.
      const rng = new SeededRandom((Math.imul(this.seed ^ 0x5bd1e995, 0x9e3779b1) + index) | 0);
      for (let j = covered; j < this.dimension; j++) out[j] = rng.uniform();
    }
    return out;
  }
}

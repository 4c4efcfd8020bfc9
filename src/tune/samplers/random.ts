// RandomSampler (optuna/samplers/_random.py; scikit-learn's ParameterSampler). Each value is drawn
// from a SeededRandom seeded by (sampler seed, trial seed, parameter name), so a trial's values
// depend only on its number and the study seed, never on the order of parallel asks or on which
// other parameters a conditional space suggested first.
//
// With `space` (finite distributions only), the sampler draws those parameters without
// replacement, like ParameterSampler: the grid of `space` is visited in one fixed permutation
// (seeded by the sampler and study seeds) and each trial takes the next unused point
// (systemAttrs.gridIndex); optimize ends when every point has been taken.
import { SeededRandom } from '../../random/seeded-random.ts';
import { formatDistribution, fromUnit, gridSize, gridValues } from '../space.ts';
import { hashString, mixSeeds } from '../seeds.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { Distribution, FrozenTrial, ParamValue, Sampler, StudyView } from '../types.ts';
import { chooseGridIndex, ParameterGrid, usedGridIndices } from './parameter-grid.ts';

export interface RandomSamplerOptions {
  seed?: number;
  /** Finite distributions to sample without replacement (ints, stepped floats, categoricals). */
  space?: Record<string, Distribution>;
}

/** Largest `space` whose visiting order is materialised (a permutation of this many indices). */
const MAX_FINITE_SPACE = 1 << 24;

export class RandomSampler implements Sampler {
  readonly name = 'RandomSampler';
  readonly seed: number;
  private readonly space: Record<string, Distribution> | undefined;
  private readonly grid: ParameterGrid | undefined;
  private order: { studySeed: number; permutation: Int32Array } | undefined;

  constructor(options: RandomSamplerOptions = {}) {
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new TypeError(`RandomSampler: seed must be a safe integer, got ${String(seed)}`);
    this.seed = seed;
    if (options.space !== undefined) {
      const values: Record<string, ParamValue[]> = {};
      for (const [name, d] of Object.entries(options.space)) {
        if (gridSize(d) === Number.POSITIVE_INFINITY) {
          throw new RangeError(`RandomSampler: space.${name} must be a finite distribution (int, stepped float or categorical), got ${formatDistribution(d)}`);
        }
        values[name] = gridValues(d);
      }
      this.grid = new ParameterGrid(values, 'RandomSampler: space');
      if (this.grid.size > MAX_FINITE_SPACE) throw new RangeError(`RandomSampler: space must have at most ${MAX_FINITE_SPACE} points, got ${this.grid.size}`);
      this.space = { ...options.space };
    }
  }

  /** The number of points of `space` (undefined without one). */
  get size(): number | undefined {
    return this.grid?.size;
  }

  async isExhausted(study: StudyView): Promise<boolean> {
    if (this.grid === undefined) return false;
    return usedGridIndices(await study.getTrials()).size >= this.grid.size;
  }

  async beforeTrial(study: StudyView, trial: FrozenTrial): Promise<Record<string, unknown>> {
    if (this.grid === undefined || typeof trial.systemAttrs[SYSTEM_ATTRS.gridIndex] === 'number') return {};
    const permutation = this.permutation(study.seed, this.grid.size);
    const index = chooseGridIndex(this.grid, trial, await study.getTrials(), (k) => permutation[k]!);
    return index === undefined ? {} : { [SYSTEM_ATTRS.gridIndex]: index };
  }

  async inferRelativeSearchSpace(_study: StudyView, trial: FrozenTrial): Promise<Record<string, Distribution>> {
    return this.space !== undefined && typeof trial.systemAttrs[SYSTEM_ATTRS.gridIndex] === 'number' ? { ...this.space } : {};
  }

  async sampleRelative(_study: StudyView, trial: FrozenTrial): Promise<Record<string, ParamValue>> {
    const index = trial.systemAttrs[SYSTEM_ATTRS.gridIndex];
    return this.grid !== undefined && typeof index === 'number' ? this.grid.pointAt(index) : {};
  }

  async sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): Promise<ParamValue> {
    const random = new SeededRandom(mixSeeds(this.seed, trial.seed, hashString(name)));
    return fromUnit(distribution, random.uniform());
  }

  /** The fixed visiting order of the finite space for a study seed (cached per seed). */
  private permutation(studySeed: number, size: number): Int32Array {
    // Stryker disable next-line ConditionalExpression: rebuilding gives the same permutation; the cache only saves time
    if (this.order?.studySeed !== studySeed) {
      const permutation = Int32Array.from({ length: size }, (_, i) => i);
      new SeededRandom(mixSeeds(this.seed, studySeed, 0x5eed)).shuffle(permutation);
      this.order = { studySeed, permutation };
    }
    return this.order.permutation;
  }
}

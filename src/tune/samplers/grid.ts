// GridSampler (optuna/samplers/_grid.py; scikit-learn's GridSearchCV): each trial takes the next
// unused point of a ParameterGrid, recorded in systemAttrs.gridIndex. The study calls beforeTrial
// under its ask lock, so parallel asks in one process never take the same point; optimize ends
// when isExhausted says every point has been taken.
import { describeValue } from '../../errors.ts';
import { formatDistribution } from '../space.ts';
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import type { Distribution, FrozenTrial, ParamValue, Sampler, StudyView } from '../types.ts';
import { chooseGridIndex, ParameterGrid, usedGridIndices } from './parameter-grid.ts';

export class GridSampler implements Sampler {
  readonly name = 'GridSampler';
  private readonly grid: ParameterGrid;

  constructor(space: Record<string, readonly ParamValue[]>) {
    this.grid = new ParameterGrid(space, 'GridSampler: space');
  }

  /** The number of grid points. */
  get size(): number {
    return this.grid.size;
  }

  get names(): readonly string[] {
    return this.grid.names;
  }

  /** The grid point at `index`, in the sampler's deterministic order. */
  pointAt(index: number): Record<string, ParamValue> {
    return this.grid.pointAt(index);
  }

  async isExhausted(study: StudyView): Promise<boolean> {
    return usedGridIndices(await study.getTrials()).size >= this.grid.size;
  }

  async beforeTrial(study: StudyView, trial: FrozenTrial): Promise<Record<string, unknown>> {
    if (typeof trial.systemAttrs[SYSTEM_ATTRS.gridIndex] === 'number') return {};
    const index = chooseGridIndex(this.grid, trial, await study.getTrials(), (k) => k);
    return index === undefined ? {} : { [SYSTEM_ATTRS.gridIndex]: index };
  }

  async inferRelativeSearchSpace(_study: StudyView, trial: FrozenTrial): Promise<Record<string, Distribution>> {
    if (typeof trial.systemAttrs[SYSTEM_ATTRS.gridIndex] !== 'number') return {};
    const space: Record<string, Distribution> = {};
    for (const name of this.grid.names) space[name] = { type: 'categorical', choices: this.grid.valuesOf(name) };
    return space;
  }

  async sampleRelative(_study: StudyView, trial: FrozenTrial): Promise<Record<string, ParamValue>> {
    const index = trial.systemAttrs[SYSTEM_ATTRS.gridIndex];
    return typeof index === 'number' ? this.grid.pointAt(index) : {};
  }

  async sampleIndependent(_study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): Promise<ParamValue> {
    if (!this.grid.names.includes(name)) {
      throw new RangeError(`GridSampler: parameter name must be one of the grid's (${this.grid.names.join(', ')}), got ${JSON.stringify(name)} in trial ${trial.number}`);
    }
    const index = trial.systemAttrs[SYSTEM_ATTRS.gridIndex];
    if (typeof index !== 'number') throw new RangeError(`GridSampler: trial ${trial.number} must hold a grid point, got none (all ${this.grid.size} points are taken)`);
    const value = this.grid.pointAt(index)[name];
    throw new RangeError(
      `GridSampler: grid value of ${JSON.stringify(name)} must lie in the suggested ${formatDistribution(distribution)}, got ${describeValue(value)}`,
    );
  }
}

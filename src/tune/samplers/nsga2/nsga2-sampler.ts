// NSGA-II (Deb et al., IEEE TEC 2002) as Optuna 3.1's NSGAIISampler runs it: trials come in
// generations of populationSize; the first is drawn at random; each child of a later generation
// takes two parents by binary tournament from the elitist parent population (population.ts),
// crosses them with probability crossoverProb (crossover.ts) and mutates each parameter with
// probability mutationProb, a mutated parameter being drawn at random afresh. Parameters outside
// the parents' common search space are drawn at random too. Constraints are honoured through
// Deb's constrained dominance.
//
// Every draw comes from a SeededRandom keyed by (seed, trial number); the parent population is
// rebuilt from the study's view on every ask and nothing is kept between calls, so resumed,
// multi-process and reproducible studies propose what one uninterrupted run would.
import { rangeError } from '../../../errors.ts';
import { SeededRandom } from '../../../random/seeded-random.ts';
import { studyDirections } from '../../multi-objective/directions.ts';
import { mixSeeds } from '../../seeds.ts';
import type { Direction, Distribution, FrozenTrial, ParamValue, Sampler, StudyView } from '../../types.ts';
import { intersectSearchSpace, UnitCube } from '../bayes/unit-cube.ts';
import { RandomSampler } from '../random.ts';
import { crossover, type CrossoverKind } from './crossover.ts';
import { constrainedDominates, parentPopulation, toIndividual, type Individual } from './population.ts';

export interface NSGAIISamplerOptions {
  /** Seeds every draw; defaults to the study's seed. */
  seed?: number;
  /** Trials per generation and parents kept (default 50, Optuna's). */
  populationSize?: number;
  /** Probability that a parameter of a child is drawn at random afresh (default 1 / number of parameters). */
  mutationProb?: number;
  /** Probability that a child crosses two parents rather than copying one (default 0.9). */
  crossoverProb?: number;
  /** 'uniform' (default, Optuna 3.1's) or 'sbx', simulated binary crossover. */
  crossover?: CrossoverKind;
  /** SBX's distribution index η: larger keeps children nearer their parents (default 20). */
  sbxEta?: number;
}

function probability(options: NSGAIISamplerOptions, key: 'mutationProb' | 'crossoverProb', value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) throw rangeError(`NSGAIISampler: options.${key}`, 'a number in [0, 1]', options[key]);
  return value;
}

export class NSGAIISampler implements Sampler {
  readonly name = 'NSGAIISampler';
  readonly populationSize: number;
  private readonly seed: number | undefined;
  private readonly mutationProb: number | undefined;
  private readonly crossoverProb: number;
  private readonly crossoverKind: CrossoverKind;
  private readonly sbxEta: number;

  constructor(options: NSGAIISamplerOptions = {}) {
    if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw rangeError('NSGAIISampler: options.seed', 'a safe integer', options.seed);
    const populationSize = options.populationSize ?? 50;
    if (!(Number.isSafeInteger(populationSize) && populationSize >= 2)) throw rangeError('NSGAIISampler: options.populationSize', 'an integer >= 2', options.populationSize);
    const kind = options.crossover ?? 'uniform';
    if (kind !== 'uniform' && kind !== 'sbx') throw rangeError('NSGAIISampler: options.crossover', "'uniform' or 'sbx'", options.crossover);
    const eta = options.sbxEta ?? 20;
    if (!(Number.isFinite(eta) && eta >= 0)) throw rangeError('NSGAIISampler: options.sbxEta', 'a finite number >= 0', options.sbxEta);
    this.seed = options.seed;
    this.populationSize = populationSize;
    this.mutationProb = probability(options, 'mutationProb', options.mutationProb);
    this.crossoverProb = probability(options, 'crossoverProb', options.crossoverProb) ?? 0.9;
    this.crossoverKind = kind;
    this.sbxEta = eta;
  }

  async inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Promise<Record<string, Distribution>> {
    return intersectSearchSpace(await study.getTrials(['complete']));
  }

  async sampleRelative(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Promise<Record<string, ParamValue>> {
    const names = Object.keys(space);
    // Stryker disable next-line ConditionalExpression: an empty space decodes to {} below too; this only skips the work
    if (names.length === 0) return {};
    const generation = Math.floor(trial.number / this.populationSize);
    // Stryker disable next-line ConditionalExpression: generation 0 has no parents (parentPopulation returns none), so {} below too
    if (generation === 0) return {};
    const directions = studyDirections(study);
    const cube = new UnitCube(space);
    const complete = (await study.getTrials(['complete'])).filter((t) => t.values !== null && t.values.length === directions.length && t.values.every(Number.isFinite));
    const parents = parentPopulation(
      directions,
      complete.map((t) => toIndividual(t, directions)),
      generation,
      this.populationSize,
    ).filter((p) => cube.encode(p.trial.params) !== undefined);
    if (parents.length === 0) return {};

    const random = new SeededRandom(mixSeeds(this.seed ?? study.seed, trial.number, 0x45a2));
    const first = tournament(directions, parents, random);
    const second = tournament(directions, parents, random);
    const a = cube.encode(first.trial.params)!;
    const child = random.uniform() < this.crossoverProb ? crossover(this.crossoverKind, a, cube.encode(second.trial.params)!, cube.layout, random, this.sbxEta) : a;
    const params = cube.decode(child);
    // A mutated parameter is left to sampleIndependent, which draws it at random.
    const mutation = this.mutationProb ?? 1 / Math.max(1, names.length);
    for (const name of cube.names) if (random.uniform() < mutation) delete params[name];
    return params;
  }

  async sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, distribution: Distribution): Promise<ParamValue> {
    return new RandomSampler({ seed: this.seed ?? study.seed }).sampleIndependent(study, trial, name, distribution);
  }
}

/** Binary tournament: of two parents drawn at random, the one that dominates; the first on a draw. */
function tournament(directions: readonly Direction[], parents: readonly Individual[], random: SeededRandom): Individual {
  const a = parents[random.below(parents.length)]!;
  const b = parents[random.below(parents.length)]!;
  return constrainedDominates(directions, b, a) ? b : a;
}

// TPESampler through the study API and on hand-built histories: random start on the study seed,
// determinism, both directions, conditional parameters, the constant liar, pruned trials, log /
// int / categorical parameters, option errors, and a real lead over random search.
import { describe, expect, it } from 'vitest';
import { RandomSampler } from '../../../../src/tune/samplers/random.ts';
import { TPESampler, type TPESamplerOptions } from '../../../../src/tune/samplers/tpe/index.ts';
import { contains, floatDistribution } from '../../../../src/tune/space.ts';
import { createStudy } from '../../../../src/tune/study.ts';
import type { Trial } from '../../../../src/tune/trial.ts';
import type { Direction, Distribution, FrozenTrial, Sampler, StudyView, TrialState } from '../../../../src/tune/types.ts';

const X = floatDistribution(0, 1);

/** A study view over hand-made trials. */
function view(trials: FrozenTrial[], direction: Direction = 'minimize', seed = 0): StudyView {
  return { direction, seed, getTrials: async (states?: readonly TrialState[]) => trials.filter((t) => states === undefined || states.includes(t.state)).map((t) => structuredClone(t)) };
}

function trial(number: number, state: TrialState, params: Record<string, number | string>, value: number | null, intermediate: Record<number, number> = {}): FrozenTrial {
  const distributions: Record<string, Distribution> = {};
  for (const name of Object.keys(params)) distributions[name] = typeof params[name] === 'string' ? { type: 'categorical', choices: ['a', 'b'] } : X;
  return { number, state, params, distributions, value, values: value === null ? null : [value], intermediate, seed: number, startedAt: null, completedAt: null, userAttrs: {}, systemAttrs: {} };
}

const newTrial = (number: number): FrozenTrial => trial(number, 'running', {}, null);

/** 20 complete trials on x in [0, 1], value (x − 0.3)²: the good ones sit near 0.3. */
function history(): FrozenTrial[] {
  return Array.from({ length: 20 }, (_, i) => {
    const x = (i * 0.618034) % 1;
    return trial(i, 'complete', { x }, (x - 0.3) ** 2);
  });
}

async function runStudy(sampler: Sampler, objective: (t: Trial) => Promise<number>, nTrials: number, options: { seed?: number; direction?: Direction; parallelism?: number } = {}) {
  const study = await createStudy({ sampler, seed: options.seed ?? 0, direction: options.direction ?? 'minimize' });
  await study.optimize(objective, { nTrials, parallelism: options.parallelism ?? 1 });
  return study.trials();
}

const sphere = async (t: Trial): Promise<number> => {
  let sum = 0;
  for (const name of ['a', 'b', 'c']) sum += ((await t.suggestFloat(name, -5, 5)) - 1) ** 2;
  return sum;
};

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe('TPESampler', () => {
  it('starts with the random sampler on the same seed, then proposes its own points', async () => {
    const tpe = await runStudy(new TPESampler({ seed: 5, nStartupTrials: 4 }), sphere, 8, { seed: 2 });
    const random = await runStudy(new RandomSampler({ seed: 5 }), sphere, 8, { seed: 2 });
    expect(tpe.slice(0, 4).map((t) => t.params)).toEqual(random.slice(0, 4).map((t) => t.params));
    expect(tpe.slice(4).map((t) => t.params)).not.toEqual(random.slice(4).map((t) => t.params));
  });

  it('is reproducible: one seed gives the same trials, another seed others, and the study seed stands in for a missing one', async () => {
    const params = async (options: TPESamplerOptions, studySeed = 0) => (await runStudy(new TPESampler({ nStartupTrials: 3, ...options }), sphere, 12, { seed: studySeed })).map((t) => t.params);
    expect(await params({ seed: 1 })).toEqual(await params({ seed: 1 }));
    expect(await params({ seed: 1, multivariate: true })).toEqual(await params({ seed: 1, multivariate: true }));
    expect(await params({ seed: 1 })).not.toEqual(await params({ seed: 2 }));
    expect(await params({}, 7)).toEqual(await params({ seed: 7 }, 7));
  });

  it('proposes the same points for maximize(−f) as for minimize(f)', async () => {
    const objective = (sign: number) => async (t: Trial) => sign * (await sphere(t));
    const minimize = await runStudy(new TPESampler({ seed: 3, nStartupTrials: 5 }), objective(1), 15);
    const maximize = await runStudy(new TPESampler({ seed: 3, nStartupTrials: 5 }), objective(-1), 15, { direction: 'maximize' });
    expect(maximize.map((t) => t.params)).toEqual(minimize.map((t) => t.params));
  });

  it('samples log, int, stepped and categorical parameters inside their distributions, and concentrates on the good ones', async () => {
    const space = { lr: floatDistribution(1e-5, 1, { log: true }) };
    const trials = await runStudy(
      new TPESampler({ seed: 4, nStartupTrials: 8 }),
      async (t) => {
        const lr = await t.suggestFloat('lr', 1e-5, 1, { log: true });
        const units = await t.suggestInt('units', 1, 512, { log: true });
        const batch = await t.suggestInt('batch', 8, 64, { step: 8 });
        const drop = await t.suggestFloat('drop', 0, 0.5, { step: 0.1 });
        const act = await t.suggestCategorical('act', ['relu', 'tanh', 'sigmoid']);
        return Math.abs(Math.log10(lr) + 3) + Math.abs(Math.log2(units) - 5) + Math.abs(batch - 32) / 8 + drop + (act === 'tanh' ? 0 : 2);
      },
      60,
    );
    for (const t of trials) {
      expect(contains(space.lr, t.params['lr'])).toBe(true);
      expect(Number.isInteger(t.params['units'])).toBe(true);
      expect((t.params['batch'] as number) % 8).toBe(0);
      expect([0, 0.1, 0.2, 0.3, 0.4, 0.5]).toContain(t.params['drop']);
    }
    // After the random start, most proposals take the good choice (a third of random ones would).
    const late = trials.slice(30);
    expect(late.filter((t) => t.params['act'] === 'tanh').length / late.length).toBeGreaterThan(0.6);
    expect(median(late.map((t) => t.value!))).toBeLessThan(median(trials.slice(0, 8).map((t) => t.value!)) / 2);
  });

  it('leaves trials without a conditional parameter out of its estimators', async () => {
    // Trials with y: the good ones near y = 0.8. The best trials of all lack y.
    const withY = Array.from({ length: 12 }, (_, i) => {
      const y = i / 11;
      return trial(i, 'complete', { kind: 'a', y }, 1 + Math.abs(y - 0.8));
    });
    const withoutY = (x: number) => Array.from({ length: 8 }, (_, i) => trial(12 + i, 'complete', { kind: 'b', x: (x + i / 8) % 1 }, i / 100));
    const sampler = new TPESampler({ seed: 1 });
    const propose = async (trials: FrozenTrial[], number: number) => sampler.sampleIndependent(view(trials), newTrial(number), 'y', X);
    const withYToo = Array.from({ length: 8 }, (_, i) => trial(12 + i, 'complete', { kind: 'b', y: 0.1 }, i / 100));
    for (let n = 20; n < 30; n++) {
      const y = await propose([...withY, ...withoutY(0)], n);
      // Trials lacking y play no part in y's estimators: their other parameters change nothing ...
      expect(await propose([...withY, ...withoutY(0.37)], n)).toBe(y);
      // ... while the same trials holding a y would.
      expect(await propose([...withY, ...withYToo], n)).not.toBe(y);
    }
    // With the y trials the best ones, l centres on y = 0.8.
    const onlyY = await Promise.all(Array.from({ length: 20 }, (_, k) => sampler.sampleIndependent(view(withY.map((t, i) => ({ ...t, number: i }))), newTrial(20 + k), 'y', X)));
    expect(median(onlyY as number[])).toBeGreaterThan(0.6);
  });

  it('runs a study whose space is conditional, multivariate or not', async () => {
    for (const multivariate of [false, true]) {
      const trials = await runStudy(
        new TPESampler({ seed: 2, nStartupTrials: 5, multivariate }),
        async (t) => {
          const kind = await t.suggestCategorical('kind', ['linear', 'quadratic']);
          const x = await t.suggestFloat('x', -2, 2);
          if (kind === 'linear') return x + 2 + (await t.suggestFloat('slope', 0, 1));
          return (x - 1) ** 2 + (await t.suggestInt('power', 1, 3));
        },
        30,
      );
      expect(trials.every((t) => t.state === 'complete')).toBe(true);
      for (const t of trials) expect(Object.keys(t.params).sort()).toEqual(t.params['kind'] === 'linear' ? ['kind', 'slope', 'x'] : ['kind', 'power', 'x']);
    }
  });

  it('with the constant liar, counts running trials as bad and so proposes away from them', async () => {
    const done = history();
    // Three trials in flight right at the good region.
    const running = [0.29, 0.3, 0.31].map((x, i) => trial(20 + i, 'running', { x }, null));
    const spread = async (constantLiar: boolean) => {
      const sampler = new TPESampler({ seed: 9, constantLiar });
      const xs: number[] = [];
      for (let k = 0; k < 30; k++) xs.push((await sampler.sampleIndependent(view([...done, ...running]), newTrial(23 + k), 'x', X)) as number);
      return median(xs.map((x) => Math.abs(x - 0.3)));
    };
    const honest = await spread(false);
    const liar = await spread(true);
    expect(honest).toBeLessThan(0.1);
    expect(liar).toBeGreaterThan(2 * honest);
    // Running trials do not count towards the random start.
    const early = [trial(0, 'complete', { x: 0.5 }, 1), ...running.map((t, i) => ({ ...t, number: 1 + i }))];
    const sampler = new TPESampler({ seed: 9, constantLiar: true, nStartupTrials: 2 });
    const random = new RandomSampler({ seed: 9 });
    expect(await sampler.sampleIndependent(view(early), newTrial(4), 'x', X)).toBe(await random.sampleIndependent(view(early), newTrial(4), 'x', X));
  });

  it('ranks pruned trials by how far they got before their last value', async () => {
    // Only pruned trials: two reached step 9 near x = 0.8 (last values 5), nine stopped at step 1
    // over [0.05, 0.45] with better values (1). gamma(11) = 2 picks the two that went furthest.
    const trials = [trial(0, 'pruned', { x: 0.8 }, 5, { 1: 6, 9: 5 }), trial(1, 'pruned', { x: 0.82 }, 5, { 1: 6, 9: 5 })];
    for (let i = 0; i < 9; i++) trials.push(trial(2 + i, 'pruned', { x: 0.05 + 0.05 * i }, 1, { 1: 1 }));
    const sampler = new TPESampler({ seed: 4 });
    const xs: number[] = [];
    for (let k = 0; k < 20; k++) xs.push((await sampler.sampleIndependent(view(trials), newTrial(11 + k), 'x', X)) as number);
    expect(median(xs)).toBeGreaterThan(0.6);
  });

  it('beats random search on a 3-D sphere (median best over 5 seeds, 40 trials)', async () => {
    const best = async (make: (seed: number) => Sampler) => {
      const values: number[] = [];
      for (let seed = 0; seed < 5; seed++) values.push(Math.min(...(await runStudy(make(seed), sphere, 40, { seed })).map((t) => t.value!)));
      return median(values);
    };
    const tpe = await best((seed) => new TPESampler({ seed }));
    const mv = await best((seed) => new TPESampler({ seed, multivariate: true }));
    const random = await best((seed) => new RandomSampler({ seed }));
    expect(tpe).toBeLessThan(random / 2);
    expect(mv).toBeLessThan(random / 2);
  });

  it('names the option, the rule and the value it got', () => {
    expect(() => new TPESampler({ nStartupTrials: -1 })).toThrow('TPESampler: options.nStartupTrials must be an integer >= 0, got -1');
    expect(() => new TPESampler({ nEiCandidates: 0 })).toThrow('TPESampler: options.nEiCandidates must be an integer >= 1, got 0');
    expect(() => new TPESampler({ priorWeight: 0 })).toThrow('TPESampler: options.priorWeight must be a finite number > 0, got 0');
    expect(() => new TPESampler({ seed: 1.5 })).toThrow('TPESampler: options.seed must be a safe integer, got 1.5');
    expect(() => new TPESampler({ multivariate: 'yes' as unknown as boolean })).toThrow(new TypeError('TPESampler: options.multivariate must be a boolean, got "yes"'));
    expect(() => new TPESampler({ equalKernelHeights: 1 as unknown as boolean })).toThrow(new TypeError('TPESampler: options.equalKernelHeights must be a boolean, got 1'));
    expect(() => new TPESampler({ gamma: 3 as unknown as () => number })).toThrow('TPESampler: options.gamma must be a function of the number of observations, got 3');
    expect(() => new TPESampler(null as never)).toThrow(new TypeError('TPESampler: options must be an object, got null'));
    expect(() => new TPESampler({ weights: [1] as never })).toThrow(new TypeError('TPESampler: options.weights must be a function of the number of observations, got Array(1)'));
    expect(() => new TPESampler({ nStartupTrials: 2.5 })).toThrow(new RangeError('TPESampler: options.nStartupTrials must be an integer >= 0, got 2.5'));
    expect(() => new TPESampler({ priorWeight: Number.POSITIVE_INFINITY })).toThrow('TPESampler: options.priorWeight must be a finite number > 0, got Infinity');
    for (const key of ['considerPrior', 'considerMagicClip', 'considerEndpoints', 'constantLiar'] as const) {
      expect(() => new TPESampler({ [key]: 0 })).toThrow(new TypeError(`TPESampler: options.${key} must be a boolean, got 0`));
    }
    // The lowest counts allowed.
    expect(() => new TPESampler({ nStartupTrials: 0, nEiCandidates: 1, priorWeight: 1e-9 })).not.toThrow();
  });

  it('equalKernelHeights changes how candidates are scored, not where they are drawn', async () => {
    const proposals = async (equalKernelHeights: boolean) => {
      const sampler = new TPESampler({ seed: 6, equalKernelHeights });
      return Promise.all(Array.from({ length: 10 }, (_, k) => sampler.sampleIndependent(view(history()), newTrial(20 + k), 'x', X)));
    };
    const density = await proposals(false);
    const heights = await proposals(true);
    expect(heights).not.toEqual(density);
    // Both pick among the same 24 candidates per trial, drawn from l: all near the good region.
    for (const x of [...density, ...heights]) expect(Math.abs((x as number) - 0.3)).toBeLessThan(0.35);
  });

  it('honours recorded constraints: proposals leave the infeasible optimum for the feasible region, as Optuna’s constraints_func', async () => {
    // Value (x − 0.3)², best near 0.3, but only x ≥ 0.6 is feasible (constraint 0.6 − x ≤ 0).
    const withConstraints = history().map((t) => ({ ...t, systemAttrs: { constraints: [0.6 - (t.params['x'] as number)] } }));
    const proposals = async (trials: FrozenTrial[], multivariate: boolean) => {
      const sampler = new TPESampler({ seed: 2, multivariate });
      const xs: number[] = [];
      for (let k = 0; k < 20; k++) {
        const t = newTrial(20 + k);
        const relative = multivariate ? await sampler.sampleRelative(view(trials), t, { x: X }) : {};
        xs.push((relative['x'] ?? (await sampler.sampleIndependent(view(trials), t, 'x', X))) as number);
      }
      return xs;
    };
    for (const multivariate of [false, true]) {
      expect(median(await proposals(history(), multivariate))).toBeLessThan(0.45);
      const xs = await proposals(withConstraints, multivariate);
      expect(median(xs)).toBeGreaterThan(0.6);
      expect(xs.filter((x) => x >= 0.6).length).toBeGreaterThanOrEqual(14);
    }
  });

  it('in a study with a constraints function, most trials after the random start are feasible', async () => {
    // Minimise (a − 1)² + (b − 1)² over [−5, 5]² subject to a + b ≤ −2: the optimum is infeasible.
    const feasibleShare = async (constraints: boolean) => {
      const study = await createStudy({ sampler: new TPESampler({ seed: 1 }), seed: 1, ...(constraints ? { constraints: (t: FrozenTrial) => [(t.params['a'] as number) + (t.params['b'] as number) + 2] } : {}) });
      await study.optimize(async (t) => ((await t.suggestFloat('a', -5, 5)) - 1) ** 2 + ((await t.suggestFloat('b', -5, 5)) - 1) ** 2, { nTrials: 40 });
      const late = (await study.trials()).slice(20);
      return late.filter((t) => (t.params['a'] as number) + (t.params['b'] as number) <= -2).length / late.length;
    };
    expect(await feasibleShare(false)).toBeLessThan(0.2);
    // Univariate TPE sees the a + b ≤ −2 band one coordinate at a time: 0.5 here (random: 0.32).
    expect(await feasibleShare(true)).toBeGreaterThanOrEqual(0.4);
  });

  it('defaults to 48 candidates scored as Optuna 3.1.0 did (equalKernelHeights), the form bench/tune-tpe.ts measured best', async () => {
    const proposals = async (options: TPESamplerOptions) => {
      const sampler = new TPESampler({ seed: 6, ...options });
      return Promise.all(Array.from({ length: 10 }, (_, k) => sampler.sampleIndependent(view(history()), newTrial(20 + k), 'x', X)));
    };
    const byDefault = await proposals({});
    expect(byDefault).toEqual(await proposals({ equalKernelHeights: true, nEiCandidates: 48 }));
    expect(byDefault).not.toEqual(await proposals({ equalKernelHeights: false, nEiCandidates: 48 }));
    expect(byDefault).not.toEqual(await proposals({ equalKernelHeights: true, nEiCandidates: 24 }));
  });

  it('refuses a gamma that is not a count, when it is used', async () => {
    const sampler = new TPESampler({ gamma: (n) => n / 3 });
    await expect(sampler.sampleIndependent(view(history()), newTrial(20), 'x', X)).rejects.toThrow('TPESampler: gamma(20) must be an integer >= 0, got 6.666666666666667');
  });

  it('starts proposing at exactly nStartupTrials finished trials, running ones not counted, and returns a fixed value for a single-valued distribution', async () => {
    const finished = history().slice(0, 3);
    const running = trial(3, 'running', { x: 0.5 }, null);
    const random = await new RandomSampler({ seed: 9 }).sampleIndependent(view(finished), newTrial(4), 'x', X);
    const tpe = new TPESampler({ seed: 9, nStartupTrials: 3 });
    expect(await tpe.sampleIndependent(view(finished), newTrial(4), 'x', X)).not.toBe(random);
    expect(await tpe.sampleIndependent(view(finished.slice(0, 2)), newTrial(4), 'x', X)).toBe(random);
    const liar = new TPESampler({ seed: 9, nStartupTrials: 3, constantLiar: true, multivariate: true });
    const space = { x: X };
    expect(await liar.sampleRelative(view([...finished.slice(0, 2), running]), newTrial(4), space)).toEqual({});
    expect(Object.keys(await liar.sampleRelative(view([...finished, running]), newTrial(4), space))).toEqual(['x']);
    expect(await liar.sampleRelative(view([...finished, running]), newTrial(4), {})).toEqual({});
    expect(await tpe.sampleIndependent(view(finished), newTrial(4), 'n', { type: 'int', low: 3, high: 3, log: false, step: 1 })).toBe(3);
    expect(await tpe.sampleIndependent(view(finished), newTrial(4), 'c', { type: 'categorical', choices: ['only'] })).toBe('only');
  });

  it('offers a multivariate space of the finished trials\' shared, non-single parameters, and none when univariate', async () => {
    const fixed: Distribution = { type: 'int', low: 2, high: 2, log: false, step: 1 };
    const trials: FrozenTrial[] = history().slice(0, 4).map((t) => ({ ...t, params: { ...t.params, k: 2 }, distributions: { ...t.distributions, k: fixed } }));
    trials.push(trial(4, 'running', { x: 0.1, y: 0.2 }, null));
    expect(await new TPESampler({ multivariate: true }).inferRelativeSearchSpace(view(trials), newTrial(5))).toEqual({ x: X });
    expect(await new TPESampler().inferRelativeSearchSpace(view(trials), newTrial(5))).toEqual({});
    expect(new TPESampler().name).toBe('TPESampler');
    expect(() => new TPESampler(null as never)).toThrow(new TypeError('TPESampler: options must be an object, got null'));
    // gamma(n) = 0 (no good trials) is a count.
    const none = await new TPESampler({ seed: 1, nStartupTrials: 2, gamma: () => 0 }).sampleIndependent(view(history()), newTrial(20), 'x', X);
    expect(contains(X, none)).toBe(true);
  });
});


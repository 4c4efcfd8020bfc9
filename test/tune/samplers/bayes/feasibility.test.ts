// Constraints in the GP sampler: a GP per constraint and EI weighted by the probability of
// feasibility, through real studies with a constraints function; and log Φ far into its tail.
import { describe, expect, it } from 'vitest';
import { MultiObjectiveError } from '../../../../src/errors.ts';
import { logNormalCdf, normalCdf } from '../../../../src/tune/samplers/bayes/acquisition.ts';
import { GaussianProcessSampler } from '../../../../src/tune/samplers/bayes/index.ts';
import { createStudy } from '../../../../src/tune/study.ts';
import type { FrozenTrial } from '../../../../src/tune/types.ts';

describe('logNormalCdf', () => {
  it('is log Φ where Φ is representable and follows −z²/2 − log(−z√2π) beyond', () => {
    for (const z of [-5, -1, 0, 0.5, 3]) expect(logNormalCdf(z)).toBeCloseTo(Math.log(normalCdf(z)), 6);
    const z = -60;
    expect(logNormalCdf(z)).toBeCloseTo(-0.5 * z * z - Math.log(-z * Math.sqrt(2 * Math.PI)), 3);
  });
});

describe('GaussianProcessSampler with constraints', () => {
  // Minimise the distance² to (0.2, 0.2) subject to x + y ≥ 1: the optimum is (0.5, 0.5), value
  // 0.18, and the unconstrained optimum lies deep in the infeasible half.
  const objective = (t: FrozenTrial | { params: Record<string, unknown> }): number => ((t.params.x as number) - 0.2) ** 2 + ((t.params.y as number) - 0.2) ** 2;
  const constraints = (t: FrozenTrial): number[] => [1 - (t.params.x as number) - (t.params.y as number)];

  async function run(direction: 'minimize' | 'maximize'): Promise<FrozenTrial[]> {
    const study = await createStudy({ seed: 1, direction, sampler: new GaussianProcessSampler({ nStartupTrials: 6 }), constraints });
    const sign = direction === 'minimize' ? 1 : -1;
    await study.optimize(
      async (trial) => {
        const params = { x: await trial.suggestFloat('x', 0, 1), y: await trial.suggestFloat('y', 0, 1) };
        return sign * objective({ params });
      },
      { nTrials: 24 },
    );
    return study.getTrials();
  }

  for (const direction of ['minimize', 'maximize'] as const) {
    it(`proposes feasible points near the constrained optimum (${direction})`, async () => {
      const trials = await run(direction);
      const proposed = trials.slice(6);
      const feasible = proposed.filter((t) => constraints(t)[0]! <= 0);
      expect(feasible.length).toBeGreaterThanOrEqual(0.7 * proposed.length);
      expect(Math.min(...feasible.map(objective))).toBeLessThan(0.19);
    });
  }
});

describe('GaussianProcessSampler on several objectives', () => {
  it('refuses with a MultiObjectiveError naming the samplers that handle them', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new GaussianProcessSampler({ nStartupTrials: 1 }) });
    const first = await study.ask({ x: { type: 'float', low: 0, high: 1, log: false } });
    await study.tell(first, [1, 2]);
    const error = await study.ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultiObjectiveError);
    expect((error as Error).message).toBe('GaussianProcessSampler: the study must have one objective, got 2 (minimize, maximize); use ParEGOSampler (sampler type parego) or NSGAIISampler for several');
  });
});

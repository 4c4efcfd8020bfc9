// A tiny in-test StudyView: a direction, a seed and a fixed list of trials, so the pruners are
// tested without the study or storage implementations.
import type { Direction, FrozenTrial, StudyView, TrialState } from '../../../src/tune/types.ts';

export function makeTrial(number: number, intermediate: Record<number, number>, state: TrialState = 'running'): FrozenTrial {
  const steps = Object.keys(intermediate).map(Number);
  const last = steps.length === 0 ? undefined : intermediate[Math.max(...steps)];
  return {
    number,
    state,
    params: {},
    distributions: {},
    value: state === 'running' || last === undefined ? null : last,
    values: state === 'running' || last === undefined ? null : [last],
    intermediate: { ...intermediate },
    seed: number,
    startedAt: 0,
    completedAt: state === 'running' ? null : 1,
    userAttrs: {},
    systemAttrs: {},
  };
}

export function makeView(direction: Direction, trials: readonly FrozenTrial[]): StudyView & { calls: number } {
  const view = {
    direction,
    seed: 42,
    calls: 0,
    async getTrials(states?: readonly TrialState[]): Promise<FrozenTrial[]> {
      view.calls += 1;
      return trials.filter((t) => states === undefined || states.includes(t.state)).map((t) => structuredClone(t));
    },
  };
  return view;
}

/** A learning curve reported at steps 1 … upTo. */
export function curve(f: (step: number) => number, upTo: number): Record<number, number> {
  const values: Record<number, number> = {};
  for (let step = 1; step <= upTo; step += 1) values[step] = f(step);
  return values;
}

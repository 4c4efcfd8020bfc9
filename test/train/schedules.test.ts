// Learning-rate schedules follow PyTorch's definitions.
import { describe, expect, it } from 'vitest';
import { createSchedule } from '../../src/train/schedules.ts';

const rates = (spec: Parameters<typeof createSchedule>[0], epochs: number, observed: number[] = []) => {
  const schedule = createSchedule(spec);
  const out: number[] = [];
  let lr = 0.1;
  for (let epoch = 0; epoch < epochs; epoch++) {
    lr = schedule.lrAt(epoch, 0.1, lr);
    out.push(lr);
    if (observed[epoch] !== undefined) schedule.observe?.(observed[epoch]!);
  }
  return out.map((v) => Number(v.toPrecision(6)));
};

describe('learning-rate schedules', () => {
  it('constant and step (StepLR: γ every stepSize epochs)', () => {
    expect(rates({ type: 'constant' }, 3)).toEqual([0.1, 0.1, 0.1]);
    expect(rates({ type: 'step', stepSize: 2, gamma: 0.5 }, 5)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('exponential (ExponentialLR)', () => {
    expect(rates({ type: 'exponential', gamma: 0.9 }, 3)).toEqual([0.1, 0.09, 0.081]);
  });

  it('cosine with linear warm-up, ending at minLr', () => {
    const lr = rates({ type: 'cosine', epochs: 6, warmupEpochs: 2, minLr: 0.01 }, 7);
    expect(lr.slice(0, 3)).toEqual([Number((0.1 / 3).toPrecision(6)), Number((0.1 * (1 / 3 + (2 / 3) * 0.5)).toPrecision(6)), 0.1]);
    expect(lr[4]).toBeCloseTo(0.055, 6);
    expect(lr[6]).toBeCloseTo(0.01, 6);
  });

  it('reduce on plateau: after `patience` epochs without relative improvement, multiply by factor', () => {
    const observed = [1, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.5];
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 2 }, 9, observed)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]);
  });

  it('rejects bad settings', () => {
    expect(() => createSchedule({ type: 'step', stepSize: 0 })).toThrow('lrSchedule.stepSize must be an integer >= 1, got 0');
    expect(() => createSchedule({ type: 'cosine', epochs: 5, warmupEpochs: 5 })).toThrow('lrSchedule.warmupEpochs must be less than epochs (5), got 5');
    expect(() => createSchedule({ type: 'exponential', gamma: 2 })).toThrow('lrSchedule.gamma must be in [0, 1], got 2');
    expect(() => createSchedule({ type: 'cyclic' } as never)).toThrow("lrSchedule.type must be one of 'constant', 'step', 'exponential', 'cosine', 'reduceOnPlateau', got \"cyclic\"");
  });
});

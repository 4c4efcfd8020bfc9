// The step, exponential, constant and cosine schedules epoch by epoch (PyTorch's StepLR,
// ExponentialLR, LinearLR warm-up + CosineAnnealingLR), their defaults, and past the last epoch.
import { describe, expect, it } from 'vitest';
import { createSchedule, type ScheduleSpec } from '../../src/train/schedules.ts';

const curve = (spec: ScheduleSpec | undefined, epochs: number, base = 0.1) => {
  const schedule = createSchedule(spec);
  // currentLr is deliberately not the base: only plateau schedules read it.
  return Array.from({ length: epochs }, (_, epoch) => Number(schedule.lrAt(epoch, base, 123).toPrecision(6)));
};

describe('schedules by epoch', () => {
  it('no schedule and constant give the base rate, whatever the current one', () => {
    expect(curve(undefined, 3)).toEqual([0.1, 0.1, 0.1]);
    expect(curve({ type: 'constant' }, 3, 0.5)).toEqual([0.5, 0.5, 0.5]);
    expect(createSchedule(undefined).observe).toBeUndefined();
  });

  it('step: γ defaults to 0.1, applied every stepSize epochs', () => {
    expect(curve({ type: 'step', stepSize: 3 }, 7, 1)).toEqual([1, 1, 1, 0.1, 0.1, 0.1, 0.01]);
    expect(curve({ type: 'step', stepSize: 1, gamma: 0 }, 3, 1)).toEqual([1, 0, 0]);
  });

  it('exponential: γ^epoch', () => {
    expect(curve({ type: 'exponential', gamma: 0.5 }, 4, 1)).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it('cosine without warm-up: from the base at epoch 0 to minLr at `epochs`, and there after', () => {
    const lr = curve({ type: 'cosine', epochs: 4, minLr: 0.02 }, 7, 1);
    expect(lr[0]).toBe(1);
    expect(lr[1]).toBeCloseTo(0.02 + 0.98 * (1 + Math.cos(Math.PI / 4)) / 2, 5);
    expect(lr[2]).toBeCloseTo(0.51, 6);
    expect(lr.slice(4)).toEqual([0.02, 0.02, 0.02]);
  });

  it('cosine minLr defaults to 0', () => {
    expect(curve({ type: 'cosine', epochs: 2 }, 3, 1)).toEqual([1, 0.5, 0]);
  });

  it('warm-up starts at 1 / (warmupEpochs + 1) of the base by default and rises linearly to it', () => {
    expect(curve({ type: 'cosine', epochs: 10, warmupEpochs: 3 }, 4, 1)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('warmupStartFactor sets where the warm-up starts', () => {
    expect(curve({ type: 'cosine', epochs: 10, warmupEpochs: 2, warmupStartFactor: 0 }, 3, 1)).toEqual([0, 0.5, 1]);
    expect(curve({ type: 'cosine', epochs: 10, warmupEpochs: 4, warmupStartFactor: 0.2 }, 5, 1)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('after the warm-up the cosine runs over the remaining epochs', () => {
    const lr = curve({ type: 'cosine', epochs: 6, warmupEpochs: 2, minLr: 0 }, 8, 1);
    expect(lr.slice(2)).toEqual([1, 0.853553, 0.5, 0.146447, 0, 0]);
  });

  it('field names follow the caller (the config passes its own path)', () => {
    expect(() => createSchedule({ type: 'step', stepSize: 0 }, 'training.schedule')).toThrow('training.schedule.stepSize must be an integer >= 1, got 0');
    expect(() => createSchedule(null as never)).toThrow(new TypeError('lrSchedule must be an object { type, ... }, got null'));
    expect(() => createSchedule('step' as never)).toThrow(new TypeError('lrSchedule must be an object { type, ... }, got "step"'));
  });
});

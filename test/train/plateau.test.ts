// ReduceLROnPlateau's branches, traced against PyTorch's step(): mode 'max', the relative
// threshold, cooldown, minLr, and a loss that stays flat long enough to cut more than once.
import { describe, expect, it } from 'vitest';
import { createSchedule, type ScheduleSpec } from '../../src/train/schedules.ts';

/** The rate of each epoch from a base of 0.1, observing `observed[epoch]` at each epoch's end (as fit does). */
function rates(spec: ScheduleSpec, observed: number[], baseLr = 0.1): number[] {
  const schedule = createSchedule(spec);
  const out: number[] = [];
  let lr = baseLr;
  for (let epoch = 0; epoch < observed.length; epoch++) {
    lr = schedule.lrAt(epoch, baseLr, lr);
    out.push(Number(lr.toPrecision(6)));
    schedule.observe!(observed[epoch]!);
  }
  return out;
}

const flat = (epochs: number) => new Array<number>(epochs).fill(1);

describe('reduceOnPlateau', () => {
  it('cuts again after every further `patience` + 1 flat epochs', () => {
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 1 }, flat(8))).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]);
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 0 }, flat(5))).toEqual([0.1, 0.1, 0.05, 0.025, 0.0125]);
  });

  it('defaults: factor 0.1 after 10 epochs without improvement', () => {
    const lr = rates({ type: 'reduceOnPlateau' }, flat(14));
    expect(lr.slice(0, 12)).toEqual(new Array(12).fill(0.1));
    expect(lr.slice(12)).toEqual([0.01, 0.01]);
  });

  it("mode 'max' counts a rise past best·(1 + threshold) as improvement and anything less as a bad epoch", () => {
    // 0.65 beats the best 0.6 but not by 10%: a bad epoch; 0.8 beats 0.6·1.1 and resets the count.
    const accuracy = [0.5, 0.6, 0.65, 0.65, 0.8, 0.8, 0.8, 0.8];
    expect(rates({ type: 'reduceOnPlateau', mode: 'max', factor: 0.5, patience: 1, threshold: 0.1 }, accuracy)).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]);
    // The same values read as losses ('min') never improve after the first.
    expect(rates({ type: 'reduceOnPlateau', mode: 'min', factor: 0.5, patience: 1, threshold: 0.1 }, accuracy)).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]);
  });

  it("mode 'min' needs a fall below best·(1 − threshold)", () => {
    // 0.95 is 5% under the best 1: not enough for threshold 0.1; 0.8 is.
    const losses = [1, 0.95, 0.8, 0.79, 0.79];
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 1, threshold: 0.1 }, losses)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 0, threshold: 0.1 }, losses)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    // With threshold 0 any fall counts.
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 0, threshold: 0 }, losses)).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
  });

  it('cooldown: the epochs after a cut count no bad epochs', () => {
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 0, cooldown: 2 }, flat(9))).toEqual([0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125]);
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 1, cooldown: 1 }, flat(9))).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025]);
  });

  it('an improvement during cooldown becomes the new best', () => {
    // Cut after epoch 1; epoch 2 (cooling down) improves to 0.5, so 0.6 at epoch 3 is a bad epoch
    // and cuts again (against the old best 1 it would have been an improvement).
    const losses = [1, 1, 0.5, 0.6, 0.6, 0.6];
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 0, cooldown: 1 }, losses)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it('minLr: a cut stops at minLr and stays there', () => {
    expect(rates({ type: 'reduceOnPlateau', factor: 0.1, patience: 0, minLr: 0.002 }, flat(5))).toEqual([0.1, 0.1, 0.01, 0.002, 0.002]);
  });

  it('minLr above the rate never raises it (PyTorch only ever lowers the rate)', () => {
    expect(rates({ type: 'reduceOnPlateau', factor: 0.5, patience: 0, minLr: 0.5 }, flat(4))).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it("a cut of no more than 1e-8 is skipped, as PyTorch's eps", () => {
    const schedule = createSchedule({ type: 'reduceOnPlateau', factor: 0.5, patience: 0 });
    schedule.observe!(1);
    schedule.observe!(1);
    expect(schedule.lrAt(2, 2e-8, 2e-8)).toBe(2e-8);
    schedule.observe!(1);
    expect(schedule.lrAt(3, 3e-8, 3e-8)).toBe(1.5e-8);
  });

  it('a rate set between epochs (a later fit, another schedule) is the one cut', () => {
    const schedule = createSchedule({ type: 'reduceOnPlateau', factor: 0.5, patience: 0 });
    schedule.observe!(1);
    schedule.observe!(1);
    expect(schedule.lrAt(2, 0.1, 0.04)).toBeCloseTo(0.02, 12);
    // The cut is taken once: the next epoch keeps the rate it is given.
    expect(schedule.lrAt(3, 0.1, 0.02)).toBe(0.02);
  });

  it('rejects bad settings with the field, the rule and the value', () => {
    expect(() => createSchedule({ type: 'reduceOnPlateau', factor: 1 })).toThrow('lrSchedule.factor must be in [0, 1), got 1');
    expect(() => createSchedule({ type: 'reduceOnPlateau', patience: -1 })).toThrow('lrSchedule.patience must be an integer >= 0, got -1');
    expect(() => createSchedule({ type: 'reduceOnPlateau', threshold: 2 })).toThrow('lrSchedule.threshold must be in [0, 1], got 2');
    expect(() => createSchedule({ type: 'reduceOnPlateau', cooldown: 0.5 })).toThrow('lrSchedule.cooldown must be an integer >= 0, got 0.5');
    expect(() => createSchedule({ type: 'reduceOnPlateau', minLr: -1 })).toThrow('lrSchedule.minLr must be a finite number >= 0, got -1');
    expect(() => createSchedule({ type: 'reduceOnPlateau', mode: 'up' as never })).toThrow("lrSchedule.mode must be 'min' or 'max', got \"up\"");
  });
});

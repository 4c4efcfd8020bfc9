// The logical clock that makes a study's history the same at any parallelism. Trials are laid
// out, in number order, on `logicalWorkers` virtual workers (list scheduling: trial n takes the
// first virtual worker to come free), where a trial costs one tick per reported step plus one
// for its end. Trial n is proposed from the trials that ended, on this clock, by the tick it
// starts; every other lower-numbered trial is pending (in flight, a constant liar for the
// sampler). Ticks count reports, not milliseconds, so the split between "seen" and "pending"
// is a function of the trial number and of the trials' results alone, never of timing or of
// how many real workers there are. When real workers run ahead of the clock, the answer is
// not known yet (a lower trial has not reported far enough) and the caller waits.
import { FINISHED_STATES, type FrozenTrial } from '../types.ts';

export type ClockAnswer =
  | { known: true; start: number; seen: number[]; pending: number[] }
  /** Not determined yet: `blockers` are the running or waiting trials it hinges on. */
  | { known: false; blockers: number[] };

interface Slot {
  /** The tick this virtual worker comes free (a lower bound while its trial runs). */
  tick: number;
  exact: boolean;
  number: number;
}

const FINISHED = new Set(FINISHED_STATES);

/** Ticks a trial costs: one per reported step and one for its end (a lower bound while it runs). */
export function trialCost(trial: FrozenTrial): number {
  return Object.keys(trial.intermediate).length + 1;
}

/**
 * Where trial `number` stands on the clock. `trials` must hold every trial numbered below it
 * (in any order; higher numbers are ignored).
 */
export function clockFor(number: number, trials: readonly FrozenTrial[], logicalWorkers: number): ClockAnswer {
  const byNumber: FrozenTrial[] = [];
  for (const t of trials) if (t.number < number) byNumber[t.number] = t;
  const slots: Slot[] = Array.from({ length: logicalWorkers }, () => ({ tick: 0, exact: true, number: -1 }));
  const starts: number[] = [];
  for (let m = 0; m <= number; m++) {
    // The first virtual worker to come free: an exact tick no later than every lower bound.
    let first = -1;
    for (let i = 0; i < slots.length; i++) if (slots[i]!.exact && (first < 0 || slots[i]!.tick < slots[first]!.tick)) first = i;
    const earlierUnknown = slots.filter((s) => !s.exact && (first < 0 || s.tick < slots[first]!.tick));
    if (first < 0 || earlierUnknown.length > 0) return { known: false, blockers: earlierUnknown.map((s) => s.number) };
    const start = slots[first]!.tick;
    if (m === number) {
      starts[m] = start;
      break;
    }
    const trial = byNumber[m];
    if (trial === undefined) throw new RangeError(`clockFor: trials must hold every trial below ${number}, got none numbered ${m}`);
    starts[m] = start;
    slots[first] = { tick: start + trialCost(trial), exact: FINISHED.has(trial.state), number: m };
  }
  const start = starts[number]!;
  const seen: number[] = [];
  const pending: number[] = [];
  const blockers: number[] = [];
  for (let m = 0; m < number; m++) {
    const trial = byNumber[m]!;
    const end = starts[m]! + trialCost(trial);
    if (FINISHED.has(trial.state)) (end <= start ? seen : pending).push(m);
    else if (end > start) pending.push(m);
    else blockers.push(m);
  }
  return blockers.length > 0 ? { known: false, blockers } : { known: true, start, seen, pending };
}

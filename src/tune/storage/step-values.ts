// Trials' values at one step, for pruners: the median of the complete trials at step 3, the rung
// values of successive halving. A study asks this at every report; over thousands of finished
// trials, gathering and sorting them each time is the cost that grows with the study. Finished
// trials never change, so a StepIndex takes each one once (in the order the history found them)
// and keeps, per state filter, its entries in number order and its values sorted; a query adds
// only the few unfinished trials.
import { describeValue } from '../../errors.ts';
import type { FrozenTrial, StepValue, StepValueQuery, StepValues, StudyView, TrialState } from '../types.ts';

/** A trial's value for the query's step and match, or undefined when it has none there. */
export function valueAt(trial: FrozenTrial, step: number, match: 'exact' | 'rung'): number | undefined {
  if (match === 'exact') return trial.intermediate[step];
  let first: number | undefined;
  for (const key of Object.keys(trial.intermediate)) {
    const s = Number(key);
    if (s >= step && (first === undefined || s < first)) first = s;
  }
  return first === undefined ? undefined : trial.intermediate[first];
}

export function checkStepQuery(step: unknown, query: StepValueQuery): void {
  if (!(Number.isSafeInteger(step) && (step as number) >= 0)) throw new RangeError(`stepValues: step must be a non-negative integer, got ${describeValue(step)}`);
  const { match = 'exact', below } = query;
  if (match !== 'exact' && match !== 'rung') throw new TypeError(`stepValues: query.match must be "exact" or "rung", got ${describeValue(match)}`);
  if (below !== undefined && !(Number.isSafeInteger(below) && below >= 0)) throw new RangeError(`stepValues: query.below must be a non-negative integer, got ${describeValue(below)}`);
}

/** How many entries (in number order) are numbered below `below`. */
function countBelow(entries: readonly StepValue[], below: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.number < below) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted<T>(array: T[], item: T, key: (x: T) => number): void {
  const k = key(item);
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(array[mid]!) <= k) lo = mid + 1;
    else hi = mid;
  }
  if (lo === array.length) array.push(item);
  else array.splice(lo, 0, item);
}

const byNumber = (e: StepValue): number => e.number;
const itself = (v: number): number => v;

function ascendingOf(entries: readonly StepValue[]): number[] {
  return entries
    .map((e) => e.value)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
}

/** StepValues over entries in number order (their values sorted once, when first asked). */
export function stepValuesOf(entries: readonly StepValue[], sorted?: readonly number[]): StepValues {
  let ascending = sorted;
  return { entries, ascending: () => (ascending ??= ascendingOf(entries)) };
}

interface Filtered {
  states: ReadonlySet<TrialState> | undefined;
  entries: StepValue[];
  ascending: number[];
}

/** The finished trials' values at one step and match, kept as the history finds finished trials. */
export class StepIndex {
  private readonly step: number;
  private readonly match: 'exact' | 'rung';
  /** How many of the history's finished trials (its discovery log) are taken in. */
  private taken = 0;
  /** Every finished trial's entry taken in so far, in that order (a filter first asked for later starts from it). */
  private readonly log: StepValue[] = [];
  private readonly filtered = new Map<string, Filtered>();

  constructor(step: number, match: 'exact' | 'rung') {
    this.step = step;
    this.match = match;
  }

  /**
   * The values of `finished` (the history's append-only log of finished trials) and of
   * `unfinished` (read now), for the query's states, below its number.
   */
  query(finished: readonly FrozenTrial[], unfinished: readonly FrozenTrial[], query: StepValueQuery): StepValues {
    const kept = this.filteredFor(query.states);
    this.catchUp(finished);
    const below = query.below ?? Number.POSITIVE_INFINITY;
    const fresh: StepValue[] = [];
    for (const t of unfinished) {
      if (t.number >= below || (kept.states !== undefined && !kept.states.has(t.state))) continue;
      const value = valueAt(t, this.step, this.match);
      if (value !== undefined) fresh.push({ number: t.number, state: t.state, value });
    }
    const whole = kept.entries.length === 0 || kept.entries.at(-1)!.number < below;
    const base = whole ? kept.entries : kept.entries.slice(0, countBelow(kept.entries, below));
    if (fresh.length === 0) return whole ? stepValuesOf(base, kept.ascending) : stepValuesOf(base);
    const entries = base.slice();
    for (const e of fresh) insertSorted(entries, e, byNumber);
    if (!whole) return stepValuesOf(entries);
    const ascending = kept.ascending.slice();
    for (const e of fresh) if (!Number.isNaN(e.value)) insertSorted(ascending, e.value, itself);
    return stepValuesOf(entries, ascending);
  }

  private filteredFor(states: readonly TrialState[] | undefined): Filtered {
    const key = states === undefined ? '*' : [...new Set(states)].sort().join(',');
    let kept = this.filtered.get(key);
    if (kept === undefined) {
      // A filter first asked for now starts empty and takes in every finished trial below.
      kept = { states: states === undefined ? undefined : new Set(states), entries: [], ascending: [] };
      this.filtered.set(key, kept);
      for (const entry of this.log) this.add(kept, entry);
    }
    return kept;
  }

  /** Takes in the finished trials found since the last query. */
  private catchUp(finished: readonly FrozenTrial[]): void {
    for (; this.taken < finished.length; this.taken += 1) {
      const t = finished[this.taken]!;
      const value = valueAt(t, this.step, this.match);
      if (value === undefined) continue;
      const entry: StepValue = { number: t.number, state: t.state, value };
      this.log.push(entry);
      for (const kept of this.filtered.values()) this.add(kept, entry);
    }
  }

  private add(kept: Filtered, entry: StepValue): void {
    if (kept.states !== undefined && !kept.states.has(entry.state)) return;
    insertSorted(kept.entries, entry, byNumber);
    if (!Number.isNaN(entry.value)) insertSorted(kept.ascending, entry.value, itself);
  }
}

/** The values at a step of a list of trials (a view without stepValues, a pruner's own list). */
export function stepValuesFromTrials(trials: readonly FrozenTrial[], step: number, query: StepValueQuery = {}): StepValues {
  checkStepQuery(step, query);
  const { match = 'exact', below = Number.POSITIVE_INFINITY } = query;
  const states = query.states === undefined ? undefined : new Set(query.states);
  const entries: StepValue[] = [];
  for (const t of trials) {
    const value = t.number < below && (states === undefined || states.has(t.state)) ? valueAt(t, step, match) : undefined;
    if (value !== undefined) entries.push({ number: t.number, state: t.state, value });
  }
  return stepValuesOf(entries.sort((a, b) => a.number - b.number));
}

/** A view's values at a step: its own stepValues when it keeps them, else read from getTrials. */
export async function readStepValues(view: StudyView, step: number, query: StepValueQuery = {}): Promise<StepValues> {
  if (view.stepValues !== undefined) return view.stepValues(step, query);
  checkStepQuery(step, query);
  return stepValuesFromTrials(await view.getTrials(query.states), step, query);
}

/** numpy.percentile with linear interpolation over values already sorted ascending; NaN when empty. */
export function sortedPercentile(sorted: readonly number[], percentile: number): number {
  if (sorted.length === 0) return NaN;
  const position = (percentile / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return lo === hi ? a : a + (b - a) * (position - lo);
}

/** How many trials a view holds in `states` (below a number): its own count when it keeps one. */
export async function readTrialCount(view: StudyView, states?: readonly TrialState[], below?: number): Promise<number> {
  if (view.countTrials !== undefined) return view.countTrials(states, below);
  const trials = await view.getTrials(states);
  return below === undefined ? trials.length : trials.filter((t) => t.number < below).length;
}

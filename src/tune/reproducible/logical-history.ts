// What each trial of a reproducible study may see of the others, the same at any parallelism:
// - its sampler: the trials that ended by its start on the logical clock (logical-clock.ts), as
//   stored; every other lower-numbered trial as pending, showing only what was fixed when it was
//   proposed (its relative sample, fixed params, grid point), never a partial result; no
//   higher-numbered trial;
// - its pruner: lower-numbered trials only, each once it has reported at the step in question
//   or ended (trialsBefore).
// Both wait, re-reading the storage, until the answer is settled. Waiting only ever goes down
// the trial numbers, so the lowest running trial waits on nothing and the chain always ends.
import { SYSTEM_ATTRS } from '../system-attrs.ts';
import { ReproducibleWaitError } from '../trial-errors.ts';
import { FINISHED_STATES, type Direction, type FrozenTrial, type LowerTrialsOptions, type StudyView, type TrialState } from '../types.ts';
import { ChangeSignal } from './change-signal.ts';
import { clockFor } from './logical-clock.ts';
import type { ResolvedReproducibleOptions } from './options.ts';

const FINISHED = new Set(FINISHED_STATES);

/** Attributes fixed when a trial was created or proposed: what a pending trial shows. */
const PROPOSAL_ATTRS = [SYSTEM_ATTRS.gridIndex, SYSTEM_ATTRS.fixedParams, SYSTEM_ATTRS.relativeParams, SYSTEM_ATTRS.retryOf, SYSTEM_ATTRS.retryCount] as const;

type Attempt<T> = { done: true; value: T } | { done: false; blockers: number[] };

export interface LogicalHistoryContext {
  /** Every trial of the study as stored now (the study's read). */
  read: () => Promise<FrozenTrial[]>;
  direction: Direction;
  /** One per objective (default [direction]). */
  directions?: readonly Direction[];
  seed: number;
  options: ResolvedReproducibleOptions;
  /** Fails dead workers' trials (the study's orphan reaping), so a wait on them ends. */
  reap: () => Promise<unknown>;
}

export class LogicalHistory {
  private readonly context: LogicalHistoryContext;
  private readonly signal = new ChangeSignal();

  constructor(context: LogicalHistoryContext) {
    this.context = context;
  }

  /** Call after this process changed a trial: waiting trials look again at once. */
  notify(): void {
    this.signal.notify();
  }

  /** The sampler's view for trial `number` (waits until the clock has settled it). */
  async proposalView(number: number): Promise<StudyView> {
    const { logicalWorkers } = this.context.options;
    const snapshot = await this.waitFor(number, (trials) => {
      const answer = clockFor(number, trials, logicalWorkers);
      if (!answer.known) return { done: false, blockers: answer.blockers };
      const byNumber = new Map(trials.map((t) => [t.number, t]));
      const unproposed = answer.pending.filter((m) => !FINISHED.has(byNumber.get(m)!.state) && !(SYSTEM_ATTRS.relativeParams in byNumber.get(m)!.systemAttrs));
      if (unproposed.length > 0) return { done: false, blockers: unproposed };
      const view = [...answer.seen.map((m) => byNumber.get(m)!), ...answer.pending.map((m) => asPending(byNumber.get(m)!))];
      const self = byNumber.get(number);
      if (self !== undefined) view.push(asPending(self));
      return { done: true, value: view.sort((a, b) => a.number - b.number) };
    });
    return this.view(snapshot);
  }

  /** A StudyView over a fixed list of trials, with trialsBefore for the pruners. */
  view(trials: readonly FrozenTrial[]): StudyView {
    return {
      direction: this.context.direction,
      directions: this.context.directions ?? [this.context.direction],
      seed: this.context.seed,
      getTrials: async (states?: readonly TrialState[]) => trials.filter((t) => states === undefined || states.includes(t.state)).map(copyTrial),
      trialsBefore: (number, options) => this.trialsBefore(number, options),
      historyOnly: true,
    };
  }

  /**
   * The trials numbered below `number` (those `include` keeps), once each has ended or, with
   * `reached`, reported at a step ≥ reached. Those that reached it show their reports up to the
   * first such step and state 'running' (finished or not: which one is a matter of timing).
   */
  async trialsBefore(number: number, options: LowerTrialsOptions = {}): Promise<FrozenTrial[]> {
    const { reached, include } = options;
    return this.waitFor(number, (trials) => {
      const lower = trials.filter((t) => t.number < number && (include === undefined || include(t.number)));
      const blockers: number[] = [];
      const shown: FrozenTrial[] = [];
      for (const t of lower) {
        const upTo = reached === undefined ? undefined : firstStepAtOrAfter(t, reached);
        if (upTo !== undefined) shown.push(truncated(t, upTo));
        else if (FINISHED.has(t.state)) shown.push(t);
        else blockers.push(t.number);
      }
      return blockers.length > 0 ? { done: false, blockers } : { done: true, value: shown.sort((a, b) => a.number - b.number) };
    });
  }

  private async waitFor<T>(number: number, attempt: (trials: FrozenTrial[]) => Attempt<T>): Promise<T> {
    const { read, options, reap } = this.context;
    let progress = '';
    let since = Date.now();
    for (;;) {
      const trials = await read();
      const result = attempt(trials);
      if (result.done) return result.value;
      const byNumber = new Map(trials.map((t) => [t.number, t]));
      const now = progressKey(result.blockers.map((m) => byNumber.get(m)));
      if (now !== progress) {
        progress = now;
        since = Date.now();
      } else if (Date.now() - since > options.waitTimeoutMs) {
        throw new ReproducibleWaitError(
          `trial ${number} waited ${options.waitTimeoutMs} ms (reproducible.waitTimeoutMs) for trial${result.blockers.length === 1 ? '' : 's'} ${result.blockers.join(', ')}, which made no progress; turn heartbeats on so dead workers' trials are failed, or set reproducible: false`,
        );
      }
      await reap();
      await this.signal.next(options.pollMs);
    }
  }
}

/** A pending trial as every sampler sees it: only what its proposal fixed. */
function asPending(t: FrozenTrial): FrozenTrial {
  const relative = objectAttr(t.systemAttrs[SYSTEM_ATTRS.relativeParams]);
  const fixed = objectAttr(t.systemAttrs[SYSTEM_ATTRS.fixedParams]);
  const systemAttrs: Record<string, unknown> = {};
  for (const key of PROPOSAL_ATTRS) if (key in t.systemAttrs) systemAttrs[key] = t.systemAttrs[key];
  return {
    number: t.number,
    state: 'running',
    params: { ...relative, ...fixed },
    distributions: {},
    value: null,
    values: null,
    intermediate: {},
    seed: t.seed,
    startedAt: null,
    completedAt: null,
    userAttrs: {},
    systemAttrs,
  };
}

function objectAttr(value: unknown): Record<string, FrozenTrial['params'][string]> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, FrozenTrial['params'][string]>) } : {};
}

function firstStepAtOrAfter(t: FrozenTrial, step: number): number | undefined {
  let first: number | undefined;
  for (const key of Object.keys(t.intermediate)) {
    const s = Number(key);
    if (s >= step && (first === undefined || s < first)) first = s;
  }
  return first;
}

function truncated(t: FrozenTrial, upTo: number): FrozenTrial {
  const intermediate: Record<number, number> = {};
  for (const [key, value] of Object.entries(t.intermediate)) if (Number(key) <= upTo) intermediate[Number(key)] = value;
  return { ...asPending(t), params: { ...t.params }, distributions: { ...t.distributions }, intermediate };
}

function copyTrial(t: FrozenTrial): FrozenTrial {
  return { ...t, params: { ...t.params }, distributions: { ...t.distributions }, intermediate: { ...t.intermediate }, userAttrs: { ...t.userAttrs }, systemAttrs: { ...t.systemAttrs } };
}

/** Changes whenever one of the awaited trials reports, is proposed or changes state. */
function progressKey(trials: readonly (FrozenTrial | undefined)[]): string {
  return trials.map((t) => (t === undefined ? '-' : `${t.number}:${t.state}:${Object.keys(t.intermediate).length}:${SYSTEM_ATTRS.relativeParams in t.systemAttrs}`)).join(',');
}

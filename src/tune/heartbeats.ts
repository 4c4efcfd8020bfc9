// Heartbeats for the trials this process runs (asked through optimize() or ask/tell alike), and
// the reaping of other workers' dead trials. One timer per study beats every trial in flight,
// then fails (and re-queues) trials whose worker stopped beating; a trial counts from its start
// until its first beat, so a worker that dies before beating is caught too. A trial whose
// process is gone from this host is failed at the same time without waiting for the grace. The storage stamps
// beats with its own clock (the server's, for PostgreSQL), so the machines' clocks never matter.
//
// Beats come from the event loop: an objective that blocks it (synchronous training in the main
// thread) for longer than graceMs gets its trial failed by another worker. Run heavy trials in
// worker threads (PiscinaExecutor) or choose graceMs well above the longest block.
import { describeValue } from '../errors.ts';
import type { StalePolicy, StaleTrialsResult, Storage } from './types.ts';

export interface HeartbeatOptions {
  /** How often running trials beat, in ms (default 5 000). */
  intervalMs?: number;
  /** A running trial without a beat for this long is failed and retried (default 6 × intervalMs). */
  graceMs?: number;
  /** How often one configuration is retried after its worker died (default 2). */
  maxRetries?: number;
  /** Told about a failed beat or reap (the storage already retried it); default: ignored. */
  onError?: (error: unknown) => void;
}

export function checkHeartbeatOptions(options: HeartbeatOptions, field = 'heartbeat'): Required<Omit<HeartbeatOptions, 'onError'>> {
  if (options === null || typeof options !== 'object') throw new TypeError(`${field} must be an object, got ${describeValue(options)}`);
  const intervalMs = options.intervalMs ?? 5_000;
  if (!(typeof intervalMs === 'number' && Number.isFinite(intervalMs) && intervalMs > 0)) throw new RangeError(`${field}.intervalMs must be a positive number of ms, got ${describeValue(intervalMs)}`);
  const graceMs = options.graceMs ?? 6 * intervalMs;
  if (!(typeof graceMs === 'number' && graceMs > intervalMs)) throw new RangeError(`${field}.graceMs must be a number greater than intervalMs (${intervalMs}), got ${describeValue(graceMs)}`);
  const maxRetries = options.maxRetries ?? 2;
  if (!(Number.isSafeInteger(maxRetries) && maxRetries >= 0)) throw new RangeError(`${field}.maxRetries must be a non-negative integer, got ${describeValue(maxRetries)}`);
  return { intervalMs, graceMs, maxRetries };
}

export class TrialHeartbeats {
  readonly intervalMs: number;
  readonly policy: StalePolicy;
  private readonly onError: (error: unknown) => void;
  private readonly active = new Set<number>();
  private readonly lost = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private lastReap = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly storage: Storage,
    private readonly studyId: number,
    options: HeartbeatOptions,
  ) {
    const checked = checkHeartbeatOptions(options);
    this.intervalMs = checked.intervalMs;
    this.policy = { graceMs: checked.graceMs, maxRetries: checked.maxRetries };
    this.onError = options.onError ?? (() => undefined);
  }

  /** The trials this process is running now. */
  get running(): number[] {
    return [...this.active];
  }

  start(trialNumber: number): void {
    this.active.add(trialNumber);
    // unref: a trial asked and never told must not keep the process alive.
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs).unref();
  }

  stop(trialNumber: number): void {
    this.active.delete(trialNumber);
    if (this.active.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** True once a beat found the trial no longer running (another worker failed it as stale). */
  isLost(trialNumber: number): boolean {
    return this.lost.has(trialNumber);
  }

  /** Fails and re-queues other workers' stale trials and dead processes' trials, at most once per interval unless forced. */
  async reap(force = false): Promise<StaleTrialsResult | undefined> {
    const now = Date.now();
    if (!force && now - this.lastReap < this.intervalMs) return undefined;
    this.lastReap = now;
    // This process is alive, whatever the last beats of its own trials say (a long synchronous
    // epoch holds the timer back): they beat first, so the reaping never fails them.
    await this.beat();
    return this.storage.failStaleTrials(this.studyId, this.policy);
  }

  /** Hands every trial this process runs back to the study (failed with `reason`, re-queued). */
  async releaseAll(reason: string): Promise<number[]> {
    const retries: number[] = [];
    for (const number of this.running) {
      this.lost.add(number);
      this.stop(number);
      const retry = await this.storage.releaseTrial(this.studyId, number, reason);
      if (retry !== undefined) retries.push(retry.number);
    }
    return retries;
  }

  private async beat(): Promise<void> {
    await Promise.all(
      this.running.map(async (number) => {
        if (!(await this.storage.heartbeat(this.studyId, number))) this.lost.add(number);
      }),
    );
  }

  private async tick(): Promise<void> {
    // A slow storage (reconnecting) must not pile up ticks.
    if (this.ticking) return;
    this.ticking = true;
    try {
      // A reap beats first; a tick within the interval of the last reap only beats.
      if ((await this.reap()) === undefined) await this.beat();
    } catch (error) {
      this.onError(error);
    } finally {
      this.ticking = false;
    }
  }
}

// PiscinaExecutor's parent side (option checks, the epoch protocol, pruning, hook errors, worker
// failures, taskTimeout and cancellation) on one-thread pools running a scripted task file
// (mutation-task.mjs), which trains nothing: a thread starts in milliseconds, so these stay fast,
// while piscina-executor.test.ts covers real trials on the real task file.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PiscinaExecutor } from '../../../src/tune/executors/piscina-executor.ts';
import { TrialTimeoutError, TrialWorkerError, type ExecutorRunOptions } from '../../../src/tune/executors/executor.ts';

const TASK = new URL('./mutation-task.mjs', import.meta.url);
const executors: PiscinaExecutor[] = [];
const pool = (taskTimeout?: number) => {
  const executor = new PiscinaExecutor({ threads: 1, filename: TASK, ...(taskTimeout === undefined ? {} : { taskTimeout }) });
  executors.push(executor);
  return executor;
};
afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
});
let plain: PiscinaExecutor | undefined;
const plainPool = () => (plain ??= pool());

/** Runs `script` for `maxEpochs`; `replies()` lists what the worker was answered (true go, false stop). */
function scripted(executor: PiscinaExecutor, script: string, maxEpochs: number, options?: ExecutorRunOptions) {
  const replies = new Int32Array(new SharedArrayBuffer(4 * Math.max(maxEpochs, 1)));
  const run = executor.run({ script, maxEpochs, replies } as never, options);
  return { run, replies: () => [...replies].filter((r) => r !== 0).map((r) => r === 1) };
}

describe('PiscinaExecutor options', () => {
  it('takes a positive finite taskTimeout or none, and refuses a negative one', async () => {
    expect(() => new PiscinaExecutor({ threads: 1, filename: TASK, taskTimeout: -5 })).toThrow('taskTimeout must be a positive number of ms, got -5');
    const executor = pool(2_000);
    expect([executor.threads, executor.taskTimeout]).toEqual([1, 2_000]);
    expect(plainPool().taskTimeout).toBeUndefined();
  });

  it('keeps its thread alive until closed', async () => {
    const executor = new PiscinaExecutor({ threads: 1, filename: TASK });
    expect(executor.liveThreads).toBe(1);
    await executor.close();
    expect(executor.liveThreads).toBe(0);
  });
});

// Each test here takes well under a second; a run that never settles (a lost answer, a missed
// "done") fails at 5 s instead of waiting for vitest's 30 s default.
describe('PiscinaExecutor protocol', { timeout: 5_000 }, () => {
  it('answers every epoch go and returns the worker result when there is no onEpoch', async () => {
    const { run, replies } = scripted(plainPool(), 'epochs', 3);
    expect(await run).toEqual({ status: 'completed', value: 0.3, epochs: 3 });
    expect(replies()).toEqual([true, true, true]);
  });

  it('asks onEpoch in order until the first stop, then answers stop without asking; the result is the pruned epoch', async () => {
    const seen: [number, number][] = [];
    const onEpoch = (epoch: number, value: number) => (seen.push([epoch, value]), epoch < 2);
    const { run, replies } = scripted(plainPool(), 'epochs', 4, { onEpoch });
    // The worker ran all 4 epochs ahead of the answers; the study's decision at epoch 2 wins.
    expect(await run).toEqual({ status: 'pruned', value: 0.2, epochs: 2 });
    expect(seen).toEqual([[1, 0.1], [2, 0.2]]);
    expect(replies()).toEqual([true, false, false, false]);
  });

  it('an onEpoch that throws stops the worker and its first error rejects the run', async () => {
    const first = new Error('hook failed');
    const seen: number[] = [];
    const onEpoch = (epoch: number) => {
      seen.push(epoch);
      if (epoch >= 2) throw epoch === 2 ? first : new Error('asked again');
      return true;
    };
    const done = scripted(plainPool(), 'epochs', 3, { onEpoch });
    await expect(done.run).rejects.toBe(first);
    expect(seen).toEqual([1, 2]);
    expect(done.replies()).toEqual([true, false, false]);
    // Also when the worker fails afterwards: the hook's error is the one reported.
    const failed = scripted(plainPool(), 'throw-after', 2, { onEpoch });
    await expect(failed.run).rejects.toBe(first);
  });

  it('a task that throws fails as TrialWorkerError with the worker error as cause', async () => {
    const error = await scripted(plainPool(), 'throw', 1).run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrialWorkerError);
    expect((error as Error).name).toBe('TrialWorkerError');
    expect((error as Error).message).toBe('trial worker failed: scripted failure');
    expect(((error as Error).cause as Error).message).toBe('scripted failure');
    await expect(scripted(plainPool(), 'throw-string', 1).run).rejects.toThrow('trial worker failed: "scripted string"');
    // The pool still runs trials.
    expect((await scripted(plainPool(), 'epochs', 1).run).status).toBe('completed');
  });
});

describe('PiscinaExecutor cancellation and taskTimeout', { timeout: 5_000 }, () => {
  it('refuses an aborted signal before sending anything, and rejects with the reason when aborted during the trial', async () => {
    const before = new AbortController();
    const reason = new Error('cancelled before');
    before.abort(reason);
    const refused = scripted(plainPool(), 'epochs', 1, { signal: before.signal });
    await expect(refused.run).rejects.toBe(reason);
    expect(refused.replies()).toEqual([]);
    const during = new AbortController();
    const cancelled = new Error('cancelled during');
    const onEpoch = () => (during.abort(cancelled), true);
    await expect(scripted(plainPool(), 'hang-after-epochs', 1, { signal: during.signal, onEpoch }).run).rejects.toBe(cancelled);
  });

  it('a trial that runs past taskTimeout fails with TrialTimeoutError, with or without a signal; one within it completes', async () => {
    const executor = pool(150);
    // Within the limit (the start-up backstop is 60 s past it, so it cannot fire here).
    expect((await scripted(executor, 'epochs', 2).run).status).toBe('completed');
    const error = await scripted(executor, 'hang', 1).run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrialTimeoutError);
    expect((error as Error).name).toBe('TrialTimeoutError');
    expect((error as Error).message).toBe('trial ran past taskTimeout = 150 ms');
    // piscina's AbortError, whose cause is the timeout's own reason.
    expect((((error as Error).cause as Error).cause as Error).message).toBe('taskTimeout = 150 ms');
    const signal = new AbortController().signal;
    await expect(scripted(executor, 'hang', 1, { signal }).run).rejects.toBeInstanceOf(TrialTimeoutError);
    // A cancelled trial on a pool with a timeout is cancelled, not timed out.
    const during = new AbortController();
    const cancelled = new Error('cancelled');
    await expect(scripted(executor, 'hang-after-epochs', 1, { signal: during.signal, onEpoch: () => (during.abort(cancelled), true) }).run).rejects.toBe(cancelled);
  });

  it('a task no thread takes fails with TrialTimeoutError once the start-up backstop (60 s past taskTimeout) passes', async () => {
    const executor = pool(150);
    // Fake timers on this thread only: the worker thread keeps its own, and says nothing.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { run } = scripted(executor, 'silent', 1);
      const outcome = run.then(() => 'resolved', (e: unknown) => e);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await Promise.race([outcome, Promise.resolve('pending')])).toBe('pending');
      await vi.advanceTimersByTimeAsync(200);
      expect(await outcome).toBeInstanceOf(TrialTimeoutError);
    } finally {
      vi.useRealTimers();
    }
  });
});

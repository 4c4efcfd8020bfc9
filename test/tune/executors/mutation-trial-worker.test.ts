// The piscina task function (trial-worker.ts) called on this thread with a MessageChannel, as
// the pool would call it: the messages it posts (started, each epoch, done), how it reads the
// answers (every answer waiting, and the first stop wins), its result and diagnostics, and that
// it closes its port. No thread starts, so the code runs where coverage and mutants are seen.
import { MessageChannel, receiveMessageOnPort, threadId, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBackend } from '../../../src/backend/registry.ts';
import type { TrialPayload } from '../../../src/tune/executors/executor.ts';
import { InlineExecutor } from '../../../src/tune/executors/inline-executor.ts';
import { prepareMlpData } from '../../../src/tune/objectives/mlp-objective.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const payload: TrialPayload = {
  data: prepareMlpData(smallDigits(60, 20)),
  hyper: { lr: 0.01, units: [8], l2: 0, batchSize: 16, activation: 'relu' },
  seed: 5,
  maxEpochs: 3,
  metric: 'accuracy',
};
let runTrialTask: typeof import('../../../src/tune/executors/trial-worker.ts').default;
// Loading the task file sets the backend to one kernel thread (right in a worker, not here).
let threadsBefore = 0;
beforeAll(async () => {
  threadsBefore = getBackend().getThreads();
  runTrialTask = (await import('../../../src/tune/executors/trial-worker.ts')).default;
});
afterAll(() => getBackend().setThreads(threadsBefore));

/** Everything the task posted to the main thread's end, in order. */
function drain(port: MessagePort): unknown[] {
  const messages: unknown[] = [];
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) messages.push(m.message);
  return messages;
}

/** Runs the task with `answers` already waiting on its port (it reads them after epoch 1). */
async function runWith(answers: boolean[]) {
  const { port1, port2 } = new MessageChannel();
  for (const go of answers) port1.postMessage({ go });
  const result = await runTrialTask({ ...payload, port: port2 });
  const messages = drain(port1);
  // The task closes its end; our end hears of it within an event-loop turn or two (2 s is only
  // the bound for a task that forgot to, wide enough that a loaded machine never reaches it).
  const closed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 2_000);
    port1.once('close', () => (clearTimeout(timer), resolve(true)));
  });
  port1.close();
  return { result, messages, closed };
}

describe('trial worker task', () => {
  it('posts started, every epoch and done, answers go on, and returns the inline result with its diagnostics', async () => {
    const { result, messages, closed } = await runWith([true]);
    const inline = await new InlineExecutor().run(payload);
    expect(result).toEqual({ ...inline, diagnostics: { threadId, sharedBuffers: true } });
    expect(result.status).toBe('completed');
    const epochs = messages.slice(1, -1) as { epoch: number; value: number }[];
    expect(messages[0]).toEqual({ started: true });
    expect(epochs.map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(epochs[2]!.value).toBe(inline.value);
    expect(messages.at(-1)).toEqual({ done: true });
    expect(closed).toBe(true);
  });

  it('stops after the epoch in which it reads a stop, even when a go is waiting after it', async () => {
    const { result, messages } = await runWith([false, true]);
    expect([result.status, result.epochs]).toEqual(['pruned', 1]);
    expect(messages.length).toBe(3); // started, epoch 1, done
  });

  it('reads past a go to a stop waiting behind it', async () => {
    const { result } = await runWith([true, false]);
    expect([result.status, result.epochs]).toEqual(['pruned', 1]);
  });
});

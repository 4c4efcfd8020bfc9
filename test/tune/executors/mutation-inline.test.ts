// The inline executor's contract on the calling thread (onEpoch decides, an abort signal stops the
// trial), and the pool executor's option checks, which throw before any thread starts.
import { describe, expect, it } from 'vitest';
import { InlineExecutor } from '../../../src/tune/executors/inline-executor.ts';
import { PiscinaExecutor } from '../../../src/tune/executors/piscina-executor.ts';
import type { TrialPayload } from '../../../src/tune/executors/executor.ts';
import { prepareMlpData } from '../../../src/tune/objectives/mlp-objective.ts';
import { smallDigits } from '../../fixtures/tune-data.ts';

const payload: TrialPayload = {
  data: prepareMlpData(smallDigits(60, 20)),
  hyper: { lr: 0.01, units: [8], l2: 0, batchSize: 16, activation: 'relu' },
  seed: 3,
  maxEpochs: 3,
  metric: 'accuracy',
};

describe('InlineExecutor', () => {
  it('trains every epoch without onEpoch, and stops where onEpoch says so', async () => {
    const executor = new InlineExecutor();
    const full = await executor.run(payload);
    expect([full.status, full.epochs]).toEqual(['completed', 3]);
    const seen: number[] = [];
    const pruned = await executor.run(payload, { onEpoch: (epoch) => (seen.push(epoch), epoch < 2) });
    expect([pruned.status, pruned.epochs, seen]).toEqual(['pruned', 2, [1, 2]]);
    await executor.close();
  });

  it('refuses to start on an aborted signal and stops after the epoch in which it is aborted', async () => {
    const executor = new InlineExecutor();
    const before = new AbortController();
    before.abort(new Error('cancelled before'));
    await expect(executor.run(payload, { signal: before.signal })).rejects.toThrow('cancelled before');
    const during = new AbortController();
    const seen: number[] = [];
    const run = executor.run(payload, {
      signal: during.signal,
      onEpoch: (epoch) => {
        seen.push(epoch);
        if (epoch === 1) during.abort(new Error('cancelled during'));
        return true;
      },
    });
    await expect(run).rejects.toThrow('cancelled during');
    expect(seen).toEqual([1]);
  });
});

describe('PiscinaExecutor options', () => {
  it.each([
    [{ threads: 0 }, 'PiscinaExecutor: threads must be a positive integer, got 0'],
    [{ threads: 1.5 }, 'PiscinaExecutor: threads must be a positive integer, got 1.5'],
    [{ threads: 1, taskTimeout: 0 }, 'PiscinaExecutor: taskTimeout must be a positive number of ms, got 0'],
    [{ threads: 1, taskTimeout: Number.POSITIVE_INFINITY }, 'PiscinaExecutor: taskTimeout must be a positive number of ms, got Infinity'],
    [{ threads: 1, taskTimeout: '100' }, 'PiscinaExecutor: taskTimeout must be a positive number of ms, got "100"'],
  ])('%#: %j', (options, message) => {
    expect(() => new PiscinaExecutor(options as never)).toThrow(RangeError);
    expect(() => new PiscinaExecutor(options as never)).toThrow(message);
  });
});

// Runs trials on the calling thread (parallelism then only interleaves epochs, it adds no cores).
import { datasetFromRef } from '../objectives/shared-data.ts';
import { trainTrial } from '../objectives/train-trial.ts';
import type { Executor, ExecutorRunOptions, TrialPayload, TrialRunResult } from './executor.ts';

export class InlineExecutor implements Executor {
  async run(payload: TrialPayload, options: ExecutorRunOptions = {}): Promise<TrialRunResult> {
    const { onEpoch, signal } = options;
    signal?.throwIfAborted();
    return trainTrial(payload, datasetFromRef(payload.data.train), datasetFromRef(payload.data.validation), async (epoch, value) => {
      const go = onEpoch === undefined ? true : await onEpoch(epoch, value);
      signal?.throwIfAborted();
      // Yield between epochs so concurrent inline trials interleave.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return go;
    });
  }

  async close(): Promise<void> {}
}

// Native and WASM load and compute correctly in 4 worker threads at once (the addon keeps
// no static state; each WASM instance has its own memory), and workers inherit the choice.
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/registry.ts';
import { COMPILED } from './backends.ts';

// JavaScript that loads dist/ while that build is current, else registers tsx in the worker
// itself (hyperprop-modules.mjs): worker threads do not inherit vitest's TypeScript transform.
const WORKER = new URL('../fixtures/backend-worker.mjs', import.meta.url);

function runWorker(data: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: data });
    worker.once('message', (message) => {
      resolve(message as Record<string, unknown>);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

// The same 4 threads load and compute on every compiled backend (one after the other in each
// thread, the 4 threads at once): a thread start per backend and thread cost more than the check.
let results: Promise<Record<string, { backend: string; worst: number }>[]>;
beforeAll(() => {
  const backends = COMPILED.map(([name]) => name);
  results = Promise.all([0, 1, 2, 3].map((seed) => runWorker({ backends, size: 67, seed }))) as typeof results;
  results.catch(() => {}); // reported by the tests that await it
});

describe('backends in worker threads', () => {
  it.each(COMPILED)('%s computes correctly in 4 worker threads at once', async (name) => {
    const all = await results;
    expect(all).toHaveLength(4);
    for (const result of all) {
      expect(result[name]!.backend).toBe(name);
      expect(result[name]!.worst).toBeLessThan(1e-3);
    }
  }, 60_000);

  it('a worker started after setBackend() inherits the choice', async () => {
    await results.catch(() => {}); // the first tests' threads started on the default choice
    setBackend('js');
    try {
      const result = await runWorker({ backends: 'inherit' });
      expect(result).toEqual({ active: 'js', requestedBy: 'parent thread' });
    } finally {
      setBackend(); // test files share this thread's registry: hand the next one the default choice
    }
  }, 60_000);
});

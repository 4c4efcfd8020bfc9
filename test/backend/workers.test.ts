// Native and WASM load and compute correctly in 4 worker threads at once (the addon keeps
// no static state; each WASM instance has its own memory), and workers inherit the choice.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { setBackend } from '../../src/backend/registry.ts';
import { COMPILED } from './backends.ts';

const WORKER = new URL('../fixtures/backend-worker.ts', import.meta.url).href;
// Worker threads do not inherit vitest's TypeScript transform: register tsx inside the worker.
const BOOTSTRAP = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); });`;

function runWorker(data: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
    worker.once('message', (message) => {
      resolve(message as Record<string, unknown>);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('backends in worker threads', () => {
  it.each(COMPILED)('%s computes correctly in 4 worker threads at once', async (name) => {
    const results = await Promise.all([0, 1, 2, 3].map((seed) => runWorker({ backend: name, size: 67, seed })));
    for (const result of results) {
      expect(result.backend).toBe(name);
      expect(result.worst as number).toBeLessThan(1e-3);
    }
  }, 60_000);

  it('a worker started after setBackend() inherits the choice', async () => {
    setBackend('js');
    try {
      const result = await runWorker({ backend: 'inherit' });
      expect(result).toEqual({ active: 'js', requestedBy: 'parent thread' });
    } finally {
      setBackend(); // test files share this thread's registry: hand the next one the default choice
    }
  }, 60_000);
});

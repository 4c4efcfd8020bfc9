// MLPOptions.threads: a model's products run on its own thread count for the length of each call
// and the backend gets its own count back afterwards (also when the call throws); the result is
// the single thread's bit for bit (the GEMM's bands split C, never k); bad counts are refused.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts';
import { createBackend } from '../../src/backend/registry.ts';
import { BACKENDS, REQUIRE_ALL } from '../backend/backends.ts';
import { sameBits } from '../fixtures/same-bits.ts';

const nativeLoads = BACKENDS.some((b) => b.name === 'native' && b.backend !== undefined);

// 128 rows through 256 → 512 units: 16.8 million multiply-adds a product, enough for two bands.
const ROWS = 128;
const INPUTS = 256;
const x = Float32Array.from({ length: ROWS * INPUTS }, (_, i) => Math.sin(i * 0.7));
const y = Int32Array.from({ length: ROWS }, (_, i) => i % 4);
const config = { inputs: INPUTS, layers: [{ units: 512 }, { units: 4, activation: 'softmax' }], seed: 3 };

describe('MLP options.threads', () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s with a RangeError naming the field and rule', (threads) => {
    expect(() => new MLP(config, { threads })).toThrow(RangeError);
    expect(() => new MLP(config, { threads })).toThrow(/^MLP options\.threads must be a positive integer, got /);
  });

  it('refuses a string with a TypeError', () => {
    expect(() => new MLP(config, { threads: '2' as unknown as number })).toThrow(new TypeError('MLP options.threads must be a positive integer, got "2"'));
  });

  describe.runIf(nativeLoads || REQUIRE_ALL)('on the native backend', () => {
    it('trains and predicts on its threads, bit for bit as on one, and gives the backend its count back', () => {
      const backend = createBackend('native');
      const seen: number[] = [];
      const onThreads = new MLP(config, { backend, threads: 2 });
      const onOne = new MLP(config, { backend });
      expect(backend.getThreads()).toBe(1);
      const fit = (model: MLP) => model.fit(x, y, { epochs: 2, batchSize: 64, shuffle: false, callbacks: [{ onEpochEnd: () => void seen.push(backend.getThreads()) }] });
      fit(onThreads);
      fit(onOne);
      // During fit the backend ran the model's count; after it, its own again.
      expect(seen).toEqual([2, 2, 1, 1]);
      expect(backend.getThreads()).toBe(1);
      expect(sameBits(onThreads.parameters, onOne.parameters)).toBe(true);
      expect(sameBits(onThreads.predictProba(x), onOne.predictProba(x))).toBe(true);
      expect(onThreads.evaluate(x, y)).toEqual(onOne.evaluate(x, y));
      expect(onThreads.trainOnBatch(x, y)).toBe(onOne.trainOnBatch(x, y));
      expect(backend.getThreads()).toBe(1);
    });

    it('gives the backend its count back when a call throws, and leaves a count set on the backend alone', () => {
      const backend = createBackend('native');
      const model = new MLP(config, { backend, threads: 2 });
      expect(() => model.predictInto(x, new Float32Array(3))).toThrow(RangeError);
      expect(backend.getThreads()).toBe(1);
      backend.setThreads(3);
      model.predictProba(x.subarray(0, INPUTS));
      expect(backend.getThreads()).toBe(3);
      // Without the option, a model runs on whatever the backend has.
      const seen: number[] = [];
      new MLP(config, { backend }).fit(x, y, { epochs: 1, batchSize: 64, callbacks: [{ onEpochEnd: () => void seen.push(backend.getThreads()) }] });
      expect(seen).toEqual([3]);
      backend.setThreads(1);
    });
  });
});

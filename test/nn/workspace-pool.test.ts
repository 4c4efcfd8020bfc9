// WorkspacePool: one set of buffers for the largest batch, viewed for smaller ones. Views keep
// the aliasing Network relies on and share the base's memory; a larger batch releases the old
// buffers (on wasm the arena hands them out again), except while pinned by a running fit; and
// an MLP's predictions do not depend on which batch sizes it served before.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { createBackend } from '../../src/backend/registry.ts';
import { resolveConfig, type LayerConfig, type MLPConfig } from '../../src/nn/config.ts';
import { MLP } from '../../src/nn/mlp.ts';
import { INFERENCE_BYTES, INFERENCE_ROWS, inferenceChunkRows, WorkspacePool } from '../../src/nn/workspace-pool.ts';
import { createWorkspace, workspaceRowFloats, type Workspace } from '../../src/nn/workspace.ts';
import { LOADED, randomValues } from '../backend/backends.ts';

const HIDDEN: LayerConfig[][] = [
  [{ units: 17, activation: 'relu' }, { units: 9, activation: 'tanh' }],
  [{ units: 11, activation: 'elu', alpha: 0.5 }, { units: 6, activation: 'selu', dropout: 0.3 }],
  [{ units: 8, activation: 'relu', batchNorm: true }, { units: 8, activation: 'linear', residual: true }, { units: 5, activation: 'prelu', residual: true, dropout: 0.2 }],
  [{ units: 7, activation: 'linear', batchNorm: true }, { units: 6, activation: 'sigmoid' }],
];

function config(hidden: LayerConfig[], extra: Partial<MLPConfig> = {}): MLPConfig {
  return { inputs: 13, layers: [...hidden, { units: 4, activation: 'softmax' }], seed: 5, ...extra };
}

/** Every per-row array of a workspace, each once (mean and invStd are per unit). */
function rowArrays(ws: Workspace): Set<Float32Array | Int32Array> {
  const arrays = new Set<Float32Array | Int32Array>([ws.x, ws.labels, ws.targets]);
  for (const array of [ws.xDropped, ws.xMask, ws.stackScratch]) if (array) arrays.add(array);
  for (const l of ws.layers) for (const array of [l.z, l.xhat, l.normalized, l.dNormalized, l.a, l.out, l.mask, l.dOut, l.dZ]) if (array) arrays.add(array);
  return arrays;
}

describe('workspace sizes', () => {
  it.each(HIDDEN.map((hidden, i) => [i, hidden] as const))('layers %i: workspaceRowFloats counts what createWorkspace allocates', (_i, hidden) => {
    const js = LOADED[0]![1];
    for (const extra of [{}, { inputDropout: 0.1 }]) {
      const resolved = resolveConfig(config(hidden, extra));
      const ws = createWorkspace(js, resolved, 6, 3);
      const floats = [...rowArrays(ws)].reduce((sum, array) => sum + array.length, 0);
      expect(floats).toBe(6 * workspaceRowFloats(resolved, 3));
    }
  });

  it(`chunks ${INFERENCE_ROWS} rows for small layers and fewer for wide ones, within INFERENCE_BYTES`, () => {
    expect(inferenceChunkRows(resolveConfig(config(HIDDEN[0]!)), 34)).toBe(INFERENCE_ROWS);
    const wide = resolveConfig({ inputs: 4, layers: [{ units: 1 << 20, activation: 'softmax' }] });
    const rows = inferenceChunkRows(wide, 2 << 20);
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(rows).toBeLessThan(INFERENCE_ROWS);
    expect(rows * 4 * workspaceRowFloats(wide, 2 << 20)).toBeLessThanOrEqual(INFERENCE_BYTES);
    expect((rows + 1) * 4 * workspaceRowFloats(wide, 2 << 20)).toBeGreaterThan(INFERENCE_BYTES);
  });
});

describe.each(LOADED)('WorkspacePool on %s', (_name, backend) => {
  it('hands out a power-of-two view of the largest batch, the same one for every size in its class', () => {
    const pool = new WorkspacePool(backend, resolveConfig(config(HIDDEN[2]!)), 300);
    const big = pool.get(1000);
    expect(big.capacity).toBe(300);
    for (const [rows, capacity] of [[1, 1], [2, 2], [3, 4], [4, 4], [5, 8], [100, 128], [200, 256], [257, 300]] as const) {
      const ws = pool.get(rows);
      expect(ws.capacity, `${rows} rows`).toBe(capacity);
      expect(pool.get(rows)).toBe(ws);
      for (const [l, layer] of ws.layers.entries()) {
        const base = big.layers[l]!;
        expect(layer.z.buffer).toBe(base.z.buffer);
        expect(layer.z.byteOffset).toBe(base.z.byteOffset);
        expect(layer.z.length).toBe(capacity * (base.z.length / 300));
        expect(layer.a === layer.z, 'a aliases z exactly where the base does').toBe(base.a === base.z);
        expect(layer.a === layer.normalized).toBe(base.a === base.normalized);
        expect(layer.out === layer.a).toBe(base.out === base.a);
        expect(layer.mean).toBe(base.mean);
      }
      expect(ws.result).toBe(big.result);
    }
  });

  it('rounds a first batch of 3,000 rows up to 4,096, the last power of two it rounds to', () => {
    const pool = new WorkspacePool(backend, resolveConfig(config(HIDDEN[0]!)), Number.MAX_SAFE_INTEGER);
    expect(pool.get(3000).capacity).toBe(4096);
    expect(pool.get(4096).capacity).toBe(4096);
  });

  it('after growing, hands out views of the new buffers only, never one kept from the old', () => {
    const pool = new WorkspacePool(backend, resolveConfig(config(HIDDEN[0]!)), 512);
    const small = pool.get(2);
    const big = pool.get(512);
    const again = pool.get(2);
    expect(again).not.toBe(small);
    expect(again.x.buffer).toBe(big.x.buffer);
    expect(again.layers[0]!.z.buffer).toBe(big.layers[0]!.z.buffer);
  });

  it('holds a batch past 4,096 rows exactly, and grows again for a larger one in the same power of two', () => {
    const pool = new WorkspacePool(backend, resolveConfig(config(HIDDEN[0]!)), Number.MAX_SAFE_INTEGER);
    const first = pool.get(5000);
    expect(first.capacity).toBe(5000);
    expect(pool.get(4500)).toBe(first);
    expect(pool.get(3000).capacity).toBe(4096);
    const larger = pool.get(6000);
    expect(larger.capacity).toBe(6000);
    expect(pool.get(5000)).toBe(larger);
  });
});

describe('WorkspacePool returns what it replaces to the backend', () => {
  // The js backend, noting each array it is asked to release.
  const setup = () => {
    const released: unknown[] = [];
    const backend = createBackend('js');
    backend.release = (array) => void released.push(array);
    return { released, pool: new WorkspacePool(backend, resolveConfig(config(HIDDEN[2]!)), 512) };
  };

  it('releases the old base, each of its arrays once, when a larger batch needs new buffers; never a view', () => {
    const { released, pool } = setup();
    const old = pool.get(3);
    pool.get(2);
    pool.get(4);
    expect(released).toEqual([]);
    pool.get(512);
    expect(new Set(released).size).toBe(released.length);
    expect(released).toContain(old.x);
    expect(released).toContain(old.layers[0]!.xhat);
    expect(released).toContain(old.labels);
    expect(released.every((array) => (array as Float32Array).length <= 4 * 13)).toBe(true);
    const count = released.length;
    pool.get(100);
    pool.get(512);
    expect(released).toHaveLength(count);
  });

  it('while pinned keeps the old buffers, releasing them at the last unpin only', () => {
    const { released, pool } = setup();
    pool.pin();
    pool.pin();
    const old = pool.get(1);
    pool.get(8);
    pool.get(64);
    pool.unpin();
    expect(released).toEqual([]);
    pool.unpin();
    expect(released).toContain(old.x);
    const count = released.length;
    pool.pin();
    pool.unpin();
    expect(released).toHaveLength(count);
    // Unpinned, a replaced base goes at once.
    const current = pool.get(64);
    pool.get(512);
    expect(released).toContain(current.x);
  });
});

describe.skipIf(!LOADED.some(([name]) => name === 'wasm'))('WorkspacePool on wasm releases what it replaces', () => {
  // A fresh backend per case, so its first-fit arena has freed nothing else; every array of a
  // 512-row workspace is larger than all of a 1-row one, so none lands in the freed space.
  const setup = () => {
    const wasm: Backend = createBackend('wasm');
    return { wasm, pool: new WorkspacePool(wasm, resolveConfig(config(HIDDEN[0]!)), 512) };
  };

  it('a larger batch releases the old buffers first: the new ones take their place', () => {
    const { pool } = setup();
    const old = pool.get(1);
    expect(pool.get(512).layers[0]!.z.byteOffset).toBe(old.layers[0]!.z.byteOffset);
  });

  it('while pinned the old buffers stay untouched, and are released at the last unpin', () => {
    const { wasm, pool } = setup();
    pool.pin();
    pool.pin();
    const old = pool.get(1);
    const first = old.layers[0]!.z.byteOffset;
    expect(pool.get(512).layers[0]!.z.byteOffset).not.toBe(first);
    expect(wasm.allocate(1).byteOffset).not.toBe(first);
    pool.unpin();
    expect(wasm.allocate(1).byteOffset).not.toBe(first);
    pool.unpin();
    expect(wasm.allocate(1).byteOffset).toBe(first);
  });
});

describe.each(LOADED)('MLP predictions on %s do not depend on the batch sizes served before', (name, backend) => {
  it.each(HIDDEN.map((hidden, i) => [i, hidden] as const))('layers %i', (_i, hidden) => {
    const x = randomValues(600 * 13, 3, 2);
    const sizes = [1, 2, 3, 5, 8, 9, 31, 64, 100, 511, 512, 513, 600];
    const ascending = new MLP(config(hidden), { backend });
    const descending = new MLP(config(hidden), { backend });
    const up = sizes.map((rows) => ascending.predictProba(x.subarray(0, rows * 13)));
    const down = [...sizes].reverse().map((rows) => descending.predictProba(x.subarray(0, rows * 13))).reverse();
    sizes.forEach((rows, s) => expect([...down[s]!], `${rows} rows`).toEqual([...up[s]!]));
    // The js kernels give each row the same bits whatever the batch, so there every prefix of
    // the 600-row prediction must come back exactly.
    if (name === 'js') sizes.forEach((rows, s) => expect([...up[s]!], `${rows} rows`).toEqual([...up.at(-1)!.subarray(0, rows * 4)]));
  });
});

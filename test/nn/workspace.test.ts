// A workspace's buffers: which a layer gets, which alias (Network relies on a = z for linear
// layers and out = a without residual or dropout), how a view shares them, and that releasing
// returns each buffer to the backend exactly once (the wasm arena would hand a twice-released
// block to two owners).
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { createBackend } from '../../src/backend/registry.ts';
import { resolveConfig } from '../../src/nn/config.ts';
import { createWorkspace, releaseWorkspace, viewWorkspace } from '../../src/nn/workspace.ts';
import { JS } from '../backend/backends.ts';

const config = resolveConfig({
  inputs: 3,
  inputDropout: 0.1,
  layers: [
    { units: 4, activation: 'linear' },
    { units: 4, activation: 'relu', batchNorm: true, residual: true },
    { units: 5, activation: 'tanh', dropout: 0.5 },
    { units: 2, activation: 'softmax' },
  ],
});

/** The js backend, noting what it is asked to release. */
function recording(): { backend: Backend; released: (Float32Array | Int32Array | Uint32Array)[] } {
  const released: (Float32Array | Int32Array | Uint32Array)[] = [];
  const backend = createBackend('js');
  backend.release = (array) => void released.push(array);
  return { backend, released };
}

describe('createWorkspace', () => {
  it('gives each layer the buffers its options need, sized by capacity, with the aliases Network relies on', () => {
    const ws = createWorkspace(JS, config, 6, 2);
    expect([ws.capacity, ws.x.length, ws.xDropped?.length, ws.xMask?.length, ws.labels.length, ws.targets.length, ws.stackScratch?.length]).toEqual([6, 18, 18, 18, 6, 12, 12]);
    const [linear, normalized, dropped, output] = ws.layers as [typeof ws.layers[0], typeof ws.layers[0], typeof ws.layers[0], typeof ws.layers[0]];
    // A linear layer's activation is its dense output, and without residual or dropout it hands a upward.
    expect(linear.a).toBe(linear.z);
    expect(linear.out).toBe(linear.a);
    expect([linear.xhat, linear.mean, linear.mask]).toEqual([undefined, undefined, undefined]);
    // Batch norm: per-row x̂, y and ∂E/∂y, per-unit mean and 1/σ; the residual needs its own out.
    expect([normalized.xhat!.length, normalized.normalized!.length, normalized.dNormalized!.length, normalized.mean!.length, normalized.invStd!.length]).toEqual([24, 24, 24, 4, 4]);
    expect(normalized.a).not.toBe(normalized.normalized);
    expect(normalized.out).not.toBe(normalized.a);
    expect(normalized.mask).toBeUndefined();
    // Dropout: a mask and an out of their own.
    expect(dropped.mask!.length).toBe(30);
    expect(dropped.out).not.toBe(dropped.a);
    expect([dropped.z.length, dropped.a.length, dropped.out.length, dropped.dOut.length, dropped.dZ.length]).toEqual([30, 30, 30, 30, 30]);
    expect(output.out).toBe(output.a);
    expect(ws.result).toEqual(new Float64Array(2));
  });

  it('has no input dropout buffers and no stack scratch unless asked', () => {
    const ws = createWorkspace(JS, resolveConfig({ inputs: 2, layers: [{ units: 1 }] }), 3);
    expect([ws.xDropped, ws.xMask, ws.stackScratch]).toEqual([undefined, undefined, undefined]);
  });
});

describe('viewWorkspace', () => {
  it('views the first rows of every per-row buffer, keeps the aliases, and shares the per-unit ones', () => {
    const base = createWorkspace(JS, config, 8, 2);
    const view = viewWorkspace(base, 3);
    expect(view.capacity).toBe(3);
    expect([view.x.length, view.xDropped!.length, view.xMask!.length, view.labels.length, view.targets.length, view.stackScratch!.length]).toEqual([9, 9, 9, 3, 6, 6]);
    expect(view.x.buffer).toBe(base.x.buffer);
    expect(view.x.byteOffset).toBe(base.x.byteOffset);
    expect(view.result).toBe(base.result);
    const [linear, normalized, dropped] = view.layers as [typeof view.layers[0], typeof view.layers[0], typeof view.layers[0]];
    expect(linear.a).toBe(linear.z);
    expect(linear.out).toBe(linear.z);
    expect(normalized.mean).toBe(base.layers[1]!.mean);
    expect(normalized.invStd).toBe(base.layers[1]!.invStd);
    expect([normalized.xhat!.length, normalized.normalized!.length, normalized.dNormalized!.length, normalized.out.length]).toEqual([12, 12, 12, 12]);
    expect(dropped.mask!.length).toBe(15);
    expect(dropped.mask!.buffer).toBe(base.layers[2]!.mask!.buffer);
    // Writing through the view writes the base.
    view.layers[3]!.dZ[5] = 7;
    expect(base.layers[3]!.dZ[5]).toBe(7);
  });
});

describe('releaseWorkspace', () => {
  it('returns every buffer once, aliases included', () => {
    const { backend, released } = recording();
    const ws = createWorkspace(backend, config, 4, 2);
    releaseWorkspace(backend, ws);
    expect(new Set(released).size).toBe(released.length);
    const expected = new Set<unknown>([ws.x, ws.xDropped, ws.xMask, ws.labels, ws.targets, ws.stackScratch]);
    for (const l of ws.layers) for (const array of [l.z, l.xhat, l.mean, l.invStd, l.normalized, l.dNormalized, l.a, l.out, l.mask, l.dOut, l.dZ]) if (array) expected.add(array);
    expect(new Set(released)).toEqual(expected);
    // x, xDropped, xMask, labels, targets, stackScratch; layer 1: z, out, dOut, dZ (a = out = z);
    // layer 2: z, xhat, mean, invStd, y, ∂E/∂y, a, out, dOut, dZ; layer 3: z, a, out, mask, dOut, dZ; layer 4: z, a, dOut, dZ.
    expect(released.length).toBe(6 + 3 + 10 + 6 + 4);
  });

  it('returns only what a workspace without options has', () => {
    const { backend, released } = recording();
    const ws = createWorkspace(backend, resolveConfig({ inputs: 2, layers: [{ units: 1 }] }), 3);
    releaseWorkspace(backend, ws);
    expect(released).toHaveLength(3 + 3);
  });
});

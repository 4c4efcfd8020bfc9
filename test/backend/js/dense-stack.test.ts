// The js denseStackForward keeps each stack's parameter and scratch views between calls: a
// stack run again with other parameters, another scratch buffer or another row count must give
// what a freshly built stack gives, never the last call's views.
import { describe, expect, it } from 'vitest';
import type { DenseStackLayer } from '../../../src/backend/dense-stack.ts';
import { JS, randomValues } from '../backends.ts';

// 5 → 7 (relu) → 6 (tanh) → 3 (identity): both scratch halves are used. W, b per layer, packed.
const WIDTHS = [5, 7, 6, 3];
const LAYERS: DenseStackLayer[] = [];
let TOTAL = 0;
(['relu', 'tanh', 'identity'] as const).forEach((activation, l) => {
  const inputs = WIDTHS[l]!;
  const units = WIDTHS[l + 1]!;
  LAYERS.push({ inputs, units, activation, weights: TOTAL, bias: TOTAL + inputs * units });
  TOTAL += inputs * units + units;
});

function run(stack: ReturnType<typeof JS.denseStack>, rows: number, params: Float32Array, scratch: Float32Array): Float32Array {
  const out = JS.allocate(rows * 3);
  const result = new Float64Array(1);
  JS.denseStackForward(stack, rows, params, randomValues(rows * 5, rows, 2), scratch, out, result);
  expect(result[0]).toBe(-1);
  return out;
}

describe('js denseStackForward, one stack called again', () => {
  it('uses the parameters, scratch and row count of each call', () => {
    const stack = JS.denseStack(LAYERS);
    const first = randomValues(TOTAL, 1, 0.5);
    const second = randomValues(TOTAL, 2, 0.5);
    const small = JS.allocate(3 * stack.scratchPerRow);
    const large = JS.allocate(8 * stack.scratchPerRow);
    const calls: [number, Float32Array, Float32Array][] = [
      [3, first, small],
      [3, second, small],
      [3, second, large],
      [8, second, large],
      [2, first, large],
      [3, first, small],
    ];
    for (const [rows, params, scratch] of calls) {
      const again = run(stack, rows, params, scratch);
      const fresh = run(JS.denseStack(LAYERS), rows, params, JS.allocate(rows * stack.scratchPerRow));
      expect([...again]).toEqual([...fresh]);
    }
  });
});

describe('js denseStackForward, the scratch it writes', () => {
  it('writes only the scratch of the current call: a buffer given before and since reused by the caller stays as the caller left it', () => {
    const stack = JS.denseStack(LAYERS);
    const params = randomValues(TOTAL, 3, 0.5);
    const before = JS.allocate(4 * stack.scratchPerRow);
    const now = JS.allocate(4 * stack.scratchPerRow);
    run(stack, 4, params, before);
    before.fill(42);
    run(stack, 4, params, now);
    expect(before.every((v) => v === 42)).toBe(true);
    expect(now.some((v) => v !== 0)).toBe(true);
  });
});

// denseStackForward: on every backend, a stack of layers in one call gives what denseForward
// layer by layer gives on that backend (bit for bit: the same kernels), and every compiled
// backend agrees with the js reference (relative 2e-5, absolute 1e-5). It checks x first and
// computes nothing when a value is not finite; a stack is validated once, when it is built.
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import type { DenseStackLayer } from '../../src/backend/dense-stack.ts';
import { ACTIVATION_CODES, type LayerActivation } from '../../src/backend/kernel-codes.ts';
import { COMPILED, f32, JS, LOADED, randomValues, worstRatio } from './backends.ts';

const ACTIVATIONS = Object.keys(ACTIVATION_CODES) as LayerActivation[];

/** Layers of the given widths packed one after another in a flat buffer (W, b, then slopes for prelu). */
function layersOf(widths: number[], activations: LayerActivation[], alphas: (number | undefined)[] = []): { layers: DenseStackLayer[]; total: number } {
  let offset = 0;
  const layers = activations.map((activation, l): DenseStackLayer => {
    const inputs = widths[l]!;
    const units = widths[l + 1]!;
    const weights = offset;
    const bias = weights + units * inputs;
    offset = bias + units;
    const layer: DenseStackLayer = { inputs, units, activation, weights, bias };
    if (activation === 'prelu') {
      layer.slopes = offset;
      offset += units;
    }
    if (alphas[l] !== undefined) layer.alpha = alphas[l];
    return layer;
  });
  return { layers, total: offset };
}

/** The stack layer by layer through denseForward on `backend`; the last layer's activations. */
function layerByLayer(backend: Backend, layers: DenseStackLayer[], params: Float32Array, rows: number, x: Float32Array): Float32Array {
  let input = x;
  for (const layer of layers) {
    const { inputs, units, activation } = layer;
    const weights = params.subarray(layer.weights, layer.weights + units * inputs);
    const bias = params.subarray(layer.bias, layer.bias + units);
    const param = activation === 'prelu' ? params.subarray(layer.slopes!, layer.slopes! + units) : layer.alpha;
    const z = backend.allocate(rows * units);
    const a = backend.allocate(rows * units);
    backend.denseForward({ rows, inputs, units, x: input, weights, bias, z, a, activation, param });
    input = a;
  }
  return input;
}

function runStack(backend: Backend, layers: DenseStackLayer[], params: ArrayLike<number>, rows: number, x: ArrayLike<number>) {
  const stack = backend.denseStack(layers);
  const p = f32(backend, params);
  const input = f32(backend, x);
  const out = backend.allocate(rows * stack.outputs).fill(7);
  const scratch = backend.allocate(rows * stack.scratchPerRow);
  const result = new Float64Array(1);
  backend.denseStackForward(stack, rows, p, input, scratch, out, result);
  return { out, result: result[0]!, expected: layerByLayer(backend, layers, p, rows, input) };
}

// Three layers so both scratch halves are used; odd widths; 1 row (batch-1 inference), a few
// rows and more than 8 (the native GEMM's blocked path).
const WIDTHS = [13, 37, 6, 5];
const ROWS = [1, 3, 9, 33];

describe.each(LOADED)('denseStackForward on %s', (_name, backend) => {
  it.each(ACTIVATIONS)('%s hidden layers give what denseForward gives layer by layer', (activation) => {
    const { layers, total } = layersOf(WIDTHS, [activation, activation, 'softmax'], [activation === 'leakyRelu' ? 0.2 : activation === 'elu' ? 0.7 : undefined]);
    for (const rows of ROWS) {
      const { out, result, expected } = runStack(backend, layers, randomValues(total, 11, 0.5), rows, randomValues(rows * WIDTHS[0]!, rows, 2));
      expect(result).toBe(-1);
      expect([...out], `${activation}, ${rows} rows`).toEqual([...expected]);
    }
  });

  it.each(ACTIVATIONS)('%s as the output layer', (activation) => {
    const { layers, total } = layersOf([9, 8, 4], ['relu', activation]);
    const { out, expected } = runStack(backend, layers, randomValues(total, 5, 0.5), 2, randomValues(18, 6, 2));
    expect([...out]).toEqual([...expected]);
  });

  it('one layer; params and x longer than needed are fine', () => {
    const { layers, total } = layersOf([4, 3], ['identity']);
    const params = [...randomValues(total, 2), 99, 99];
    const { out, expected } = runStack(backend, layers, params, 2, [...randomValues(8, 3), Number.NaN]);
    expect([...out]).toEqual([...expected]);
  });

  it('reports the first non-finite input value and computes nothing', () => {
    const { layers, total } = layersOf([4, 5, 3], ['relu', 'softmax']);
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      const x = randomValues(12, 1);
      x[6] = bad;
      x[9] = Number.NaN;
      const { out, result } = runStack(backend, layers, randomValues(total, 4), 3, x);
      expect(result).toBe(6);
      expect([...out]).toEqual(new Array(9).fill(7));
    }
  });

  // The native stack looks at x only when the first layer's product is not finite; a product
  // made non-finite by the weights or by overflow must still be computed, not reported.
  it.each([
    ['a NaN weight', Number.NaN, 1],
    ['an infinite weight', Infinity, 1],
    ['products that overflow', 3e38, 3e38],
  ])('finite x with %s is computed, not reported', (_label, weight, input) => {
    // Identity layers carry the non-finite values to out, which shows the product had them.
    const { layers, total } = layersOf([4, 5, 3], ['identity', 'identity']);
    const params = randomValues(total, 4);
    params[2] = weight;
    const x = randomValues(12, 1).map((v) => v * input);
    const { out, result, expected } = runStack(backend, layers, params, 3, x);
    expect(result).toBe(-1);
    expect([...out]).toEqual([...expected]);
    expect(out.some((v) => !Number.isFinite(v))).toBe(true);
  });

  it('rejects malformed stacks when they are built', () => {
    const ok = (): DenseStackLayer => ({ inputs: 3, units: 2, activation: 'relu', weights: 0, bias: 6 });
    expect(() => backend.denseStack([])).toThrow(/layers must be a non-empty array/);
    expect(() => backend.denseStack([ok(), { ...ok(), inputs: 3 }])).toThrow(/layers\[1\]\.inputs must be layers\[0\]\.units = 2, got 3/);
    expect(() => backend.denseStack([{ ...ok(), units: 0 }])).toThrow(/layers\[0\]\.units must be a positive integer, got 0/);
    expect(() => backend.denseStack([{ ...ok(), activation: 'swish' as LayerActivation }])).toThrow(/layers\[0\]\.activation must be one of/);
    expect(() => backend.denseStack([{ ...ok(), weights: -1 }])).toThrow(/layers\[0\]\.weights must be a non-negative integer, got -1/);
    expect(() => backend.denseStack([{ ...ok(), bias: 1.5 }])).toThrow(/layers\[0\]\.bias must be a non-negative integer, got 1.5/);
    expect(() => backend.denseStack([{ ...ok(), activation: 'prelu' }])).toThrow(/layers\[0\]\.slopes must be a non-negative integer, got undefined/);
    expect(() => backend.denseStack([{ ...ok(), slopes: 8 }])).toThrow(/layers\[0\]\.slopes must be absent/);
    expect(() => backend.denseStack([{ ...ok(), activation: 'leakyRelu', alpha: Number.NaN }])).toThrow(/layers\[0\]\.alpha must be a finite number, got NaN/);
    expect(() => backend.denseStack([null as unknown as DenseStackLayer])).toThrow(/layers\[0\] must be an object/);
  });

  it('checks every array against the stack before the call', () => {
    const { layers } = layersOf([3, 4, 2], ['relu', 'softmax']);
    const stack = backend.denseStack(layers);
    expect(stack).toMatchObject({ inputs: 3, outputs: 2, scratchPerRow: 8, paramsLength: 26 });
    const params = backend.allocate(26);
    const x = backend.allocate(6);
    const scratch = backend.allocate(16);
    const out = backend.allocate(4);
    const result = new Float64Array(1);
    const call = (over: Partial<{ stack: unknown; rows: number; params: Float32Array; x: Float32Array; scratch: Float32Array; out: Float32Array; result: unknown }>) => () =>
      backend.denseStackForward(
        (over.stack ?? stack) as never, over.rows ?? 2, over.params ?? params, over.x ?? x, over.scratch ?? scratch, over.out ?? out, (over.result ?? result) as Float64Array,
      );
    expect(call({})).not.toThrow();
    expect(call({ stack: { ...stack } })).toThrow(/stack must be a DenseStack from this/);
    expect(call({ rows: -1 })).toThrow(/rows must be a non-negative integer/);
    expect(call({ params: backend.allocate(25) })).toThrow(/params\.length must be at least .* = 26, got 25/);
    expect(call({ x: backend.allocate(5) })).toThrow(/x\.length must be at least rows\*inputs = 6, got 5/);
    expect(call({ scratch: backend.allocate(15) })).toThrow(/scratch\.length must be at least rows\*scratchPerRow = 16, got 15/);
    expect(call({ out: backend.allocate(3) })).toThrow(/out\.length must be at least rows\*outputs = 4, got 3/);
    expect(call({ result: new Float32Array(1) })).toThrow(/result must be a Float64Array/);
    const other = LOADED.find(([, b]) => b !== backend)?.[1] ?? JS;
    if (other !== backend) expect(call({ stack: other.denseStack(layers) })).toThrow(/stack must be a DenseStack from this/);
  });

  it('keeps the sizes it was built with: its fields cannot be changed, and proxies or copies of it are refused', () => {
    const { layers } = layersOf([3, 4, 2], ['relu', 'softmax']);
    const stack = backend.denseStack(layers);
    const fields = stack as unknown as Record<string, number>;
    expect(() => (fields.scratchPerRow = 0)).toThrow(TypeError);
    expect(() => Object.defineProperty(stack, 'paramsLength', { value: 1 })).toThrow(TypeError);
    expect(stack).toMatchObject({ inputs: 3, outputs: 2, scratchPerRow: 8, paramsLength: 26 });
    const run = (s: unknown, params = backend.allocate(26)) => () =>
      backend.denseStackForward(s as never, 2, params, backend.allocate(6), backend.allocate(16), backend.allocate(4), new Float64Array(1));
    expect(run(stack, backend.allocate(1))).toThrow(/params\.length must be at least the stack's parameter count = 26, got 1/);
    expect(run(new Proxy(stack, {}))).toThrow(/stack must be a DenseStack from this/);
    expect(run(Object.assign(Object.create(Object.getPrototypeOf(stack) as object), { ...stack }))).toThrow(/stack must be a DenseStack from this/);
  });

  it('reads each layer field once, so a getter cannot put unchecked sizes into the plan', () => {
    const { layers } = layersOf([3, 4, 2], ['relu', 'softmax']);
    let reads = 0;
    const first = Object.defineProperty({ ...layers[0]! }, 'units', { get: () => (++reads === 1 ? 4 : 10 ** 6), enumerable: true });
    const stack = backend.denseStack([first, layers[1]!]);
    expect(reads).toBe(1);
    expect(stack).toMatchObject({ inputs: 3, outputs: 2, scratchPerRow: 8, paramsLength: 26 });
    const x = f32(backend, [1, 2, 3, 4, 5, 6]);
    const params = f32(backend, randomValues(26, 4));
    const out = backend.allocate(4);
    backend.denseStackForward(stack, 2, params, x, backend.allocate(16), out, new Float64Array(1));
    const plain = runStack(backend, layers, params, 2, x);
    expect(Array.from(out)).toEqual(Array.from(plain.out));
  });
});

describe('denseStackForward on wasm', () => {
  it('runs the plan as validated even when a caller overwrote it through the module memory', () => {
    const wasm = LOADED.find(([name]) => name === 'wasm')?.[1];
    expect(wasm, 'the wasm backend must load').toBeDefined();
    const { layers, total } = layersOf([3, 4, 2], ['relu', 'softmax']);
    const params = randomValues(total, 8);
    const x = randomValues(6, 9);
    const expected = runStack(wasm!, layers, params, 2, x).out;
    const stack = wasm!.denseStack(layers);
    // Every array of the module is a view on its whole memory: find the plans of this shape
    // there (this stack's among them) and point their first layer far outside the memory.
    const memory = new Float64Array(wasm!.allocate(1).buffer);
    const header = [2, -1, 3, 4, 0, 12];
    let corrupted = 0;
    for (let i = 0; i + header.length <= memory.length; i++) {
      if (header.every((value, j) => memory[i + j] === value)) {
        memory[i + 3] = 4000;
        memory[i + 4] = 2 ** 40;
        corrupted++;
      }
    }
    expect(corrupted).toBeGreaterThanOrEqual(1);
    const out = wasm!.allocate(4);
    wasm!.denseStackForward(stack, 2, f32(wasm!, params), f32(wasm!, x), wasm!.allocate(16), out, new Float64Array(1));
    expect([...out]).toEqual([...expected]);
  });
});

describe.each(COMPILED)('denseStackForward on %s matches the js reference', (_name, backend) => {
  it.each(ACTIVATIONS)('%s hidden layers', (activation) => {
    const { layers, total } = layersOf(WIDTHS, [activation, activation, 'softmax'], [activation === 'leakyRelu' ? 0.2 : undefined]);
    const params = randomValues(total, 21, 0.5);
    for (const rows of ROWS) {
      const x = randomValues(rows * WIDTHS[0]!, 3 * rows, 2);
      const js = runStack(JS, layers, params, rows, x);
      const other = runStack(backend, layers, params, rows, x);
      expect(worstRatio(other.out, js.out, 2e-5, 1e-5).ratio, `${activation}, ${rows} rows`).toBeLessThanOrEqual(1);
    }
  });
});

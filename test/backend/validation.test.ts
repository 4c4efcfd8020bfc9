// Every class of bad argument gets a typed error naming the argument, on every backend, before
// any native or WASM code runs (the process survives: these run in-process).
import { describe, expect, it } from 'vitest';
import { LOADED, f32, i32, u32 } from './backends.ts';

describe.each(LOADED)('argument validation on %s', (_name, backend) => {
  const a = f32(backend, new Float32Array(6));
  const b = f32(backend, new Float32Array(6));
  const c = f32(backend, new Float32Array(4));

  it('rejects wrong lengths with RangeError naming the array and the size it needs', () => {
    expect(() => backend.gemm(false, false, 2, 2, 3, 1, a, b, 0, c.subarray(0, 3))).toThrow(
      new RangeError('gemm: c.length must be at least m*n = 4, got 3'),
    );
    expect(() => backend.preluForward(2, 3, a, f32(backend, [1, 2]), b)).toThrow(/preluForward: alpha\.length must be at least cols = 3, got 2/);
    expect(() => backend.adamStep(a, c, { expAvg: a, expAvgSq: a }, { lr: 1 }, 1)).toThrow(/adamStep: grads\.length must equal params\.length = 6, got 4/);
  });

  it('rejects wrong types with TypeError', () => {
    expect(() => backend.gemm(false, false, 2, 2, 3, 1, [1, 2, 3, 4, 5, 6] as never, b, 0, c)).toThrow(
      new TypeError('gemm: a must be a Float32Array, got Array(6)'),
    );
    expect(() => backend.gemm(false, false, 2, 2, 3, 1, new Float64Array(6) as never, b, 0, c)).toThrow(TypeError);
    expect(() => backend.gemm(0 as never, false, 2, 2, 3, 1, a, b, 0, c)).toThrow(new TypeError('gemm: transA must be a boolean, got 0'));
    expect(() => backend.activationForward('swish' as never, 2, a, b)).toThrow(/activationForward: kind must be one of identity, sigmoid/);
    expect(() => backend.dropoutMask(new Int32Array(4) as never, 1, 0.5, f32(backend, [0]))).toThrow(/dropoutMask: state must be a Uint32Array/);
  });

  it('rejects negative, fractional and huge sizes with RangeError', () => {
    expect(() => backend.gemm(false, false, -1, 2, 3, 1, a, b, 0, c)).toThrow(new RangeError('gemm: m must be a non-negative integer, got -1'));
    expect(() => backend.gemm(false, false, 1.5, 2, 3, 1, a, b, 0, c)).toThrow(/gemm: m must be a non-negative integer, got 1\.5/);
    expect(() => backend.sumSquares(2 ** 60, a, new Float64Array(1))).toThrow(RangeError);
    expect(() => backend.firstNonFinite(7, a, new Float64Array(1))).toThrow(/firstNonFinite: x\.length must be at least n/);
    expect(() => backend.gemm(false, false, 2 ** 20, 2 ** 20, 1, 1, a, b, 0, c)).toThrow(/a\.length must be at least m\*k/);
  });

  it('rejects NaN and infinite scalars with RangeError', () => {
    expect(() => backend.gemm(false, false, 2, 2, 3, Number.NaN, a, b, 0, c)).toThrow(new RangeError('gemm: alpha must be a finite number, got NaN'));
    expect(() => backend.gemm(false, false, 2, 2, 3, 1, a, b, Infinity, c)).toThrow(/beta must be a finite number, got Infinity/);
    expect(() => backend.activationForward('elu', 2, a, b, Number.NaN)).toThrow(/activationForward: alpha must be a finite number, got NaN/);
    expect(() => backend.clipByNorm(6, a, -1, new Float64Array(1))).toThrow(/clipByNorm: maxNorm must be a finite number >= 0, got -1/);
    expect(() => backend.dropoutMask(u32(backend, [1, 2, 3, 4]), 6, 1, a)).toThrow(/dropoutMask: rate must be in \[0, 1\), got 1/);
    expect(() => backend.adamStep(a, b, { expAvg: f32(backend, new Float32Array(6)), expAvgSq: f32(backend, new Float32Array(6)) }, { lr: Number.NaN }, 1)).toThrow(
      /adamStep: options\.lr must be a finite number >= 0, got NaN/,
    );
  });

  it('rejects class labels outside [0, classes) before the kernel reads them', () => {
    const logits = f32(backend, new Float32Array(6));
    expect(() =>
      backend.softmaxCrossEntropyIndex(2, 3, logits, i32(backend, [0, 3]), f32(backend, new Float32Array(6)), f32(backend, new Float32Array(6)), new Float64Array(1)),
    ).toThrow(new RangeError('softmaxCrossEntropyIndex: labels[1] must be a class index in [0, 2], got 3'));
    expect(() => backend.meanSquaredError(2, 3, logits, logits, f32(backend, new Float32Array(6)), new Float32Array(1) as never)).toThrow(
      new TypeError('meanSquaredError: result must be a Float64Array (the value lands in result[0]), got Float32Array(1)'),
    );
  });

  it('reads what an array is from the engine, not from properties a subclass or proxy can fake', () => {
    class Lying extends Float32Array {
      override get length(): number {
        return 2 ** 30;
      }
    }
    const short = new Lying(a.buffer as ArrayBuffer, a.byteOffset, 3);
    expect(() => backend.clipByValue(6, short, 1)).toThrow(new RangeError('clipByValue: grads.length must be at least n = 6, got 3'));
    expect(() => backend.clipByValue(6, new Proxy(a, {}), 1)).toThrow(/clipByValue: grads must be a Float32Array, got/);
    const borrowed = Object.setPrototypeOf({ length: 6 }, Float32Array.prototype) as Float32Array;
    expect(() => backend.clipByValue(6, borrowed, 1)).toThrow(/clipByValue: grads must be a Float32Array, got/);
    const result = Object.setPrototypeOf({ length: 1 }, Float64Array.prototype) as Float64Array;
    expect(() => backend.sumSquares(6, a, result)).toThrow(/sumSquares: result must be a Float64Array/);
  });

  it('reads options and state before checking any array, so a getter cannot detach a checked one', () => {
    const buffer = new ArrayBuffer(24);
    const params = new Float32Array(buffer);
    const options = { get lr() {
      structuredClone(buffer, { transfer: [buffer] });
      return 0.1;
    } };
    const grads = f32(backend, new Float32Array(6));
    expect(() => backend.sgdStep(params, grads, {}, options, 1)).toThrow(new RangeError('sgdStep: grads.length must equal params.length = 0, got 6'));
    const state = { get expAvg() {
      return f32(backend, new Float32Array(5));
    }, expAvgSq: f32(backend, new Float32Array(6)) };
    expect(() => backend.adamStep(f32(backend, new Float32Array(6)), grads, state, { lr: 1 }, 1)).toThrow(/adamStep: state\.expAvg\.length must equal params\.length = 6, got 5/);
  });

  it('checks batch norm\'s named arguments: momentum in [0, 1], eps > 0, rows >= 1, each field read once', () => {
    const column = () => f32(backend, new Float32Array(3));
    const args = { rows: 2, cols: 3, x: a, gamma: column(), beta: column(), runningMean: column(), runningVar: column(), mean: column(), invStd: column(), xhat: b, y: b, training: true };
    expect(() => backend.batchNormForward({ ...args, momentum: 1.5 })).toThrow(new RangeError('batchNormForward: momentum must be a number in [0, 1], got 1.5'));
    expect(() => backend.batchNormForward({ ...args, eps: 0 })).toThrow(new RangeError('batchNormForward: eps must be a finite number > 0, got 0'));
    expect(() => backend.batchNormForward({ ...args, rows: 0 })).toThrow(new RangeError('batchNormForward: rows must be a positive integer, got 0'));
    expect(() => backend.batchNormForward({ ...args, training: 1 as never })).toThrow(new TypeError('batchNormForward: training must be a boolean, got 1'));
    expect(() => backend.batchNormForward(null as never)).toThrow(new TypeError('batchNormForward: args must be an object, got null'));
    const backward = { rows: 2, cols: 3, dy: a, xhat: b, gamma: column(), invStd: column(), dx: a, dGamma: column(), dBeta: column() };
    expect(() => backend.batchNormBackward({ ...backward, dGamma: f32(backend, [1, 2]) })).toThrow(new RangeError('batchNormBackward: dGamma.length must be at least cols = 3, got 2'));
    // A getter that swaps x for a short array after the check would be read a second time; it is not.
    let reads = 0;
    const swapping = { ...args, get x() {
      reads += 1;
      return reads === 1 ? a : f32(backend, [1]);
    } };
    backend.batchNormForward(swapping);
    expect(reads).toBe(1);
  });

  it('checks denseForward\'s named arguments, prelu slopes included', () => {
    const args = { rows: 2, inputs: 3, units: 2, x: a, weights: b, bias: f32(backend, [0, 0]), z: c, a: c, activation: 'prelu' as const, param: f32(backend, [1, 1]) };
    expect(() => backend.denseForward({ ...args, activation: 'swish' as never })).toThrow(/denseForward: activation must be one of identity, sigmoid/);
    expect(() => backend.denseForward({ ...args, param: f32(backend, [1]) })).toThrow(new RangeError('denseForward: param (prelu slopes).length must be at least units = 2, got 1'));
    expect(() => backend.denseForward({ ...args, activation: 'elu', param: Number.NaN })).toThrow(new RangeError('denseForward: alpha must be a finite number, got NaN'));
    expect(() => backend.denseForward(undefined as never)).toThrow(new TypeError('denseForward: args must be an object, got undefined'));
  });

  it('rejects bad optimizer settings and missing state', () => {
    expect(() => backend.sgdStep(a, b, {}, { lr: 0.1, momentum: 0.9 }, 1)).toThrow(/sgdStep: state\.momentumBuffer must be a Float32Array, got undefined/);
    expect(() => backend.sgdStep(a, b, {}, { lr: 0.1, nesterov: true }, 1)).toThrow(/Nesterov/);
    expect(() => backend.sgdStep(a, b, {}, { lr: 0.1 }, 0)).toThrow(/sgdStep: step must be a positive integer, got 0/);
  });
});

describe('wasm memory', () => {
  it('wasm rejects arrays outside its memory instead of copying them', () => {
    const wasm = LOADED.find(([name]) => name === 'wasm')?.[1];
    expect(wasm, 'the wasm backend must load').toBeDefined();
    const inside = f32(wasm!, new Float32Array(6));
    expect(() => wasm!.gemm(false, false, 2, 2, 3, 1, new Float32Array(6), inside, 0, inside)).toThrow(/gemm: a must live in the wasm backend's memory/);
  });
});

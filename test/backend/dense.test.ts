// The fused layer kernels: every compiled backend against the js composition of gemm, bias,
// activation and column sums, for every activation (prelu and softmax included), every flag
// combination and odd sizes (relative 2e-5, absolute 1e-5).
import { describe, expect, it } from 'vitest';
import { ACTIVATION_CODES, type LayerActivation } from '../../src/backend/kernel-codes.ts';
import { COMPILED, randomValues, worstRatio } from './backends.ts';
import { runBoth } from './parity.ts';

const ACTIVATIONS = Object.keys(ACTIVATION_CODES) as LayerActivation[];
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 10],
  [33, 100, 37],
];

describe.each(COMPILED)('dense layer kernels on %s match the js reference', (_name, backend) => {
  it.each(ACTIVATIONS)('%s: forward, then backward with and without a given gradient and input gradient', (activation) => {
    for (const [rows, inputs, units] of SHAPES) {
      for (const given of [false, true]) {
        for (const inputGradient of [false, true]) {
          const { js, other } = runBoth(
            backend,
            {
              x: randomValues(rows * inputs, rows, 2),
              w: randomValues(units * inputs, inputs, 0.5),
              bias: randomValues(units, units, 0.1),
              slopes: randomValues(units, 9, 0.3),
              z: new Float32Array(rows * units),
              a: new Float32Array(rows * units),
              dA: randomValues(rows * units, 3),
              dZ: randomValues(rows * units, 4),
              dW: new Float32Array(units * inputs),
              dB: new Float32Array(units),
              dX: new Float32Array(rows * inputs),
              dSlopes: new Float32Array(units),
            },
            (b, t) => {
              const param = activation === 'prelu' ? t.slopes : activation === 'leakyRelu' ? 0.1 : undefined;
              b.denseForward({ rows, inputs, units, x: t.x!, weights: t.w!, bias: t.bias!, z: t.z!, a: t.a!, activation, param });
              b.denseBackward({
                rows, inputs, units, x: t.x!, weights: t.w!, z: t.z!, a: t.a!, dA: given ? null : t.dA!, dZ: t.dZ!, dWeights: t.dW!, dBias: t.dB!,
                dX: inputGradient ? t.dX! : null, activation, param, dSlopes: t.dSlopes,
              });
            },
          );
          const where = `${activation} ${rows}×${inputs}→${units} given=${given} dX=${inputGradient}`;
          for (const key of ['z', 'a', 'dZ', 'dW', 'dB', 'dX', 'dSlopes']) {
            expect(worstRatio(other.arrays[key]!, js.arrays[key]!, 2e-5, 1e-5).ratio, `${where}: ${key}`).toBeLessThanOrEqual(1);
          }
        }
      }
    }
  });

  it('computes in place when a is the same array as z (linear layers)', () => {
    const x = backend.allocate(6).fill(1);
    const w = backend.allocate(6).fill(0.5);
    const bias = backend.allocate(2).fill(0.25);
    const z = backend.allocate(4);
    backend.denseForward({ rows: 2, inputs: 3, units: 2, x, weights: w, bias, z, a: z, activation: 'identity' });
    expect([...z]).toEqual([1.75, 1.75, 1.75, 1.75]);
  });
});

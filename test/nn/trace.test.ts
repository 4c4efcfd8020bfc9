// The trace's formulas are the batch-as-rows ones the code computes, and each printed quantity
// is what its formula says: recomputed here from the trace's own Z, A, W and δ in float64.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import { formatTrace, traceStep, type BackpropTrace } from '../../src/nn/trace.ts';

const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const y = [[0], [1], [1], [0]];

function xorTrace(): BackpropTrace {
  const model = new MLP({ inputs: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 });
  return traceStep(model, x, y, { lr: 0.5, apply: false });
}

const matmul = (a: number[][], b: number[][]) => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const transpose = (m: number[][]) => m[0]!.map((_, j) => m.map((row) => row[j]!));

function expectClose(got: number[][], want: number[][]): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(1e-6)));
}

describe('traceStep', () => {
  it('numbers layers from 1, and each quantity is what the batch-as-rows formula gives', () => {
    const trace = xorTrace();
    expect(trace.layers.map((l) => l.layer)).toEqual([1, 2]);
    const [first, second] = trace.layers as [BackpropTrace['layers'][0], BackpropTrace['layers'][0]];
    const sigmoidSlope = (z: number) => 1 / (1 + Math.exp(-z)) * (1 - 1 / (1 + Math.exp(-z)));
    // Z(l) = A(l−1)·W(l)ᵀ + b(l)
    expectClose(first.z, matmul(trace.input, transpose(first.weights)).map((row) => row.map((v, j) => v + first.bias[j]!)));
    expectClose(second.z, matmul(first.a, transpose(second.weights)).map((row) => row.map((v, j) => v + second.bias[j]!)));
    // δ(L) = ∂E/∂Z(L) = (A(L) − Y) / rows for a sigmoid output with binary cross-entropy
    expectClose(second.delta, second.a.map((row, i) => row.map((a, j) => (a - y[i]![j]!) / 4)));
    // δ(l) = (δ(l+1)·W(l+1)) ⊙ g′(Z(l))
    expectClose(first.delta, matmul(second.delta, second.weights).map((row, i) => row.map((v, j) => v * sigmoidSlope(first.z[i]![j]!))));
    // ∂E/∂W(l) = δ(l)ᵀ·A(l−1), ∂E/∂b(l) = Σ rows of δ(l)
    expectClose(first.dWeights, matmul(transpose(first.delta), trace.input));
    expectClose(second.dWeights, matmul(transpose(second.delta), first.a));
    expectClose([second.dBias], [transpose(second.delta).map((column) => column.reduce((s, v) => s + v, 0))]);
  });

  it('prints a one-weight step as the hand-computed tables, and applies it unless told not to', () => {
    // ŷ = 2x + 0.5 on x = (1, 3), y = (2, 5): Z = (2.5, 6.5), MSE 1.25, δ = 2(ŷ − y)/2 = (0.5, 1.5),
    // ∂E/∂W = 0.5·1 + 1.5·3 = 5, ∂E/∂b = 2; with lr 0.1, W → 1.5 and b → 0.3.
    const model = new MLP({ inputs: 1, layers: [{ units: 1, activation: 'linear' }], loss: 'mse', seed: 1 });
    model.setWeights([{ weights: Float32Array.of(2), bias: Float32Array.of(0.5) }]);
    const untouched = traceStep(model, [[1], [3]], [[2], [5]], { lr: 0.1, apply: false });
    expect(model.getWeights()[0]!.weights[0]).toBe(2);
    const trace = traceStep(model, [[1], [3]], [[2], [5]], { lr: 0.1 });
    expect(trace).toEqual(untouched);
    expect(model.getWeights()[0]!.weights[0]).toBe(1.5);
    expect(model.getWeights()[0]!.bias[0]).toBeCloseTo(0.3, 6);
    expect(formatTrace(trace)).toBe([
      'Backprop step (learning rate 0.1), loss before the step 1.250000',
      '',
      '  A(0) = X (rows × features)',
      '  row            x1',
      '  row1     1.000000',
      '  row2     3.000000',
      '',
      'Layer 1 (linear)',
      '  Z(1) = A(0)·W(1)ᵀ + b(1)',
      '  row            u1',
      '  row1     2.500000',
      '  row2     6.500000',
      '  A(1) = g(Z(1))',
      '  row            u1',
      '  row1     2.500000',
      '  row2     6.500000',
      '  δ(1) = ∂E/∂Z(1)',
      '  row            u1',
      '  row1     0.500000',
      '  row2     1.500000',
      '  W(1) (units × inputs)',
      '  u             in1',
      '  u1       2.000000',
      '  ∂E/∂W(1) = δ(1)ᵀ·A(0)',
      '  u             in1',
      '  u1       5.000000',
      '  W(1) − lr·∂E/∂W(1)',
      '  u             in1',
      '  u1       1.500000',
      '  b(1), ∂E/∂b(1) = Σ rows of δ(1), b(1) − lr·∂E/∂b(1)',
      '  u               b      ∂E/∂b  b − lr·∂E/∂b',
      '  u1       0.500000   2.000000      0.300000',
    ].join('\n'));
  });

  it('prints the same formulas above its tables, with 1-based layers', () => {
    const text = formatTrace(xorTrace());
    const titles = text.split('\n').filter((line) => /^ {2}\S/.test(line) && !/^ {2}(row|u)/.test(line)).map((line) => line.trim());
    expect(titles).toEqual([
      'A(0) = X (rows × features)',
      'Z(1) = A(0)·W(1)ᵀ + b(1)',
      'A(1) = g(Z(1))',
      'δ(1) = (δ(2)·W(2)) ⊙ g′(Z(1))',
      'W(1) (units × inputs)',
      '∂E/∂W(1) = δ(1)ᵀ·A(0)',
      'W(1) − lr·∂E/∂W(1)',
      'b(1), ∂E/∂b(1) = Σ rows of δ(1), b(1) − lr·∂E/∂b(1)',
      'Z(2) = A(1)·W(2)ᵀ + b(2)',
      'A(2) = g(Z(2))',
      'δ(2) = ∂E/∂Z(2)',
      'W(2) (units × inputs)',
      '∂E/∂W(2) = δ(2)ᵀ·A(1)',
      'W(2) − lr·∂E/∂W(2)',
      'b(2), ∂E/∂b(2) = Σ rows of δ(2), b(2) − lr·∂E/∂b(2)',
    ]);
    expect(text).toContain('\nLayer 1 (sigmoid)\n');
    expect(text).toContain('\nLayer 2 (sigmoid)\n');
    expect(text).not.toContain('Layer 0');
  });
});

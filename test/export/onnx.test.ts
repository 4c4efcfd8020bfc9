// toOnnx: every exported model runs in onnxruntime and answers what predictProba answers, to
// 1e-5, on the 360 digits test rows: every activation, batch norm, residual sums, both scalers.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { StandardScaler } from '../../src/data/index.ts';
import { ONNX_INPUT, ONNX_OUTPUT, onnxGraph, toOnnx } from '../../src/export/onnx.ts';
import { toTfjs } from '../../src/export/tfjs.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { activationModels, exportInput, expectedOutputs, maxAbsDifference, structureModels, type DigitsModel } from './digits-models.ts';

async function runOnnx(bytes: Uint8Array, x: Float32Array, inputs: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', x, [x.length / inputs, inputs]) });
    return result[ONNX_OUTPUT]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

async function checkAgainstPredict(digits: DigitsModel): Promise<number> {
  const bytes = toOnnx(digits.model, digits.scaler ? { scaler: digits.scaler } : undefined);
  const got = await runOnnx(bytes, exportInput(digits), digits.model.inputs);
  const want = expectedOutputs(digits);
  expect(got.length).toBe(want.length);
  return maxAbsDifference(got, want);
}

describe('toOnnx', () => {
  it.each(activationModels().map((m) => [m.name, m] as const))('%s hidden layers (StandardScaler as Sub/Div): onnxruntime matches predictProba to 1e-5', async (_name, digits) => {
    expect(await checkAgainstPredict(digits)).toBeLessThanOrEqual(1e-5);
  });

  it.each(structureModels().map((m) => [m.name, m] as const))('%s: onnxruntime matches to 1e-5', async (_name, digits) => {
    expect(await checkAgainstPredict(digits)).toBeLessThanOrEqual(1e-5);
  });

  it('maps each part to its opset-17 operator, the scaler in front', () => {
    const [digits] = structureModels();
    const graph = onnxGraph(digits!.model, { scaler: digits!.scaler! });
    expect(graph.nodes.map((n) => n.op)).toEqual([
      'Sub', 'Div',
      'Gemm', 'BatchNormalization', 'Relu',
      'Gemm', 'BatchNormalization', 'PRelu',
      'Gemm', 'BatchNormalization', 'Elu',
      'Gemm', 'Softmax',
    ]);
    expect(graph.nodes[3]!.floats).toEqual({ epsilon: 1e-5 });
    expect(graph.nodes[6]!.floats!.epsilon).toBe(1e-3);
    expect(graph.nodes[10]!.floats).toEqual({ alpha: 0.5 });
    expect(graph.nodes.at(-1)!.outputs).toEqual([ONNX_OUTPUT]);
  });

  it('refuses what is not an MLP, a scaler of another width or unfitted, and a diverged model, naming the rule', () => {
    const model = new MLP({ inputs: 4, layers: [{ units: 3, activation: 'softmax' }] });
    expect(() => toOnnx({} as MLP)).toThrow(new TypeError('toOnnx(model) must be an MLP, got Object'));
    const scaler = new StandardScaler().fit(new Float32Array([1, 2, 3, 4, 5, 6]), 3);
    expect(() => toOnnx(model, { scaler })).toThrow(new RangeError("toOnnx: options.scaler.features must be 4, the model's inputs, got 3"));
    expect(() => toOnnx(model, { scaler: new StandardScaler() })).toThrow(
      new TypeError('toOnnx: options.scaler must be fitted (call fit(trainingData) first), got an unfitted StandardScaler'),
    );
    model.parameters[0] = Number.NaN;
    expect(() => toOnnx(model)).toThrow(new RangeError('toOnnx(model) must have finite weights and batch-norm statistics, got NaN or infinite weights (the model diverged)'));
    const normed = new MLP({ inputs: 4, layers: [{ units: 3, batchNorm: true }, { units: 2, activation: 'softmax' }] });
    normed.state[0] = Number.POSITIVE_INFINITY;
    expect(() => toTfjs(normed)).toThrow(/toTfjs\(model\) must have finite weights and batch-norm statistics, got NaN or infinite running statistics/);
  });
});

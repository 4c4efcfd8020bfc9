// hyperprop export: a saved model file (with its scaler) as ONNX and as a TF.js layers model,
// each file loaded back by its own runtime and checked against predictProba; bad usage exits 2.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardScaler, loadDigitsSplit } from '../../src/data/index.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { saveModel } from '../../src/nn/model-file.ts';
import { maxAbsDifference } from '../export/digits-models.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-export-'));
const modelPath = join(folder, 'digits.json');
const { train, test } = loadDigitsSplit();
const scaler = new StandardScaler().fit(train);
const model = new MLP({ inputs: 64, layers: [{ units: 24, activation: 'elu', alpha: 0.5, batchNorm: true, residual: true }, { units: 10, activation: 'softmax' }], seed: 2 });
const rows = test.rows;

beforeAll(() => {
  model.fit(scaler.transform(train).x, train.y as Int32Array, { epochs: 2, batchSize: 64 });
  saveModel(model, modelPath, { scaler });
  tf.enableProdMode();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function onnxOutputs(path: string, x: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(path);
  const result = await session.run({ input: new ort.Tensor('float32', x, [rows, 64]) });
  await session.release();
  return result.output!.data as Float32Array;
}

/** Reads model.json and the weight files its manifest names, as tf.loadLayersModel would fetch them. */
async function tfjsOutputs(dir: string, x: Float32Array): Promise<Float32Array> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const manifest = json.weightsManifest as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const data = Buffer.concat(manifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dir, p)))));
  await tf.setBackend('cpu');
  const loaded = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: manifest.flatMap((g) => g.weights), weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) }),
  );
  const input = tf.tensor2d(x, [rows, 64]);
  const output = loaded.predict(input) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  tf.dispose([input, output]);
  loaded.dispose();
  return values;
}

describe('hyperprop export', () => {
  it('--format onnx writes <model>.onnx with the scaler built in: onnxruntime on raw pixels matches predictProba (child process)', async () => {
    const { code, stdout, stderr } = await hyperprop(['export', modelPath, '--format', 'onnx']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const onnxPath = join(folder, 'digits.onnx');
    expect(stdout.trim()).toBe(`wrote ${onnxPath} (ONNX opset 17, 64 inputs → 10 outputs, StandardScaler built in)`);
    const got = await onnxOutputs(onnxPath, test.x);
    expect(maxAbsDifference(got, model.predictProba(scaler.transform(test.x)))).toBeLessThanOrEqual(1e-5);
  });

  it('--format tfjs -o <folder> writes model.json and weights.bin that @tensorflow/tfjs loads and runs alike', async () => {
    const target = join(folder, 'web', 'digits');
    const { code, stdout } = await hyperpropInProcess(['export', modelPath, '--format', 'tfjs', '-o', target, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      format: 'tfjs',
      files: [join(target, 'model.json'), join(target, 'weights.bin')],
      inputs: 64,
      outputs: 10,
      scaler: 'StandardScaler',
    });
    const got = await tfjsOutputs(target, test.x);
    expect(maxAbsDifference(got, model.predictProba(scaler.transform(test.x)))).toBeLessThanOrEqual(1e-5);
  });

  it('--no-scaler exports the network alone, for inputs scaled as in training', async () => {
    const onnxPath = join(folder, 'no-scaler.onnx');
    const { code, stdout } = await hyperpropInProcess(['export', modelPath, '-f', 'onnx', '--no-scaler', '-o', onnxPath]);
    expect(code).toBe(0);
    expect(stdout).toContain('without its scaler (--no-scaler)');
    const scaled = scaler.transform(test.x);
    expect(maxAbsDifference(await onnxOutputs(onnxPath, scaled), model.predictProba(scaled))).toBeLessThanOrEqual(1e-5);
  });

  it('exits 2 naming the allowed formats, a missing --format, a file that is not a model, or an output over the model', async () => {
    const unknown = await hyperpropInProcess(['export', modelPath, '--format', 'keras']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--format must be one of onnx, tfjs, optuna, got "keras"');
    const missing = await hyperpropInProcess(['export', modelPath]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-f, --format <format>' not specified");
    const notModel = await hyperpropInProcess(['export', join(folder, 'absent.json'), '--format', 'onnx']);
    expect(notModel.code).toBe(2);
    expect(notModel.stderr).toContain(`error: <model> must be a hyperprop model file: model file ${JSON.stringify(join(folder, 'absent.json'))}`);
    const before = readFileSync(modelPath);
    const over = await hyperpropInProcess(['export', modelPath, '--format', 'onnx', '-o', modelPath]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain(`--output must not overwrite the model file it exports, got ${JSON.stringify(modelPath)}`);
    expect(readFileSync(modelPath).equals(before)).toBe(true);
  });
});

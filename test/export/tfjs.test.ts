// toTfjs: every exported model, served as model.json + weights.bin over HTTP, loads with
// @tensorflow/tfjs' own tf.loadLayersModel (CPU backend) and answers what predictProba answers,
// to 1e-5, on the 360 digits test rows: every activation, batch norm, residual sums, both scalers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TFJS_WEIGHTS_FILE, toTfjs, type TfjsArtifacts } from '../../src/export/tfjs.ts';
import { MLP } from '../../src/nn/mlp.ts';
import { activationModels, exportInput, expectedOutputs, maxAbsDifference, structureModels, type DigitsModel } from './digits-models.ts';

/** What the server answers, by path: each test puts its model's two files under its own folder. */
const files = new Map<string, Uint8Array>();
let server: Server;
let base: string;

beforeAll(async () => {
  tf.enableProdMode();
  await tf.setBackend('cpu');
  server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    response.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

let served = 0;

/** Serves the two files as a user's web server would and loads them with tf.loadLayersModel. */
async function load(artifacts: TfjsArtifacts): Promise<tf.LayersModel> {
  const folder = `/model-${++served}`;
  files.set(`${folder}/model.json`, new TextEncoder().encode(JSON.stringify(artifacts.modelJson)));
  files.set(`${folder}/${TFJS_WEIGHTS_FILE}`, artifacts.weights);
  return tf.loadLayersModel(`${base}${folder}/model.json`);
}

async function checkAgainstPredict(digits: DigitsModel): Promise<{ delta: number; kind: string }> {
  const artifacts = toTfjs(digits.model, digits.scaler ? { scaler: digits.scaler } : undefined);
  const loaded = await load(artifacts);
  const x = exportInput(digits);
  const input = tf.tensor2d(x, [x.length / digits.model.inputs, digits.model.inputs]);
  const output = loaded.predict(input) as tf.Tensor;
  const got = (await output.data()) as Float32Array;
  tf.dispose([input, output]);
  loaded.dispose();
  return { delta: maxAbsDifference(got, expectedOutputs(digits)), kind: artifacts.modelJson.modelTopology.class_name };
}

describe('toTfjs', () => {
  it.each(activationModels().map((m) => [m.name, m] as const))('%s hidden layers (scaler as a fixed batch norm): tf.loadLayersModel matches predictProba to 1e-5', async (_name, digits) => {
    const { delta, kind } = await checkAgainstPredict(digits);
    expect(delta).toBeLessThanOrEqual(1e-5);
    expect(kind).toBe('Sequential');
  });

  it.each(structureModels().map((m) => [m.name, m] as const))('%s: tf.loadLayersModel matches to 1e-5', async (name, digits) => {
    const { delta, kind } = await checkAgainstPredict(digits);
    expect(delta).toBeLessThanOrEqual(1e-5);
    // A skip connection needs a functional model; a chain of layers stays Sequential.
    expect(kind).toBe(name.startsWith('residual') ? 'Model' : 'Sequential');
  });

  it('writes each weight once, little-endian float32, in manifest order, Dense kernels as inputs × units', () => {
    const model = new MLP({ inputs: 3, layers: [{ units: 2, activation: 'prelu' }, { units: 2, activation: 'softmax' }] });
    model.setWeights([
      { weights: [[1, 2, 3], [4, 5, 6]], bias: [7, 8], slopes: [9, 10] },
      { weights: [[11, 12], [13, 14]], bias: [15, 16] },
    ]);
    const { modelJson, weights } = toTfjs(model);
    expect(modelJson.weightsManifest[0].weights).toEqual([
      { name: 'layer0_dense/kernel', shape: [3, 2], dtype: 'float32' },
      { name: 'layer0_dense/bias', shape: [2], dtype: 'float32' },
      { name: 'layer0_activation/alpha', shape: [2], dtype: 'float32' },
      { name: 'layer1_dense/kernel', shape: [2, 2], dtype: 'float32' },
      { name: 'layer1_dense/bias', shape: [2], dtype: 'float32' },
    ]);
    const values = Array.from({ length: weights.length / 4 }, (_, i) => new DataView(weights.buffer).getFloat32(i * 4, true));
    expect(values).toEqual([1, 4, 2, 5, 3, 6, 7, 8, 9, 10, 11, 13, 12, 14, 15, 16]);
  });

  it('refuses what is not an MLP, naming the rule', () => {
    expect(() => toTfjs(null as unknown as MLP)).toThrow(new TypeError('toTfjs(model) must be an MLP, got null'));
  });
});

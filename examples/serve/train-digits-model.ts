// Trains the digits model the serving example serves (64-128-10 ReLU, Adam, 20 epochs, features
// scaled by a MinMaxScaler saved in the model file) and saves it.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDigitsSplit, MinMaxScaler, MLP, saveModel } from 'hyperprop';

export const DEFAULT_MODEL = join(dirname(fileURLToPath(import.meta.url)), 'digits-model.json');

export function trainDigitsModel(path: string): void {
  const { train, test } = loadDigitsSplit();
  const scaler = new MinMaxScaler().fit(train.x, train.features);
  const model = new MLP({ inputs: 64, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 3 });
  model.fit(scaler.transform(train.x), train.y, { epochs: 20, batchSize: 32, optimizer: { type: 'adam', lr: 1e-3 }, monitorGradients: false });
  const accuracy = model.evaluate(scaler.transform(test.x), test.y).accuracy!;
  mkdirSync(dirname(path), { recursive: true });
  saveModel(model, path, { scaler });
  console.log(`trained the digits model: test accuracy ${accuracy.toFixed(4)}; saved ${path}`);
}

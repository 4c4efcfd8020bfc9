// Regression from the command line (in process, through the CLI's own entry: the executable's
// start-up is tested by each command's child-process test): friedman1's targets are standardised
// for training, the saved model (train, and tune's refit) owns the target scaler, and loaded, it
// predicts the raw test rows in the target's units with the R² the run printed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src/config/load-data.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { loadModel } from '../../src/nn/model-file.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-regression-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DATA = { builtin: 'friedman1', split: { test: 0.2, validation: 0.2, seed: 0 } } as const;

function config(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `data: { builtin: friedman1, split: { test: 0.2, validation: 0.2, seed: 0 } }\n${body}\n`);
  return path;
}

/** The loaded model's R² on the raw test rows (raw features, targets in their units). */
function testR2(modelPath: string): number {
  const { test } = loadData(validateConfig({ data: { ...DATA, scaling: 'none', targetScaling: 'none' } }).data);
  const p = loadModel(modelPath).model.predict(test!.x) as Float32Array;
  const y = test!.y as Float32Array;
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < y.length; i++) {
    sse += (y[i]! - p[i]!) ** 2;
    sst += (y[i]! - mean) ** 2;
  }
  return 1 - sse / sst;
}

describe('regression from the command line', () => {
  it('train: standardised targets, test metrics and the saved model in the target units', async () => {
    const model = join(dir, 'train.json');
    const path = config('train.yaml', 'model: { hidden: [{ units: 32, activation: tanh }], seed: 0 }\ntraining: { epochs: 40, batchSize: 16, optimizer: { type: adam, lr: 0.003 } }');
    const run = await hyperpropInProcess(['train', path, '--json', '--quiet', '--save-model', model]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.test.r2).toBeGreaterThan(0.8);
    // MSE in the target's units (variance ≈ 24), not the standardised loss the network trained on.
    expect(result.test.mse).toBeCloseTo((1 - result.test.r2) * 24, -1);
    expect(result.test.mse).toBeGreaterThan(result.test.loss * 10);
    expect(loadModel(model).model.targetScaler?.mean?.[0]).toBeCloseTo(14.2, 0);
    expect(testR2(model)).toBeCloseTo(result.test.r2, 4);
  });

  it('tune --save-model: R² by default (maximized); the refit owns the target scaler and scores the printed test R²', async () => {
    const model = join(dir, 'tune.json');
    const path = config('tune.yaml', 'tune:\n  epochs: 15\n  trials: 2\n  seed: 1\n  space:\n    lr: { type: float, low: 0.002, high: 0.02, log: true }\n    units: 16');
    const run = await hyperpropInProcess(['tune', path, '--save-model', model, '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const [study] = JSON.parse(run.stdout).studies;
    // R² of the best trial (a standardised validation loss would sit far below 0.5).
    expect(study.bestValue).toBeGreaterThan(0.5);
    expect(study.bestValue).toBeLessThanOrEqual(1);
    expect(study.test.r2).toBeGreaterThan(0.5);
    expect(loadModel(model).model.targetScaler).toBeDefined();
    expect(testR2(model)).toBeCloseTo(study.test.r2, 4);
  });
});

// hyperprop evaluate: a model file scored on labelled rows. The scores are checked against the
// model's own evaluate() (an independent accumulator) and against the metric functions; bad
// files exit 2 naming the numbers, the line and the column.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { saveModel } from '../../src/nn/model-file.ts';
import { confusionMatrix, precisionRecallF1 } from '../../src/train/metrics/index.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-evaluate-'));
const path = (name: string) => join(folder, name);
const iris = loadIris();
const labels = iris.y as Int32Array;
const classifier = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 });
const regressor = new MLP({ inputs: 3, layers: [{ units: 8, activation: 'tanh' }, { units: 1 }], seed: 1 });
const binary = new MLP({ inputs: 4, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
const multiLabel = new MLP({ inputs: 4, layers: [{ units: 2, activation: 'sigmoid' }], seed: 1 });
const scaler = new StandardScaler().fit(iris);
const scaled = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 3 });
const irisCsv = join(process.cwd(), 'data', 'iris.csv');
const irisLines = readFileSync(irisCsv, 'utf8').trim().split('\n');
const regressionX = Float32Array.from({ length: iris.rows * 3 }, (_, i) => iris.x[Math.floor(i / 3) * 4 + (i % 3)]!);
const petalWidth = Float32Array.from({ length: iris.rows }, (_, i) => iris.x[i * 4 + 3]!);
const setosa = Float32Array.from(labels, (label) => (label === 0 ? 1 : 0));

/** iris.csv with each line's cells mapped (the header line gets index -1). */
function irisMapped(map: (cells: string[], row: number) => string[]): string {
  return `${irisLines.map((line, i) => map(line.split(','), i - 1).join(',')).join('\n')}\n`;
}

beforeAll(() => {
  classifier.fit(iris.x, labels, { epochs: 20, batchSize: 16 });
  saveModel(classifier, path('iris.json'));
  regressor.fit(regressionX, petalWidth, { epochs: 10, batchSize: 16 });
  saveModel(regressor, path('width.json'));
  binary.fit(iris.x, setosa, { epochs: 5, batchSize: 16 });
  saveModel(binary, path('setosa.json'));
  saveModel(multiLabel, path('multi.json'));
  scaled.fit(scaler.transform(iris.x), labels, { epochs: 20, batchSize: 16 });
  saveModel(scaled, path('scaled.json'), { scaler });
  writeFileSync(path('setosa.csv'), irisMapped((cells, row) => [...cells.slice(0, 4), row < 0 ? 'setosa' : String(setosa[row])]));
  writeFileSync(path('features.csv'), irisMapped((cells) => cells.slice(0, 4)));
  writeFileSync(path('label-out-of-range.csv'), irisMapped((cells, row) => (row === 6 ? [...cells.slice(0, 4), '3'] : cells)));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('hyperprop evaluate', () => {
  it('prints accuracy, log-loss, the confusion matrix and per-class precision/recall/F1 of a classifier (child process)', async () => {
    const { code, stdout, stderr } = await hyperprop(['evaluate', path('iris.json'), irisCsv]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const own = classifier.evaluate(iris.x, labels);
    const matrix = confusionMatrix(labels, classifier.predict(iris.x), 3);
    const { perClass, macro } = precisionRecallF1(matrix);
    expect(stdout).toContain(`${irisCsv}: 150 rows, classifier with 3 classes`);
    expect(stdout).toContain(`accuracy   ${own.accuracy!.toFixed(4)}`);
    // The model's loss has no weight penalty here, so it is the log-loss.
    expect(stdout).toContain(`log-loss   ${own.loss.toFixed(4)}`);
    expect(stdout).toContain('confusion matrix (rows: true class, columns: predicted class)');
    matrix.forEach((row, c) => expect(stdout).toContain(`${String(c).padStart(5)}${row.map((n) => String(n).padStart(5)).join('')}`));
    perClass.forEach((s, c) => expect(stdout).toMatch(new RegExp(`^${c} +${s.precision.toFixed(4)} +${s.recall.toFixed(4)} +${s.f1.toFixed(4)} +${s.support}$`, 'm')));
    expect(stdout).toMatch(new RegExp(`^macro avg +${macro.precision.toFixed(4)} +${macro.recall.toFixed(4)} +${macro.f1.toFixed(4)} +150$`, 'm'));
  });

  it('--json gives the same scores unrounded', async () => {
    const { code, stdout } = await hyperpropInProcess(['evaluate', path('iris.json'), irisCsv, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const own = classifier.evaluate(iris.x, labels);
    const matrix = confusionMatrix(labels, classifier.predict(iris.x), 3);
    expect(report).toMatchObject({ task: 'classification', rows: 150, classes: ['0', '1', '2'], confusionMatrix: matrix, macro: precisionRecallF1(matrix).macro });
    expect(report.accuracy).toBe(own.accuracy);
    expect(report.logLoss).toBeCloseTo(own.loss, 6);
    expect(report.perClass.map((s: { class: string }) => s.class)).toEqual(['0', '1', '2']);
  });

  it('a model saved with its scaler is scored on raw rows through it', async () => {
    const own = scaled.evaluate(scaler.transform(iris.x), labels);
    const { code, stdout } = await hyperpropInProcess(['evaluate', path('scaled.json'), irisCsv, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.accuracy).toBe(own.accuracy);
    expect(report.logLoss).toBeCloseTo(own.loss, 6);
    expect(report.confusionMatrix).toEqual(confusionMatrix(labels, scaled.predict(scaler.transform(iris.x)), 3));
  });

  it('a regressor gets R², RMSE, MAE and MSE, as its own evaluate() computes them', async () => {
    const { code, stdout } = await hyperpropInProcess(['evaluate', path('width.json'), path('features.csv'), '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const own = regressor.evaluate(regressionX, petalWidth);
    expect(report).toMatchObject({ task: 'regression', rows: 150, outputs: 1 });
    expect(report.r2).toBeCloseTo(own.r2!, 5);
    expect(report.mae).toBeCloseTo(own.mae!, 6);
    expect(report.mse).toBeCloseTo(own.mse!, 6);
    expect(report.rmse).toBeCloseTo(Math.sqrt(own.mse!), 6);
    const table = await hyperpropInProcess(['evaluate', path('width.json'), path('features.csv')]);
    expect(table.stdout).toContain(`R²     ${report.r2.toPrecision(6)}`);
    expect(table.stdout).toContain(`RMSE   ${report.rmse.toPrecision(6)}`);
  });

  it('one sigmoid output is a two-class problem; --label picks the column by name', async () => {
    const { code, stdout } = await hyperpropInProcess(['evaluate', path('setosa.json'), path('setosa.csv'), '--label', 'setosa', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const own = binary.evaluate(iris.x, setosa);
    expect(report.classes).toEqual(['0', '1']);
    expect(report.accuracy).toBeCloseTo(own.accuracy!, 12);
    expect(report.logLoss).toBeCloseTo(own.loss, 5);
    expect(report.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(150);
    expect(report.perClass[1].support).toBe(50);
  });

  it('a file without its label column, a label out of range and a bad cell exit 2 with the numbers, line and column', async () => {
    const missing = await hyperpropInProcess(['evaluate', path('iris.json'), path('features.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${path('features.csv')}: line 1: expected 5 (the model's 4 inputs and the label column) columns, got 4`);
    const range = await hyperpropInProcess(['evaluate', path('iris.json'), path('label-out-of-range.csv')]);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain(`${path('label-out-of-range.csv')}: line 8, column "label": the cell must be one of the classNames ("0", "1", "2") or an index in [0, 3), got text of 1 character`);
    writeFileSync(path('bad-cell.csv'), 'a,b,c,d,label\n1,2,3,4,0\n1,,3,4,1\n');
    const cell = await hyperpropInProcess(['evaluate', path('iris.json'), path('bad-cell.csv')]);
    expect(cell.code).toBe(2);
    expect(cell.stderr).toContain(`${path('bad-cell.csv')}: line 3, column "b": the cell must be a decimal number, got an empty cell`);
    const name = await hyperpropInProcess(['evaluate', path('iris.json'), irisCsv, '--label', 'species']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('label column "species" must be a name in the header, got a header of 5 columns without it');
  });

  it('a multi-label model is refused by name', async () => {
    writeFileSync(path('two-labels.csv'), '1,2,3,4,0,1\n');
    const { code, stderr } = await hyperpropInProcess(['evaluate', path('multi.json'), path('two-labels.csv')]);
    expect(code).toBe(2);
    expect(stderr).toContain('got a multi-label model (2 sigmoid outputs)');
  });
});

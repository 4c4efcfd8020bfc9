// hyperprop predict: a model file and a CSV of rows in, a CSV of predictions out (stdout or -o),
// equal to the model's own predict/predictProba; rows with or without their label column; bad
// files exit 2 naming the numbers, the line and the column.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { saveModel } from '../../src/nn/model-file.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const folder = mkdtempSync(join(tmpdir(), 'hyperprop-predict-'));
const path = (name: string) => join(folder, name);
const iris = loadIris();
const classifier = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 1 });
// Petal width from the other three measurements.
const regressor = new MLP({ inputs: 3, layers: [{ units: 8, activation: 'tanh' }, { units: 1 }], seed: 1 });
const binary = new MLP({ inputs: 4, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
// Trained on standardized features and saved with its scaler: the loaded model scales raw rows itself.
const scaler = new StandardScaler().fit(iris);
const scaled = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 3 });
const irisCsv = join(process.cwd(), 'data', 'iris.csv');
const irisLines = readFileSync(irisCsv, 'utf8').trim().split('\n');
const regressionX = Float32Array.from({ length: iris.rows * 3 }, (_, i) => iris.x[Math.floor(i / 3) * 4 + (i % 3)]!);

/** The data rows of iris.csv with some columns picked, as CSV text (with the header when asked). */
function irisColumns(columns: number[], header: boolean): string {
  const lines = header ? irisLines : irisLines.slice(1);
  return `${lines.map((line) => columns.map((c) => line.split(',')[c]).join(',')).join('\n')}\n`;
}

/** Parses the output CSV: header and rows of cells. */
function table(text: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = text.trim().split('\n').map((line) => line.split(','));
  return { header: header!, rows };
}

beforeAll(() => {
  classifier.fit(iris.x, iris.y as Int32Array, { epochs: 20, batchSize: 16 });
  saveModel(classifier, path('iris.json'));
  const width = Float32Array.from({ length: iris.rows }, (_, i) => iris.x[i * 4 + 3]!);
  regressor.fit(regressionX, width, { epochs: 10, batchSize: 16 });
  saveModel(regressor, path('width.json'));
  saveModel(binary, path('binary.json'));
  scaled.fit(scaler.transform(iris.x), iris.y as Int32Array, { epochs: 20, batchSize: 16 });
  saveModel(scaled, path('scaled.json'), { scaler });
  writeFileSync(path('features.csv'), irisColumns([0, 1, 2, 3], false));
  writeFileSync(path('label-first.csv'), irisColumns([4, 0, 1, 2, 3], true));
  writeFileSync(path('three.csv'), irisColumns([0, 1, 2], true));
  writeFileSync(path('width-labelled.csv'), irisColumns([0, 1, 2, 3], true));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('hyperprop predict', () => {
  it('writes one "prediction" per row of a CSV that keeps its label column, as model.predict (child process)', async () => {
    const { code, stdout, stderr } = await hyperprop(['predict', path('iris.json'), irisCsv]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { header, rows } = table(stdout);
    expect(header).toEqual(['prediction']);
    expect(rows.map(([cell]) => Number(cell))).toEqual(Array.from(classifier.predict(iris.x)));
  });

  it('reads rows without a label column or header and writes -o through a temporary file', async () => {
    const { code, stdout } = await hyperpropInProcess(['predict', path('iris.json'), path('features.csv'), '-o', path('out.csv')]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(table(readFileSync(path('out.csv'), 'utf8')).rows.map(([cell]) => Number(cell))).toEqual(Array.from(classifier.predict(iris.x)));
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('--proba writes one column per class whose cells read back as the exact float32 probabilities', async () => {
    const { code, stdout } = await hyperpropInProcess(['predict', path('iris.json'), irisCsv, '--proba']);
    expect(code).toBe(0);
    const { header, rows } = table(stdout);
    expect(header).toEqual(['proba_0', 'proba_1', 'proba_2']);
    const cells = rows.flat().map((cell) => Math.fround(Number(cell)));
    expect(Float32Array.from(cells)).toEqual(classifier.predictProba(iris.x));
    // Shortest round-trip text, not float64 noise: no cell has more than 9 significant digits.
    expect(rows.flat().every((cell) => cell.replace(/^0\.0*|[.-]|e.*$/g, '').length <= 9)).toBe(true);
  });

  it('--label skips the named column wherever it is', async () => {
    const { code, stdout } = await hyperpropInProcess(['predict', path('iris.json'), path('label-first.csv'), '--label', 'label']);
    expect(code).toBe(0);
    expect(table(stdout).rows.map(([cell]) => Number(cell))).toEqual(Array.from(classifier.predict(iris.x)));
  });

  it('a regressor predicts values, with or without its label column', async () => {
    // iris.csv has 5 columns: neither the regressor's 3 inputs nor 3 + 1.
    const wrong = await hyperpropInProcess(['predict', path('width.json'), irisCsv]);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    const expected = regressor.predict(regressionX);
    for (const file of ['three.csv', 'width-labelled.csv']) {
      const { code, stdout } = await hyperpropInProcess(['predict', path('width.json'), path(file)]);
      expect(code, file).toBe(0);
      const { header, rows } = table(stdout);
      expect(header).toEqual(['prediction']);
      expect(Float32Array.from(rows.map(([cell]) => Math.fround(Number(cell))))).toEqual(expected);
    }
  });

  it('--proba on a regressor is bad usage; one sigmoid output gives proba_0 = 1 − p and proba_1 = p', async () => {
    const regression = await hyperpropInProcess(['predict', path('width.json'), path('three.csv'), '--proba']);
    expect(regression.code).toBe(2);
    expect(regression.stderr).toContain('--proba needs a classifier (loss categoricalCrossEntropy or binaryCrossEntropy), got a regressor (loss mse)');
    const { code, stdout } = await hyperpropInProcess(['predict', path('binary.json'), irisCsv, '--proba']);
    expect(code).toBe(0);
    const { header, rows } = table(stdout);
    expect(header).toEqual(['proba_0', 'proba_1']);
    const p = binary.predictProba(iris.x);
    rows.forEach(([p0, p1], i) => {
      expect(Math.fround(Number(p1))).toBe(p[i]);
      expect(Math.fround(Number(p0))).toBe(Math.fround(1 - p[i]!));
    });
  });

  it('a model saved with its scaler predicts raw rows through it, without scaling them twice', async () => {
    const expected = scaled.predictProba(scaler.transform(iris.x));
    // Unscaled iris rows would give other probabilities: the comparison can tell.
    expect(scaled.predictProba(iris.x)).not.toEqual(expected);
    const { code, stdout } = await hyperpropInProcess(['predict', path('scaled.json'), irisCsv, '--proba']);
    expect(code).toBe(0);
    expect(Float32Array.from(table(stdout).rows.flat(), (cell) => Math.fround(Number(cell)))).toEqual(expected);
  });

  it('a wrong column count names both numbers, a bad cell its line and column, a missing --label column its name', async () => {
    writeFileSync(path('seven.csv'), 'a,b,c,d,e,f,g\n1,2,3,4,5,6,7\n');
    const wide = await hyperpropInProcess(['predict', path('iris.json'), path('seven.csv')]);
    expect(wide.code).toBe(2);
    expect(wide.stderr).toContain(`${path('seven.csv')}: line 1: expected 4 (the model's inputs) or 5 (the model's 4 inputs and the label column) columns, got 7`);
    writeFileSync(path('bad-cell.csv'), 'a,b,c,d\n1,2,3,4\n1,2,abc,4\n');
    const cell = await hyperpropInProcess(['predict', path('iris.json'), path('bad-cell.csv')]);
    expect(cell.code).toBe(2);
    expect(cell.stderr).toContain(`${path('bad-cell.csv')}: line 3, column "c": the cell must be a decimal number, got text of 3 characters`);
    const label = await hyperpropInProcess(['predict', path('iris.json'), irisCsv, '--label', 'species']);
    expect(label.code).toBe(2);
    expect(label.stderr).toContain('label column "species" must be a name in the header, got a header of 5 columns without it');
    const short = await hyperpropInProcess(['predict', path('iris.json'), path('three.csv'), '--label', 'petal_length_cm']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("expected 5 (the model's 4 inputs and the label column) columns, got 3");
  });

  it('a missing model, a file that is not a model and an output over the input exit 2', async () => {
    const missing = await hyperpropInProcess(['predict', path('nope.json'), irisCsv]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('<model> must be a hyperprop model file');
    const notModel = await hyperpropInProcess(['predict', irisCsv, irisCsv]);
    expect(notModel.code).toBe(2);
    const over = await hyperpropInProcess(['predict', path('iris.json'), path('features.csv'), '-o', path('features.csv')]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('--output must not overwrite the model or the rows file');
    expect(existsSync(path('features.csv'))).toBe(true);
  });
});

// What `hyperprop predict` does once its arguments are parsed: the model's predictions for each
// row, as CSV on stdout or in a file (-o): a `prediction` column (class index, or value), or with
// --proba one probability column per class. Rows may keep their label column: see ../model-csv.ts
// for the rule. commands/predict.ts declares the command and loads this module when it runs.
import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ColumnRef } from '../../data/csv.ts';
import type { MLP } from '../../nn/mlp.ts';
import { UsageError } from '../exit-codes.ts';
import { asUsageError, loadModelArgument, readModelCsv } from '../model-csv.ts';

export interface PredictCommandOptions {
  output?: string;
  proba?: boolean;
  label?: ColumnRef[];
}

/** The shortest decimal that reads back as the same float32: 0.1f prints as 0.1, not 0.10000000149011612. */
export function formatFloat32(value: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(value.toPrecision(digits)));
    if (Math.fround(Number(text)) === value) return text;
  }
  return String(Number(value.toPrecision(9)));
}

function numbered(prefix: string, count: number): string[] {
  return count === 1 ? [prefix] : Array.from({ length: count }, (_, j) => `${prefix}_${j}`);
}

/** The header and the cells of each row. */
function predictionTable(model: MLP, x: Float32Array, rows: number, proba: boolean): { header: string[]; cells: (row: number) => string[] } {
  const k = model.outputs;
  const loss = model.config.loss;
  if (proba) {
    if (loss === 'mse') throw new UsageError('--proba needs a classifier (loss categoricalCrossEntropy or binaryCrossEntropy), got a regressor (loss mse)');
    const p = model.predictProba(x);
    // One sigmoid output is a two-class problem: a column per class, as for softmax.
    if (loss === 'binaryCrossEntropy' && k === 1) return { header: ['proba_0', 'proba_1'], cells: (i) => [formatFloat32(Math.fround(1 - p[i]!)), formatFloat32(p[i]!)] };
    return { header: Array.from({ length: k }, (_, j) => `proba_${j}`), cells: (i) => Array.from(p.subarray(i * k, (i + 1) * k), formatFloat32) };
  }
  const predicted = model.predict(x);
  const width = predicted.length / rows;
  const format = loss === 'mse' ? formatFloat32 : String;
  return { header: numbered('prediction', width), cells: (i) => Array.from(predicted.subarray(i * width, (i + 1) * width), format) };
}

/** Writes through a temporary name, so an interrupted run never leaves half a file. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    throw new UsageError(`--output must be a file path that can be written, got ${JSON.stringify(path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function predictAction(modelPath: string, rowsPath: string, options: PredictCommandOptions): void {
  const model = loadModelArgument(modelPath);
  if (options.output !== undefined && [modelPath, rowsPath].some((path) => resolve(path) === resolve(options.output!))) {
    throw new UsageError(`--output must not overwrite the model or the rows file, got ${JSON.stringify(options.output)}`);
  }
  try {
    const data = readModelCsv(rowsPath, model, { ...(options.label ? { label: options.label } : {}), requireLabels: false, what: '<rows>' });
    const table = predictionTable(model, data.x, data.rows, options.proba === true);
    const lines = [table.header.join(',')];
    for (let i = 0; i < data.rows; i++) lines.push(table.cells(i).join(','));
    const text = `${lines.join('\n')}\n`;
    if (options.output === undefined) process.stdout.write(text);
    else writeAtomically(options.output, text);
  } catch (error) {
    throw asUsageError(error);
  }
}


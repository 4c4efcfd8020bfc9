// What `hyperprop evaluate` does once its arguments are parsed: how well a model does on labelled
// rows. Classifiers: accuracy, log-loss, the confusion matrix and per-class precision/recall/F1
// with macro averages; regressors: R², RMSE, MAE (and MSE). A table on stdout, or --json for
// machines. commands/evaluate.ts declares the command and loads this module when it runs.
import type { ColumnRef } from '../../data/csv.ts';
import { encodeLabels } from '../../data/csv-labels.ts';
import type { MLP } from '../../nn/mlp.ts';
import { accuracyOf, binaryLogLoss, confusionMatrix, logLoss, precisionRecallF1, regressionScores, type ClassScores } from '../../train/metrics/index.ts';
import { UsageError } from '../exit-codes.ts';
import { asUsageError, loadModelArgument, readModelCsv, type ModelRows } from '../model-csv.ts';
import { Output } from '../output.ts';

export interface EvaluateCommandOptions {
  json?: boolean;
  label?: ColumnRef[];
}

export interface ClassificationReport {
  task: 'classification';
  rows: number;
  classes: string[];
  accuracy: number;
  logLoss: number;
  /** Row i: the true class; column j: the predicted class. */
  confusionMatrix: number[][];
  perClass: (ClassScores & { class: string })[];
  macro: ClassScores;
}

export interface RegressionReport {
  task: 'regression';
  rows: number;
  outputs: number;
  r2: number;
  rmse: number;
  mae: number;
  mse: number;
}

function classify(model: MLP, data: ModelRows, source: string): ClassificationReport {
  const binary = model.config.loss === 'binaryCrossEntropy';
  if (binary && model.outputs > 1) {
    throw new UsageError(`evaluate scores softmax classifiers, single-output sigmoid classifiers and regressors, got a multi-label model (${model.outputs} sigmoid outputs)`);
  }
  const classes = Array.from({ length: binary ? 2 : model.outputs }, (_, c) => String(c));
  // Model files keep no class names, so labels are class indices (0 … k−1).
  const truth = encodeLabels(data.labels, data.lines, { task: 'classification', classNames: classes, source }).y as Int32Array;
  const proba = model.predictProba(data.x);
  const predicted = binary ? Int32Array.from(proba, (p) => (p >= 0.5 ? 1 : 0)) : (model.predict(data.x) as Int32Array);
  const matrix = confusionMatrix(truth, predicted, classes.length);
  const { perClass, macro } = precisionRecallF1(matrix);
  return {
    task: 'classification',
    rows: data.rows,
    classes,
    accuracy: accuracyOf(matrix),
    logLoss: binary ? binaryLogLoss(proba, truth) : logLoss(proba, truth, classes.length),
    confusionMatrix: matrix,
    perClass: perClass.map((scores, c) => ({ class: classes[c]!, ...scores })),
    macro,
  };
}

function regress(model: MLP, data: ModelRows, source: string): RegressionReport {
  const targets = encodeLabels(data.labels, data.lines, { task: 'regression', source }).y;
  return { task: 'regression', rows: data.rows, outputs: model.outputs, ...regressionScores(model.predict(data.x), targets, model.outputs) };
}

const fixed = (value: number) => value.toFixed(4);

function printClassification(output: Output, report: ClassificationReport): void {
  output.result(`accuracy   ${fixed(report.accuracy)}`);
  output.result(`log-loss   ${fixed(report.logLoss)}`);
  output.result('');
  output.result('confusion matrix (rows: true class, columns: predicted class)');
  const width = Math.max(5, ...report.classes.map((c) => c.length + 1), ...report.confusionMatrix.flat().map((n) => String(n).length + 1));
  const pad = (text: string) => text.padStart(width);
  output.result(`${pad('')}${report.classes.map(pad).join('')}`);
  report.confusionMatrix.forEach((row, c) => output.result(`${pad(report.classes[c]!)}${row.map((n) => pad(String(n))).join('')}`));
  output.result('');
  const nameWidth = Math.max(9, ...report.classes.map((c) => c.length));
  const line = (name: string, s: ClassScores) => `${name.padEnd(nameWidth)}  ${fixed(s.precision).padStart(9)}  ${fixed(s.recall).padStart(6)}  ${fixed(s.f1).padStart(6)}  ${String(s.support).padStart(7)}`;
  output.result(`${'class'.padEnd(nameWidth)}  precision  recall      f1  support`);
  for (const scores of report.perClass) output.result(line(scores.class, scores));
  output.result(line('macro avg', report.macro));
}

export function evaluateAction(modelPath: string, testPath: string, options: EvaluateCommandOptions): void {
  const output = new Output(options);
  const model = loadModelArgument(modelPath);
  let report: ClassificationReport | RegressionReport;
  try {
    const data = readModelCsv(testPath, model, { ...(options.label ? { label: options.label } : {}), requireLabels: true, what: '<test>' });
    report = model.config.loss === 'mse' ? regress(model, data, testPath) : classify(model, data, testPath);
  } catch (error) {
    throw asUsageError(error);
  }
  const kind = report.task === 'regression' ? `regressor with ${report.outputs} output${report.outputs === 1 ? '' : 's'}` : `classifier with ${report.classes.length} classes`;
  output.result(`${testPath}: ${report.rows} rows, ${kind}`);
  if (report.task === 'regression') {
    for (const key of ['r2', 'rmse', 'mae', 'mse'] as const) output.result(`${(key === 'r2' ? 'R²' : key.toUpperCase()).padEnd(6)} ${report[key].toPrecision(6)}`);
  } else {
    printClassification(output, report);
  }
  output.document({ model: modelPath, data: testPath, ...report });
}


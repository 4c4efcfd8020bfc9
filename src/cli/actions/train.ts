// What `hyperprop train` does once its arguments are parsed; commands/train.ts declares the
// command and loads this module only when the command runs.
import { writeFileSync } from 'node:fs';
import { saveModel } from '../../nn/model-file.ts';
import { formatNumber } from '../../report/html.ts';
import { configFromArgument, reportOutputPath } from '../config-argument.ts';
import { applyDataFlags } from '../data-flags.ts';
import type { DataFlags } from '../data-options.ts';
import { TrainingDivergedError, UsageError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { runTraining } from '../train-run.ts';

export interface TrainOptions extends DataFlags {
  out?: string;
  report?: string;
  saveModel?: string;
  saveDiverged?: boolean;
  json?: boolean;
  quiet?: boolean;
  trace?: boolean;
}

export async function trainAction(configPath: string, options: TrainOptions): Promise<void> {
  const output = new Output(options);
  const loaded = applyDataFlags(configFromArgument(configPath), options);
  if (options.trace) {
    const { traceRows } = loaded.config.training;
    if (traceRows === 0) throw new UsageError(`--trace needs training.traceRows of at least 1, got ${traceRows}`);
    if (loaded.config.data.kfold !== undefined) throw new UsageError('--trace traces the one model of a run; it cannot be used with data.kfold, which trains one model per fold');
  }
  const { run, model, data, diverged } = runTraining(loaded, output, { printTrace: options.trace === true });
  const modelPath = diverged !== undefined && !options.saveDiverged ? undefined : options.saveModel;
  if (options.out) writeFileSync(options.out, JSON.stringify(run));
  const reportPath = reportOutputPath(loaded, options.report);
  // The report's modules load only for a run that writes one.
  if (reportPath) writeFileSync(reportPath, (await import('../../report/run-report.ts')).buildRunReport(run, loaded.config.report.title));
  if (modelPath && model) saveModel(model, modelPath, data.scaler ? { scaler: data.scaler } : {});
  const last = (key: string) => run.history.series[key]?.at(-1);
  const metrics = run.test ?? run.folds?.mean ?? Object.fromEntries(['loss', 'accuracy', 'valLoss', 'valAccuracy'].filter((k) => last(k) !== undefined).map((k) => [k, last(k)!]));
  output.result(`${run.history.status}: ${Object.entries(metrics).map(([k, v]) => `${run.test ? 'test ' : ''}${k} ${formatNumber(v)}`).join(', ')}`);
  for (const [what, path] of [['run', options.out], ['report', reportPath], ['model', modelPath]] as const) if (path) output.result(`wrote ${what} ${path}`);
  output.document({ ...run, files: { run: options.out ?? null, report: reportPath ?? null, model: modelPath ?? null } });
  if (diverged !== undefined) {
    const note = options.saveModel === undefined ? '' : modelPath === undefined ? '; no model written (--save-diverged writes it anyway)' : '; the model was written as asked (--save-diverged)';
    throw new TrainingDivergedError(`training diverged ${diverged} (a loss or weight became NaN or infinite)${note}`);
  }
}


// hyperprop train <config>: train one model as the config says; write the run record, the
// model file and the HTML report on request.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { saveModel } from '../../nn/model-file.ts';
import { buildRunReport } from '../../report/run-report.ts';
import { formatNumber } from '../../report/html.ts';
import { configFromArgument, reportOutputPath } from '../config-argument.ts';
import { addDataOptions, applyDataFlags, type DataFlags } from '../data-flags.ts';
import { TrainingDivergedError, UsageError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { runTraining } from '../train-run.ts';
import type { CliCommand } from './command.ts';

interface TrainOptions extends DataFlags {
  out?: string;
  report?: string;
  saveModel?: string;
  saveDiverged?: boolean;
  json?: boolean;
  quiet?: boolean;
  trace?: boolean;
}

export const trainCommand: CliCommand = {
  name: 'train',
  register(program: Command) {
    const command = program
      .command('train')
      .description('train one MLP as a config file says (data, model, training)')
      .argument('<config>', 'a JSON or YAML config file')
      .option('-o, --out <file>', 'write the run (history, gradient norms, trace) as JSON, for `hyperprop report`')
      .option('-r, --report <file>', 'write the HTML report (default: report.output of the config)')
      .option('--save-model <file>', 'write the trained model (and its scaler) as a model file')
      .option('--save-diverged', 'with --save-model: write the model even if training diverged (NaN or infinite weights)')
      .option('--json', 'print the run as JSON on stdout (progress goes to stderr)')
      .option('-q, --quiet', 'no progress, only the result')
      .option('--trace', 'print the traced backprop step (training.traceRows rows) before training, as examples/backprop-trace.ts does');
    addDataOptions(command)
      .addHelpText('after', `
Examples:
  $ hyperprop train examples/xor.yaml --report xor.html
  $ hyperprop train examples/xor.yaml --trace
  $ hyperprop train examples/iris.yaml --train my-train.csv --test my-test.csv --label species
  $ hyperprop train examples/vanishing-gradients.yaml -o run.json && hyperprop report run.json
  $ hyperprop train examples/iris.yaml --save-model iris-model.json --json

A run that diverges (a loss or weight becomes NaN or infinite) exits 3; its run and report are
written, its model only with --save-diverged.`)
      .action((configPath: string, options: TrainOptions) => {
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
        if (reportPath) writeFileSync(reportPath, buildRunReport(run, loaded.config.report.title));
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
      });
  },
};

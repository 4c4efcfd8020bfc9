// hyperprop train <config>: train one model as the config says; write the run record, the
// model file and the HTML report on request. The declaration only: ../actions/train.ts runs it,
// loaded when the command runs.
import type { Command } from 'commander';
import { addDataOptions } from '../data-options.ts';
import { lazyAction, type CliCommand } from './command.ts';

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
      .action(lazyAction(async () => (await import('../actions/train.ts')).trainAction));
  },
};

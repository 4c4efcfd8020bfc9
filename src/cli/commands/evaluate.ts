// hyperprop evaluate <model> <test.csv>: how well a model does on labelled rows. Classifiers:
// accuracy, log-loss, the confusion matrix and per-class precision/recall/F1 with macro
// averages; regressors: R², RMSE, MAE (and MSE). A table on stdout, or --json for machines. The
// declaration only: ../actions/evaluate.ts runs it, loaded when the command runs.
import type { Command } from 'commander';
import { lazyAction, parseLabelOption, type CliCommand } from './command.ts';

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  register(program: Command) {
    program
      .command('evaluate')
      .description('score a model on labelled rows of a CSV file (accuracy, log-loss, confusion matrix, precision/recall/F1; R², RMSE, MAE)')
      .argument('<model>', 'a model file written by `hyperprop train --save-model` or saveModel()')
      .argument('<test>', "a CSV file of labelled rows: the model's input columns and the label column(s)")
      .option('--label <columns>', 'the label column(s), by name or index (default: the last ones)', parseLabelOption)
      .option('--json', 'print the scores as one JSON document')
      .addHelpText('after', `
Examples:
  $ hyperprop train examples/iris.yaml --save-model iris.json
  $ hyperprop evaluate iris.json data/iris.csv                 a table on stdout
  $ hyperprop evaluate iris.json test.csv --label species --json

The file has the model's input columns and its labels: one class column for a classifier (class
indices 0 ... k-1; a single sigmoid output has classes 0 and 1), one column per output for a
regressor; --label names them, else they are the last columns. Classifiers get accuracy, log-loss
(natural log, probabilities clipped to [2^-23, 1 - 2^-23]), the confusion matrix (rows true,
columns predicted) and per-class precision, recall and F1 with their macro averages (a ratio
with nothing to divide by is 0; the macro average is over the classes present in the labels or
the predictions, as scikit-learn). Regressors get R², RMSE, MAE and MSE, averaged over outputs.`)
      .action(lazyAction(async () => (await import('../actions/evaluate.ts')).evaluateAction));
  },
};

// hyperprop predict <model> <rows.csv>: the model's predictions for each row, as CSV on stdout or
// in a file (-o): a `prediction` column (class index, or value), or with --proba one probability
// column per class. The declaration only: ../actions/predict.ts runs it, loaded when the
// command runs.
import type { Command } from 'commander';
import { lazyAction, parseLabelOption, type CliCommand } from './command.ts';

export const predictCommand: CliCommand = {
  name: 'predict',
  register(program: Command) {
    program
      .command('predict')
      .description("write a model's predictions for the rows of a CSV file, as CSV")
      .argument('<model>', 'a model file written by `hyperprop train --save-model` or saveModel()')
      .argument('<rows>', "a CSV file of rows: the model's input columns, with or without the label column(s)")
      .option('-o, --output <file>', 'the CSV file to write (default: stdout)')
      .option('--proba', 'classifiers: one probability column per class (proba_0, proba_1 ...) instead of the predicted class')
      .option('--label <columns>', 'the label column(s) to skip, by name or index (default: the last ones, when the file has them)', parseLabelOption)
      .addHelpText('after', `
Examples:
  $ hyperprop train examples/iris.yaml --save-model iris.json
  $ hyperprop predict iris.json data/iris.csv                  a "prediction" column (class index) on stdout
  $ hyperprop predict iris.json rows.csv --proba -o proba.csv  proba_0, proba_1, proba_2 per row
  $ hyperprop predict iris.json data/iris.csv --label label    skips the column named "label"

Columns: a file with as many columns as the model has inputs is all features. One with more
carries labels (1 class column for a softmax classifier, one per output otherwise), which are
skipped: the columns --label names, else the last ones. Any other count is an error. The first
line is a header when a feature cell in it is not a number (or when --label gives a name).
Output: "prediction" (class index for classifiers, value for regressors; prediction_0 ... for
several outputs), or with --proba "proba_<class>" (for one sigmoid output: proba_0 = 1 - p,
proba_1 = p), one line per row in the input's order.`)
      .action(lazyAction(async () => (await import('../actions/predict.ts')).predictAction));
  },
};

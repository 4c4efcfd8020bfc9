// The declaration of --train, --test, --label and --split-column for train and tune (what they
// mean: data-flags.ts). Kept apart so a command's --help loads no config schema.
import type { Command } from 'commander';

export interface DataFlags {
  train?: string;
  test?: string;
  label?: string;
  splitColumn?: string;
}

export function addDataOptions(command: Command): Command {
  return command
    .option('--train <file>', 'a training CSV file, with --test: overrides the config\'s data file and its test split')
    .option('--test <file>', 'the held-out test CSV file, with --train (the same columns)')
    .option('--label <column>', 'the label column of the data files, by name or index (-1 = last): overrides data.label')
    .option('--split-column <column>', 'a column of the config\'s data.csv whose cells are train, validation or test: overrides its test split');
}

// hyperprop sweep <config> --param lr --values 1e-4,1e-3,1e-2,1e-1,1 : one training run per value,
// everything else as the config says, and one report with every run's curves overlaid. The
// declaration only: ../actions/sweep.ts runs it, loaded when the command runs.
import type { Command } from 'commander';
import { SWEEP_PARAMS } from '../sweep-params.ts';
import { lazyAction, type CliCommand } from './command.ts';

export const sweepCommand: CliCommand = {
  name: 'sweep',
  register(program: Command) {
    program
      .command('sweep')
      .description('train once per value of one hyperparameter and overlay the learning curves in one report')
      .argument('<config>', 'a JSON or YAML config file (its sweep section gives the default --param and --values)')
      .option('-p, --param <name>', `the hyperparameter: ${SWEEP_PARAMS.join(', ')}`)
      .option('-v, --values <list>', 'comma-separated values, e.g. 1e-4,1e-3,1e-2,1e-1,1')
      .option('-o, --out <file>', 'write the sweep (every run) as JSON')
      .option('-r, --report <file>', 'write the HTML report (default: report.output of the config, else sweep.html)')
      .option('--json', 'print the sweep as JSON on stdout (progress goes to stderr)')
      .option('-q, --quiet', 'no progress, only the result')
      .addHelpText('after', `
Examples:
  $ hyperprop sweep examples/sweep-lr.yaml                       learning rate 1e-4 … 1 on digits
  $ hyperprop sweep examples/digits.yaml --param units --values 8,32,128,512
  $ hyperprop sweep examples/sweep-batch.yaml --report batch.html`)
      .action(lazyAction(async () => (await import('../actions/sweep.ts')).sweepAction));
  },
};

// hyperprop report <study-or-run>: the HTML report of a training run (the JSON `train -o`
// wrote) or of the studies in a storage (a comparison when there are several). The declaration
// only: ../actions/report.ts runs it, loaded when the command runs.
import type { Command } from 'commander';
import { lazyAction, type CliCommand } from './command.ts';

export const reportCommand: CliCommand = {
  name: 'report',
  register(program: Command) {
    program
      .command('report')
      .description('write the HTML report of a training run or of the studies in a storage')
      .argument('<study-or-run>', 'a run file (run.json from `train -o`) or a storage (study.db, sqlite:study.db, journal:study.log)')
      .option('-o, --output <file>', 'the HTML file to write', 'report.html')
      .option('--study <name...>', 'only these studies (default: every study in the storage)')
      .option('--title <text>', 'the report\'s title')
      .option('--json', 'print { report, kind, studies } as JSON')
      .addHelpText('after', `
Examples:
  $ hyperprop report digits.db -o digits.html
  $ hyperprop report digits.db --study digits/random digits/gp+hyperband
  $ hyperprop train examples/xor.yaml -o xor-run.json && hyperprop report xor-run.json -o xor.html`)
      .action(lazyAction(async () => (await import('../actions/report.ts')).reportAction));
  },
};

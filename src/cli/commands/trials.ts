// hyperprop trials <study>: a study's trials as a table, CSV or JSON (on stdout or to a file).
// The declaration only: ../actions/trials.ts runs it, loaded when the command runs.
import { Option, type Command } from 'commander';
import { FINISHED_STATES, type TrialState } from '../../tune/types.ts';
import { lazyAction, type CliCommand } from './command.ts';

export const TRIAL_STATES: readonly TrialState[] = ['waiting', 'running', ...FINISHED_STATES];

export const trialsCommand: CliCommand = {
  name: 'trials',
  register(program: Command) {
    program
      .command('trials')
      .description('list or export the trials of a study')
      .argument('<study>', 'the storage holding it (study.db, sqlite:study.db, journal:study.log)')
      .option('--study <name>', 'which study (needed when the storage holds several)')
      .addOption(new Option('-f, --format <format>', 'table, csv or json').choices(['table', 'csv', 'json']).default('table'))
      .option('--json', 'the same as --format json')
      .option('--state <states>', `only trials in these states, comma-separated (${TRIAL_STATES.join(', ')})`)
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .addHelpText('after', `
Examples:
  $ hyperprop trials digits.db
  $ hyperprop trials digits.db --study digits/random --format csv -o trials.csv
  $ hyperprop trials digits.db --state complete --json`)
      .action(lazyAction(async () => (await import('../actions/trials.ts')).trialsAction));
  },
};

// hyperprop importance <storage-or-config>: each parameter's share of a study's objective
// variance (fANOVA over a random forest of the complete trials), as a ranked table or JSON. The
// declaration only: ../actions/importance.ts runs it, loaded when the command runs.
import type { Command } from 'commander';
import { lazyAction, nonNegativeIntegerOption, positiveIntegerOption, type CliCommand } from './command.ts';

export const importanceCommand: CliCommand = {
  name: 'importance',
  register(program: Command) {
    program
      .command('importance')
      .description("rank a study's hyperparameters by their share of the objective's variance (fANOVA, as Optuna's default)")
      .argument('[storage-or-config]', 'a storage (study.db, sqlite:study.db, postgres://…) or the config a study was tuned with (its tune.storage and tune.study)')
      .option('-s, --storage <url>', "the storage, with a config: wins over its tune.storage")
      .option('--study <name...>', "only these studies (default: the config's, else every study in the storage)")
      .option('--params <names>', 'comma-separated parameters to rank (default: those every complete trial has; trials without one are left out)')
      .option('--trees <n>', 'trees in the random forest (default 64)', positiveIntegerOption('--trees'))
      .option('--seed <n>', "the forest's seed: one seed, one ranking (default 0)", nonNegativeIntegerOption('--seed'))
      .option('--json', 'print { studies: [{ study, evaluator, trials, leftOut, seed, trees, params: [{ name, importance, std }] }] } as JSON')
      .addHelpText('after', `
Only complete trials are used: a pruned trial's value is a score at an earlier epoch, not the
objective. Numeric parameters count on the scale they were searched on (log for log ranges).

Examples:
  $ hyperprop importance digits.db
  $ hyperprop importance examples/digits.yaml                 the study its tune.storage holds
  $ hyperprop importance digits.db --study digits/random --params lr,batchSize --json`)
      .action(lazyAction(async () => (await import('../actions/importance.ts')).importanceAction));
  },
};

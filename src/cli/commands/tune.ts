// hyperprop tune [config]: run a study (or a comparison of strategies) as the config says, or
// the embedded digits study without one; live progress, a summary, and the HTML report. The
// declaration only: ../actions/tune.ts runs it, loaded when the command runs.
import type { Command } from 'commander';
import { addDataOptions } from '../data-options.ts';
import { addHeartbeatOptions } from '../heartbeat-options.ts';
import { lazyAction, positiveIntegerOption, type CliCommand } from './command.ts';

export const tuneCommand: CliCommand = {
  name: 'tune',
  register(program: Command) {
    const command = program
      .command('tune')
      .description('tune an MLP\'s hyperparameters as a config file says (without one: the embedded digits study)')
      .argument('[config]', 'a JSON or YAML config file with a tune section')
      .option('-s, --storage <url>', 'where trials live: a SQLite file (study.db, sqlite:study.db), an Optuna journal file (journal:study.log), postgres://… or memory: (default); an existing study resumes')
      .option('--study <name>', 'the study name (default: tune.study)')
      .option('-n, --trials <n>', 'trials per study, in all (default: tune.trials)', positiveIntegerOption('--trials'))
      .option('-r, --report <file>', 'write the HTML report (default: report.output of the config)')
      .option('--save-model <file>', 'write the best trial refit on training + validation rows (its epochs, seed and scaler) as a model file; in compare mode the best of every study')
      .option('--save-diverged', 'with --save-model: write the model even if its refit diverged (NaN or infinite weights)')
      .option('--json', "print the outcome as JSON on stdout, each study with its hyperparameter importance (progress goes to stderr)")
      .option('-q, --quiet', 'no progress, only the result');
    addHeartbeatOptions(addDataOptions(command))
      .addHelpText('after', `
Heartbeats: each running trial beats in the storage; one with no beat for the grace (its process
died, or blocked its event loop) is failed and queued again for a retry, with the same
parameters and seed. Flags win over tune.heartbeat of the config.

Refit (--save-model): the best trial (the best of every study in compare mode) is refit, as
scikit-learn's refit=True, on the training + validation rows for the epochs it reached, with
its seed, the scaler refit on those rows and stored in the model. The test score in the summary
is this refit model's. A refit that diverges exits 3 and writes no model unless --save-diverged.

Examples:
  $ hyperprop tune --report report.html               digits: random search vs BO + Hyperband
  $ hyperprop tune examples/digits.yaml --storage digits.db --trials 60
  $ hyperprop tune examples/compare.yaml --report compare.html
  $ hyperprop tune examples/iris.yaml --json --quiet
  $ hyperprop tune examples/iris.yaml --train my-train.csv --test my-test.csv --label species
  $ hyperprop tune examples/iris.yaml --save-model iris-model.json && hyperprop evaluate iris-model.json test.csv
  $ hyperprop tune examples/digits.yaml --storage postgres://db/studies --heartbeat-interval-ms 1000 --heartbeat-grace-ms 5000`)
      .action(lazyAction(async () => (await import('../actions/tune.ts')).tuneAction));
  },
};

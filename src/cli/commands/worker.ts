// hyperprop worker [config] --storage postgres://… : join the config's study in a shared storage
// and run its trials until the study's budget is spent (one such process per machine). The
// declaration only: ../actions/worker.ts runs it, loaded when the command runs.
import type { Command } from 'commander';
import { addHeartbeatOptions } from '../heartbeat-options.ts';
import { lazyAction, positiveIntegerOption, type CliCommand } from './command.ts';

export const workerCommand: CliCommand = {
  name: 'worker',
  register(program: Command) {
    const command = program
      .command('worker')
      .description('join a study in a shared storage and run its trials until its budget is spent (one per machine)')
      .argument('[config]', 'the JSON or YAML config of the study (default: the config stored with --study, else the embedded digits study)')
      .requiredOption('-s, --storage <url>', 'the shared storage: postgres://user:password@host:5432/db[?schema=name] (or a SQLite file or journal:study.log on one machine)')
      .option('--study <name>', 'the study name (default: tune.study)')
      .option('-p, --parallelism <n>', 'trials in flight in this worker, each in a worker thread (default: tune.parallelism)', positiveIntegerOption('--parallelism'))
      .option('-n, --trials <n>', "the study's budget in trials, over every worker (default: the study's, else tune.trials)", positiveIntegerOption('--trials'))
      .option('--json', 'print the outcome as JSON on stdout')
      .option('-q, --quiet', 'no progress lines, only the result');
    addHeartbeatOptions(command)
      .addHelpText('after', `
SIGTERM or Ctrl-C: no new trial starts; running trials get 10 s to finish, then go back to the
study for another worker.

Heartbeats: each running trial beats in the storage; one with no beat for the grace (a worker
killed, or on a machine that went away) is failed and queued again for a retry, with the same
parameters and seed. Flags win over tune.heartbeat of the config; give every worker the same.

Examples:
  $ hyperprop worker examples/digits.yaml --storage postgres://tuner:secret@db:5432/studies
  $ hyperprop worker --storage postgres://tuner:secret@db:5432/studies --study digits
                                                              the config the study was started with
  $ hyperprop worker examples/iris.yaml --storage postgres://db/studies --parallelism 4
  $ hyperprop worker examples/iris.yaml --storage postgres://db/studies --heartbeat-interval-ms 1000 --heartbeat-grace-ms 5000
  $ hyperprop trials postgres://db/studies --study iris      watch it from another machine`)
      .action(lazyAction(async () => (await import('../actions/worker.ts')).workerAction));
  },
};

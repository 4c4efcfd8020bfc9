// hyperprop worker [config] --storage postgres://… : join the config's study in a shared storage
// and run its trials until the study's budget is spent (one such process per machine).
import type { Command } from 'commander';
import { configFromArgument } from '../config-argument.ts';
import { Output } from '../output.ts';
import { runWorkerCommand } from '../worker-run.ts';
import { addHeartbeatOptions, type HeartbeatFlags } from '../heartbeat-options.ts';
import { positiveIntegerOption, type CliCommand } from './command.ts';

interface WorkerOptions extends HeartbeatFlags {
  storage: string;
  study?: string;
  parallelism?: number;
  trials?: number;
  json?: boolean;
  quiet?: boolean;
}

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
      .action(async (configPath: string | undefined, options: WorkerOptions) => {
        const output = new Output(options);
        const summary = await runWorkerCommand(configPath === undefined ? undefined : configFromArgument(configPath), options, output);
        const finished = Object.entries(summary.finished).map(([state, n]) => `${n} ${state}`).join(', ') || 'no trials';
        output.result(`${summary.study}: this worker finished ${finished}${summary.lost > 0 ? `, lost ${summary.lost} to other workers` : ''}${summary.released.length > 0 ? `, released ${summary.released.length}` : ''} (${summary.reason === 'budget' ? 'budget spent' : 'stopped by a signal'})`);
        output.document(summary);
        // A released trial's objective may still be computing in this thread: once the output
        // is out, it must not keep the stopped worker alive (its retry runs elsewhere).
        if (summary.reason === 'signal') setTimeout(() => process.exit(), 1_000).unref();
      });
  },
};

// hyperprop tune [config]: run a study (or a comparison of strategies) as the config says, or
// the embedded digits study without one; live progress, a summary, and the HTML report.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildStudyReport } from '../../report/study-report.ts';
import { formatNumber } from '../../report/html.ts';
import { configFromArgument, reportOutputPath } from '../config-argument.ts';
import { Output } from '../output.ts';
import { runTuning } from '../tune-run.ts';
import { addHeartbeatOptions, type HeartbeatFlags } from '../heartbeat-options.ts';
import { positiveIntegerOption, type CliCommand } from './command.ts';

interface TuneCommandOptions extends HeartbeatFlags {
  storage?: string;
  study?: string;
  trials?: number;
  report?: string;
  json?: boolean;
  quiet?: boolean;
}

export const tuneCommand: CliCommand = {
  name: 'tune',
  register(program: Command) {
    const command = program
      .command('tune')
      .description('tune an MLP\'s hyperparameters as a config file says (without one: the embedded digits study)')
      .argument('[config]', 'a JSON or YAML config file with a tune section')
      .option('-s, --storage <url>', 'where trials live: a SQLite file (study.db, sqlite:study.db) or memory: (default); an existing study resumes')
      .option('--study <name>', 'the study name (default: tune.study)')
      .option('-n, --trials <n>', 'trials per study, in all (default: tune.trials)', positiveIntegerOption('--trials'))
      .option('-r, --report <file>', 'write the HTML report (default: report.output of the config)')
      .option('--json', 'print the outcome as JSON on stdout (progress goes to stderr)')
      .option('-q, --quiet', 'no progress, only the result');
    addHeartbeatOptions(command)
      .addHelpText('after', `
Heartbeats: each running trial beats in the storage; one with no beat for the grace (its process
died, or blocked its event loop) is failed and queued again for a retry, with the same
parameters and seed. Flags win over tune.heartbeat of the config.

Examples:
  $ hyperprop tune --report report.html               digits: random search vs BO + Hyperband
  $ hyperprop tune examples/digits.yaml --storage digits.db --trials 60
  $ hyperprop tune examples/compare.yaml --report compare.html
  $ hyperprop tune examples/iris.yaml --json --quiet
  $ hyperprop tune examples/digits.yaml --storage postgres://db/studies --heartbeat-interval-ms 1000 --heartbeat-grace-ms 5000`)
      .action(async (configPath: string | undefined, options: TuneCommandOptions) => {
        const output = new Output(options);
        const loaded = configFromArgument(configPath);
        const result = await runTuning(loaded, { ...(options.storage ? { storage: options.storage } : {}), ...(options.trials ? { trials: options.trials } : {}), ...(options.study ? { study: options.study } : {}), heartbeat: options }, output);
        try {
          const reportPath = reportOutputPath(loaded, options.report);
          if (reportPath) writeFileSync(reportPath, buildStudyReport(result.studies, loaded.config.report.title ?? loaded.config.name));
          for (const o of result.outcomes) {
            const params = o.bestParams ? Object.entries(o.bestParams).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v, 3) : String(v)}`).join(' ') : '';
            output.result(`${o.study}: best ${formatNumber(o.bestValue)} (trial ${o.bestTrial ?? '-'}) ${params}`);
          }
          if (reportPath) output.result(`wrote report ${reportPath}`);
          output.document({ studies: result.outcomes, report: reportPath ?? null });
        } finally {
          await result.storage.close();
        }
      });
  },
};

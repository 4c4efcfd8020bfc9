// hyperprop sweep <config> --param lr --values 1e-4,1e-3,1e-2,1e-1,1 : one training run per value,
// everything else as the config says, and one report with every run's curves overlaid.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildSweepReport } from '../../report/sweep-report.ts';
import { configFromArgument, reportOutputPath } from '../config-argument.ts';
import { UsageError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { parseSweepValues, runSweep, SWEEP_PARAMS } from '../sweep-run.ts';
import type { CliCommand } from './command.ts';

interface SweepOptions {
  param?: string;
  values?: string;
  out?: string;
  report?: string;
  json?: boolean;
  quiet?: boolean;
}

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
      .action((configPath: string, options: SweepOptions) => {
        const output = new Output(options);
        const loaded = configFromArgument(configPath);
        const param = options.param ?? loaded.config.sweep?.param;
        if (param === undefined) throw new UsageError('--param must be given (or a sweep section in the config), got nothing');
        const text = options.values ?? loaded.config.sweep?.values.join(',');
        if (text === undefined) throw new UsageError('--values must be given (or a sweep section in the config), got nothing');
        const sweep = runSweep(loaded, param, parseSweepValues(param, text), output);
        if (options.out) writeFileSync(options.out, JSON.stringify(sweep));
        const reportPath = reportOutputPath(loaded, options.report, 'sweep.html')!;
        writeFileSync(reportPath, buildSweepReport(sweep));
        for (const r of sweep.runs) output.result(`${param} = ${r.value}: ${r.run.history.status}, training loss ${r.verdict}`);
        output.result(`wrote report ${reportPath}`);
        output.document({ ...sweep, files: { sweep: options.out ?? null, report: reportPath } });
      });
  },
};

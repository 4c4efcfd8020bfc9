// What `hyperprop sweep` does once its arguments are parsed; commands/sweep.ts declares the
// command and loads this module only when the command runs.
import { writeFileSync } from 'node:fs';
import { buildSweepReport } from '../../report/sweep-report.ts';
import { configFromArgument, reportOutputPath } from '../config-argument.ts';
import { UsageError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { parseSweepValues, runSweep } from '../sweep-run.ts';

export interface SweepOptions {
  param?: string;
  values?: string;
  out?: string;
  report?: string;
  json?: boolean;
  quiet?: boolean;
}

export function sweepAction(configPath: string, options: SweepOptions): void {
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
}


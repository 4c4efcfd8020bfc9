// `hyperprop sweep`: the config's training run once per value of one hyperparameter, everything
// else equal (same data, split and seed), and the runs as one SweepRecord for the report.
import type { LoadedConfig } from '../config/load-config.ts';
import { curveVerdict, SWEEP_KIND, type SweepRecord } from '../report/sweep-record.ts';
import { UsageError } from './exit-codes.ts';
import { Output } from './output.ts';
import { runTraining } from './train-run.ts';
import { SWEEP_PARAMS, SWEEP_SETTERS as SETTERS } from './sweep-params.ts';

export { SWEEP_PARAMS };

const INTEGER_PARAMS = new Set(['batchSize', 'epochs', 'units']);

function checkParam(param: string): void {
  if (!SETTERS[param]) throw new UsageError(`--param must be one of ${SWEEP_PARAMS.join(', ')}, got ${JSON.stringify(param)}`);
}

/** A value of `param` as given (`shown` is its text in the message). */
function checkValue(param: string, value: number, shown: string): number {
  if (!Number.isFinite(value) || value < 0 || (INTEGER_PARAMS.has(param) && !(Number.isInteger(value) && value >= 1))) {
    throw new UsageError(`--values must hold ${INTEGER_PARAMS.has(param) ? 'positive integers' : 'finite numbers >= 0'} for ${param}, got ${JSON.stringify(shown)}`);
  }
  return value;
}

/** Parses `--values 1e-4,1e-3,…` for `param`; usage errors name the flag, the rule and the value. */
export function parseSweepValues(param: string, text: string): number[] {
  checkParam(param);
  const values = text.split(',').map((s) => s.trim());
  if (values.some((s) => s === '')) throw new UsageError(`--values must be a comma-separated list of numbers, got ${JSON.stringify(text)}`);
  return values.map((s) => checkValue(param, Number(s), s));
}

/**
 * Trains `loaded`'s run once per value of `param` (the TS API of `hyperprop sweep`; progress
 * lines go to `output`, silent by default). `buildSweepReport` turns the result into HTML.
 */
export function runSweep(loaded: LoadedConfig, param: string, values: readonly number[], output: Output = new Output({ quiet: true })): SweepRecord {
  checkParam(param);
  for (const value of values) checkValue(param, value, String(value));
  const runs: SweepRecord['runs'] = [];
  for (const value of values) {
    const config = structuredClone(loaded.config);
    SETTERS[param]!(config, value);
    // One traced step per sweep is plenty: the report is about the curves.
    if (runs.length > 0) config.training.traceRows = 0;
    output.line(`\n${param} = ${value}`);
    const { run } = runTraining({ ...loaded, config }, output);
    const verdict = curveVerdict(run.history.status, run.history.series.loss ?? []);
    runs.push({ value, verdict, run: { ...run, name: `${run.name}, ${param} = ${value}` } });
    output.line(`${param} = ${value}: ${run.history.status}, training loss ${verdict}`);
  }
  return { kind: SWEEP_KIND, version: 1, name: loaded.config.name ?? loaded.source ?? 'sweep', createdAt: new Date().toISOString(), param, runs };
}

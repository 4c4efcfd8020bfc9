// What `hyperprop tune` does once its arguments are parsed; commands/tune.ts declares the command
// and loads this module only when the command runs.
import { writeFileSync } from 'node:fs';
import { formatNumber } from '../../report/html.ts';
import { configFromArgument, reportOutputPath } from '../config-argument.ts';
import { applyDataFlags } from '../data-flags.ts';
import type { DataFlags } from '../data-options.ts';
import { saveModel } from '../../nn/model-file.ts';
import { TrainingDivergedError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { describeChoice, runTuning } from '../tune-run.ts';
import { importanceIfEnough } from '../../tune/importance/importance.ts';
import type { HeartbeatFlags } from '../heartbeat-options.ts';

export interface TuneCommandOptions extends HeartbeatFlags, DataFlags {
  storage?: string;
  study?: string;
  trials?: number;
  report?: string;
  saveModel?: string;
  saveDiverged?: boolean;
  json?: boolean;
  quiet?: boolean;
}

export async function tuneAction(configPath: string | undefined, options: TuneCommandOptions): Promise<void> {
  const output = new Output(options);
  const loaded = applyDataFlags(configFromArgument(configPath), options);
  const result = await runTuning(loaded, { ...(options.storage ? { storage: options.storage } : {}), ...(options.trials ? { trials: options.trials } : {}), ...(options.study ? { study: options.study } : {}), heartbeat: options, refit: options.saveModel !== undefined }, output);
  try {
    const reportPath = reportOutputPath(loaded, options.report);
    // The report's modules load only for a run that writes one (most runs in scripts do not).
    if (reportPath) writeFileSync(reportPath, (await import('../../report/study-report.ts')).buildStudyReport(result.studies, loaded.config.report.title ?? loaded.config.name));
    for (const o of result.outcomes) {
      if (o.paretoFront !== undefined) {
        // Several metrics: each trial of the front, its values and parameters (no one best).
        output.result(`${o.study}: Pareto front of ${o.paretoFront.length} trial${o.paretoFront.length === 1 ? '' : 's'}`);
        for (const f of o.paretoFront) output.result(`  trial ${f.trial}: ${f.values.map((v) => formatNumber(v)).join(', ')}  ${Object.entries(f.params).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v, 3) : String(v)}`).join(' ')}`);
        continue;
      }
      const params = o.bestParams ? Object.entries(o.bestParams).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v, 3) : String(v)}`).join(' ') : '';
      output.result(`${o.study}: best ${formatNumber(o.bestValue)} (${describeChoice(o)}) ${params}`);
    }
    if (reportPath) output.result(`wrote report ${reportPath}`);
    const { refit } = result;
    if (options.saveModel !== undefined && refit === undefined) throw new Error('no model to save: no study has a complete trial with recorded hyperparameters');
    const modelPath = refit?.diverged !== undefined && !options.saveDiverged ? undefined : options.saveModel;
    if (modelPath !== undefined && refit) {
      saveModel(refit.model, modelPath);
      output.result(`wrote model ${modelPath}: trial ${refit.trial} of ${refit.study} refit for ${refit.epochs} epochs on ${refit.rows} training + validation rows`);
    }
    // Each study's fANOVA importance (null below 2 complete trials), as `hyperprop importance --json` gives it.
    const studies = result.outcomes.map((o, i) => ({ ...o, importance: (options.json && importanceIfEnough(result.studies[i]!.trials)) || null }));
    output.document({ studies, report: reportPath ?? null, model: modelPath === undefined || !refit ? null : { path: modelPath, study: refit.study, trial: refit.trial, epochs: refit.epochs, rows: refit.rows } });
    if (options.saveModel !== undefined && refit?.diverged !== undefined) {
      const note = modelPath === undefined ? '; no model written (--save-diverged writes it anyway)' : '; the model was written as asked (--save-diverged)';
      throw new TrainingDivergedError(`the refit of trial ${refit.trial} diverged ${refit.diverged} (a loss or weight became NaN or infinite)${note}`);
    }
  } finally {
    await result.storage.close();
  }
}


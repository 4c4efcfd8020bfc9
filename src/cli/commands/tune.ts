// hyperprop tune [config]: run a study (or a comparison of strategies) as the config says, or
// the embedded digits study without one; live progress, a summary, and the HTML report.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildStudyReport } from '../../report/study-report.ts';
import { formatNumber } from '../../report/html.ts';
import { configFromArgument, reportOutputPath } from '../config-argument.ts';
import { addDataOptions, applyDataFlags, type DataFlags } from '../data-flags.ts';
import { saveModel } from '../../nn/model-file.ts';
import { TrainingDivergedError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { describeChoice, runTuning } from '../tune-run.ts';
import { importanceIfEnough } from '../../tune/importance/importance.ts';
import { addHeartbeatOptions, type HeartbeatFlags } from '../heartbeat-options.ts';
import { positiveIntegerOption, type CliCommand } from './command.ts';

interface TuneCommandOptions extends HeartbeatFlags, DataFlags {
  storage?: string;
  study?: string;
  trials?: number;
  report?: string;
  saveModel?: string;
  saveDiverged?: boolean;
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
      .action(async (configPath: string | undefined, options: TuneCommandOptions) => {
        const output = new Output(options);
        const loaded = applyDataFlags(configFromArgument(configPath), options);
        const result = await runTuning(loaded, { ...(options.storage ? { storage: options.storage } : {}), ...(options.trials ? { trials: options.trials } : {}), ...(options.study ? { study: options.study } : {}), heartbeat: options, refit: options.saveModel !== undefined }, output);
        try {
          const reportPath = reportOutputPath(loaded, options.report);
          if (reportPath) writeFileSync(reportPath, buildStudyReport(result.studies, loaded.config.report.title ?? loaded.config.name));
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
      });
  },
};

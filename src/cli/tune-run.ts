// `hyperprop tune`: one study, or with tune.compare one study per strategy on the same budget,
// in one storage. Trials train on an executor (inline, or worker threads for parallelism);
// progress reports every epoch and every finished trial. Each study records its settings
// (sampler, pruner, metric, epochs) so a later `hyperprop report` can draw Hyperband's rungs.
import { setTimeout as delay } from 'node:timers/promises';
import { backendInfo } from '../backend/registry.ts';
import { buildPruner, buildSampler } from '../config/build-tuner.ts';
import { buildSpace, DEFAULT_SPACE, spaceParams } from '../config/build-space.ts';
import { configPath, type LoadedConfig } from '../config/load-config.ts';
import { loadData } from '../config/load-data.ts';
import { tuneMetrics, type ModelMetric } from '../config/tune-metric.ts';
import { buildObjectiveData } from '../config/build-objective-data.ts';
import { trialsSharingBest, validationLoss } from '../tune/best-trial.ts';
import { GridSampler } from '../tune/samplers/grid.ts';
import type { StrategyConfig } from '../config/tune-schema.ts';
import { ConfigError } from '../errors.ts';
import { formatNumber } from '../report/html.ts';
import { bestTrial, STUDY_SETTINGS_ATTR, STUDY_TEST_ATTR, type StudyData, type StudySettings } from '../report/study-data.ts';
import { trialEpochs } from '../tune/compare.ts';
import { isBetter } from '../train/direction.ts';
import type { Executor } from '../tune/executors/executor.ts';
import { InlineExecutor } from '../tune/executors/inline-executor.ts';
import { PiscinaExecutor } from '../tune/executors/piscina-executor.ts';
import { mlpObjective } from '../tune/objectives/mlp-objective.ts';
import { withModelMetrics } from '../tune/objectives/model-metrics.ts';
import { bestTrials } from '../tune/multi-objective/pareto.ts';
import type { Objective } from '../tune/optimize.ts';
import { createStudy, RELEASED_REASON, type Study } from '../tune/study.ts';
import { FINISHED_STATES, type FrozenTrial, type Storage } from '../tune/types.ts';
import { onInterrupt, restoreTerminal } from './interrupt.ts';
import type { Output } from './output.ts';
import { tuneProgress } from './progress/tune-progress.ts';
import { testBestTrial } from './test-best-trial.ts';
import type { RefitResult } from '../tune/refit-best.ts';
import { HYPERPARAMETERS_ATTR } from '../tune/refit-best.ts';
import { storageFromUrl } from './storage-from-url.ts';
import { STUDY_CONFIG_ATTR, storedConfig } from './study-config.ts';
import { MAX_TRIALS_ATTR } from '../tune/distributed/run-worker.ts';
import { heartbeatOptions, type HeartbeatFlags } from './heartbeat-options.ts';

export interface TuneOptions {
  /** --storage (wins over tune.storage; relative to the working directory). */
  storage?: string;
  /** --trials (wins over tune.trials). */
  trials?: number;
  /** --study (wins over tune.study). */
  study?: string;
  /** --heartbeat-* (each wins over tune.heartbeat). */
  heartbeat?: HeartbeatFlags;
  /** Refit the overall best trial for --save-model even without a test split (TuneResult.refit). */
  refit?: boolean;
}

export interface StudyOutcome {
  study: string;
  strategy: string | null;
  bestValue: number | null;
  bestTrial: number | null;
  bestParams: Record<string, unknown> | null;
  trials: number;
  epochs: number;
  states: Record<string, number>;
  seconds: number;
  /** Complete trials that reached exactly bestValue (ties are broken by validation loss). */
  bestShared: number;
  /** The best trial's recorded validation loss (the tie-breaker), null when none. */
  bestValidationLoss: number | null;
  /** The best trial refit on training + validation rows, scored on the test split (null without one). */
  test?: Record<string, number> | null;
  /** With several metrics: the Pareto front (the best* fields then rank the first metric alone). */
  paretoFront?: { trial: number; values: number[]; params: Record<string, unknown> }[];
}

/** The overall best trial (of every study in compare mode) refit on training + validation rows. */
export interface TuneRefit extends RefitResult {
  study: string;
}

export interface TuneResult {
  outcomes: StudyOutcome[];
  studies: StudyData[];
  storage: Storage;
  /** With a test split or options.refit, when some study has a complete trial with recorded hyperparameters. */
  refit?: TuneRefit;
}

function summarize(data: StudyData, strategy: string | null, seconds: number): StudyOutcome {
  const best = bestTrial(data);
  const states: Record<string, number> = {};
  for (const t of data.trials) states[t.state] = (states[t.state] ?? 0) + 1;
  return {
    study: data.name,
    strategy,
    bestValue: best?.value ?? null,
    bestTrial: best?.number ?? null,
    bestShared: best === undefined ? 0 : trialsSharingBest(data.trials, best),
    bestValidationLoss: (best && validationLoss(best)) ?? null,
    bestParams: best ? { ...best.params } : null,
    trials: data.trials.length,
    epochs: data.trials.filter((t) => FINISHED_STATES.includes(t.state)).reduce((sum, t) => sum + trialEpochs(t), 0),
    states,
    seconds,
  };
}

/** `trial 7`, or with ties `shared by 14 trials; chose trial 7 by validation loss 0.0123`. */
export function describeChoice(outcome: Pick<StudyOutcome, 'bestTrial' | 'bestShared' | 'bestValidationLoss'>): string {
  const { bestTrial: number, bestShared: shared, bestValidationLoss: loss } = outcome;
  if (number === null || shared <= 1) return `trial ${number ?? '-'}`;
  return `shared by ${shared} trials; chose trial ${number} ${loss === null ? 'by the lowest number (no validation loss recorded)' : `by validation loss ${formatNumber(loss)}`}`;
}

/** tune.storage names a file (SQLite or journal:) relative to the config's folder; other URLs (memory:, ...) pass through. */
export function storageSetting(loaded: LoadedConfig, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'journal') return `journal:${configPath(loaded, value.replace(/^journal:(\/\/)?/i, ''))}`;
  if (scheme !== undefined && scheme !== 'sqlite' && scheme !== 'file') return value;
  return `sqlite:${configPath(loaded, value.replace(/^(sqlite|file):(\/\/)?/i, ''))}`;
}

export async function runTuning(loaded: LoadedConfig, options: TuneOptions, output: Output): Promise<TuneResult> {
  const { config } = loaded;
  const tune = config.tune;
  if (tune === undefined) throw new ConfigError([{ path: 'tune', message: 'tune must be given for `hyperprop tune` (the study, its space and its budget), got nothing' }], loaded.source);
  const data = loadData(config.data, (p) => configPath(loaded, p));
  const objectiveData = buildObjectiveData(data, tune.epochs, tune.seed);
  // The refit's scaler is fitted on training + validation rows, so it starts from the raw rows
  // (the split is made before scaling, so the same seed cuts the same rows). Without
  // data.split.validation the validation rows were cut from data.train: together, all of it.
  // With k folds every training row was scored in some fold, and the refit trains on all of them.
  // Needed for a test score or --save-model only.
  const targetScaling = data.targetScaler ? 'standard' : 'none';
  const raw = data.test === undefined && options.refit !== true ? undefined : config.data.scaling === 'none' && targetScaling === 'none' ? data : loadData({ ...config.data, scaling: 'none', targetScaling: 'none' }, (p) => configPath(loaded, p));
  const refitData = raw === undefined ? undefined : raw.validation ? { train: raw.train, validation: raw.validation } : raw.train;
  const refits = new Map<string, { trial: FrozenTrial; refit: RefitResult }>();
  const { metric, direction, metrics, directions } = tuneMetrics(tune, data.train.task, loaded.source);
  const several = metrics.length > 1;
  const totalTrials = options.trials ?? tune.trials;
  const studyName = options.study ?? tune.study;
  // Always on: trials that share a storage with workers must beat, or those workers fail them as stale.
  const heartbeat = heartbeatOptions(tune.heartbeat, options.heartbeat ?? {});
  const params = spaceParams(tune.space ?? DEFAULT_SPACE, config.model, config.training);
  const strategies: [string | null, StrategyConfig][] = tune.compare ? Object.entries(tune.compare) : [[null, { sampler: tune.sampler, pruner: tune.pruner }]];
  const storage = await storageFromUrl(options.storage ?? storageSetting(loaded, tune.storage));
  const threads = (tune.executor ?? (tune.parallelism > 1 ? 'threads' : 'inline')) === 'threads';
  const executor: Executor = threads ? new PiscinaExecutor({ threads: tune.parallelism }) : new InlineExecutor();
  const progress = tuneProgress(output, objectiveData.trialEpochs);
  output.line(`hyperprop tune: ${data.description}, ${objectiveData.scoring}; ${metrics.map((m, i) => `${m} (${directions[i]})`).join(', ')}; ${tune.parallelism} in parallel (${threads ? 'worker threads' : 'inline'}); backend ${backendInfo().active}`);
  if (data.inferredTask) output.line(data.inferredTask);

  const outcomes: StudyOutcome[] = [];
  const studies: StudyData[] = [];
  let current: { study: Study; running: Set<number> } | undefined;
  const stopListening = onInterrupt(
    async (signal) => {
      current?.study.stop();
      let handedBack = 0;
      for (const number of current?.running ?? []) {
        if ((await storage.releaseTrial(current!.study.id, number, `${RELEASED_REASON}interrupted by ${signal}`)) !== undefined) handedBack++;
      }
      progress.close();
      restoreTerminal(output.log);
      output.stderr.write(`interrupted by ${signal}: ${handedBack} running trial${handedBack === 1 ? '' : 's'} handed back to the study (queued again); run the same command to resume\n`);
      await Promise.race([storage.close(), delay(2_000)]);
    },
    () => {
      progress.close();
      restoreTerminal(output.log);
    },
  );
  try {
    for (const [strategy, { sampler, pruner }] of strategies) {
      const name = strategy === null ? studyName : `${studyName}/${strategy}`;
      const built = buildSampler(sampler, params, tune.seed);
      const study = await createStudy({
        storage,
        name,
        ...(several ? { directions } : { direction }),
        seed: tune.seed,
        sampler: built,
        heartbeat,
        reproducible: tune.reproducible,
        ...(pruner.type === 'none' ? {} : { pruner: buildPruner(pruner, objectiveData.trialEpochs)! }),
        loadIfExists: true,
      });
      const settings: StudySettings = { ...(strategy === null ? {} : { strategy }), sampler, pruner, metric, ...(several ? { metrics: [...metrics] } : {}), epochs: objectiveData.trialEpochs, data: objectiveData.kfold === undefined ? data.description : `${data.description}, ${objectiveData.kfold.folds}-fold cross-validation` };
      await study.setUserAttr(STUDY_SETTINGS_ATTR, settings);
      // For workers that join from other machines: the config to build the objective from, and
      // the budget they share with this process.
      await study.setUserAttr(STUDY_CONFIG_ATTR, storedConfig(loaded));
      if (totalTrials !== undefined) await study.setUserAttr(MAX_TRIALS_ATTR, totalTrials);
      // A killed run left its trials running: fail and re-queue them before counting what is done.
      await study.reapOrphans(true);
      const already = await storage.countTrials(study.id, { states: FINISHED_STATES, excludeOrphans: true });
      const remaining = totalTrials === undefined ? undefined : Math.max(0, totalTrials - already);
      const running = new Set<number>();
      current = { study, running };
      const trainOne = mlpObjective(objectiveData.data, {
        ...(objectiveData.kfold === undefined ? {} : { kfold: objectiveData.kfold }),
        space: buildSpace(tune.space, config.model, config.training),
        maxEpochs: tune.epochs,
        metric,
        ...(data.targetScaler ? { targetScaler: data.targetScaler } : {}),
        executor,
        onEpoch: (trial, epoch, value) => progress.epoch(trial.number, epoch, value),
      });
      const train = withModelMetrics(trainOne, metrics.slice(1) as ModelMetric[], data.train.features, data.train.outputs);
      // The trials to hand back if the run is interrupted.
      const objective: Objective = async (trial) => {
        running.add(trial.number);
        try {
          return await train(trial);
        } finally {
          running.delete(trial.number);
        }
      };
      let best: number | null = null;
      let done = 0;
      let epochs = 0;
      const label = `study ${JSON.stringify(name)}: ${sampler.type} sampler, ${pruner.type === 'none' ? 'no pruner' : `${pruner.type} pruner`}${already > 0 ? ` (resuming after ${already} trials)` : ''}`;
      // A grid without a trial count ends when its points run out: that is the bar's length.
      const trialTotal = remaining ?? (built instanceof GridSampler && tune.budgetEpochs === undefined ? Math.max(0, built.size - already) : undefined);
      progress.startStudy(label, trialTotal ?? tune.budgetEpochs ?? 0, trialTotal !== undefined ? 'trials' : 'epochs');
      const started = Date.now();
      await study.optimize(objective, {
        // The study's own count, not this process's: workers on other machines draw from it too.
        ...(totalTrials === undefined ? {} : { maxTrials: totalTrials }),
        ...(tune.timeout === undefined ? {} : { timeout: tune.timeout * 1000 }),
        parallelism: tune.parallelism,
        callbacks: [
          (s, trial) => {
            done++;
            epochs += trialEpochs(trial);
            if (trial.state === 'complete' && trial.value !== null && (best === null || isBetter(direction, trial.value, best))) best = trial.value;
            progress.trialFinished(trial, best, done);
            if (tune.budgetEpochs !== undefined && epochs >= tune.budgetEpochs) s.stop();
          },
        ],
      });
      const studyData: StudyData = { name, direction, directions, settings, trials: await study.trials() };
      // With several metrics no one trial is best: nothing to refit and score.
      const winner = several ? undefined : bestTrial(studyData);
      const refittable = winner !== undefined && winner.userAttrs[HYPERPARAMETERS_ATTR] !== undefined;
      const scored = refittable && raw?.test ? testBestTrial(winner, refitData!, raw.test, config.data.scaling, targetScaling) : undefined;
      if (scored) refits.set(name, { trial: winner!, refit: scored.refit });
      const test = scored?.test;
      if (test) {
        await study.setUserAttr(STUDY_TEST_ATTR, test);
        studyData.test = test;
      }
      const front = several ? bestTrials(studyData.trials, directions).map((t) => ({ trial: t.number, values: t.values!, params: { ...t.params } })) : undefined;
      const outcome = { ...summarize(studyData, strategy, (Date.now() - started) / 1000), test: test?.metrics ?? null, ...(front ? { paretoFront: front } : {}) };
      const onTest = scored
        ? `; refit on ${scored.refit.rows} training${objectiveData.kfold === undefined ? ' + validation' : ''} rows for ${scored.refit.epochs} epochs, ${test ? `on the test split: ${Object.entries(test.metrics).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ')}` : `diverged ${scored.refit.diverged}`}`
        : '';
      const found = front ? `a Pareto front of ${front.length} trial${front.length === 1 ? '' : 's'} (${front.map((f) => `${f.trial}: ${f.values.map((v, i) => `${metrics[i]} ${formatNumber(v)}`).join(', ')}`).join('; ')})` : `best ${formatNumber(outcome.bestValue)} (${describeChoice(outcome)})`;
      progress.endStudy(`${found} after ${outcome.trials} trials, ${outcome.epochs} epochs, ${outcome.seconds.toFixed(1)} s${onTest}`);
      outcomes.push(outcome);
      studies.push(studyData);
    }
  } finally {
    stopListening();
    progress.close();
    await executor.close();
  }
  const refit = refitOverallBest(studies, direction, refits, options.refit === true, (trial) => testBestTrial(trial, refitData!, undefined, config.data.scaling, targetScaling).refit);
  return { outcomes, studies, storage, ...(refit ? { refit } : {}) };
}

/**
 * The best complete trial over every study (they share the metric and validation rows), refit:
 * reuses the refit made for its test score, else refits it when `always` (for --save-model).
 */
function refitOverallBest(studies: StudyData[], direction: 'minimize' | 'maximize', done: Map<string, { trial: FrozenTrial; refit: RefitResult }>, always: boolean, refit: (trial: FrozenTrial) => RefitResult): TuneRefit | undefined {
  let best: { study: string; trial: FrozenTrial } | undefined;
  for (const data of studies) {
    // A study with several metrics has a front, not one trial to save.
    if ((data.directions?.length ?? 1) > 1) continue;
    const winner = bestTrial(data);
    if (winner === undefined || winner.userAttrs[HYPERPARAMETERS_ATTR] === undefined) continue;
    if (best === undefined || isBetter(direction, winner.value!, best.trial.value!)) best = { study: data.name, trial: winner };
  }
  if (best === undefined) return undefined;
  const made = done.get(best.study)?.refit ?? (always ? refit(best.trial) : undefined);
  return made && { ...made, study: best.study };
}

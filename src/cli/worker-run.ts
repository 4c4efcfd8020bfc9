// `hyperprop worker`: the study of a config file, joined (or created) in a shared storage and run
// by this process until the study's budget is spent (runWorker: atomic claims, heartbeats,
// retries of dead workers' trials, SIGTERM drains then releases). Start one on each machine with
// the same config and --storage postgres://…; `hyperprop trials` and `hyperprop report` read the
// study from anywhere. The objective is built as `hyperprop tune` builds it.
import { buildPruner, buildSampler } from '../config/build-tuner.ts';
import { buildSpace, DEFAULT_SPACE, spaceParams } from '../config/build-space.ts';
import { configPath, type LoadedConfig } from '../config/load-config.ts';
import { loadData } from '../config/load-data.ts';
import { metricDirection, metricsDirections, tuneMetrics, type ModelMetric } from '../config/tune-metric.ts';
import { buildObjectiveData } from '../config/build-objective-data.ts';
import { ConfigError } from '../errors.ts';
import { MAX_TRIALS_ATTR, runWorker, type WorkerSummary } from '../tune/distributed/run-worker.ts';
import type { Executor } from '../tune/executors/executor.ts';
import { PiscinaExecutor } from '../tune/executors/piscina-executor.ts';
import { mlpObjective } from '../tune/objectives/mlp-objective.ts';
import { withModelMetrics } from '../tune/objectives/model-metrics.ts';
import { MemoryStorage } from '../tune/storage/memory-storage.ts';
import { createStudy, type Study } from '../tune/study.ts';
import { UsageError } from './exit-codes.ts';
import type { Output } from './output.ts';
import { configFromArgument } from './config-argument.ts';
import { storageFromUrl } from './storage-from-url.ts';
import { heartbeatOptions, type HeartbeatFlags } from './heartbeat-options.ts';
import { configFromStudy, STUDY_CONFIG_ATTR, storedConfig } from './study-config.ts';
import type { Storage } from '../tune/types.ts';
import type { TuneConfig } from '../config/tune-schema.ts';

export interface WorkerCommandOptions extends HeartbeatFlags {
  storage: string;
  study?: string;
  parallelism?: number;
  trials?: number;
}

/**
 * `given` is the config argument; without one, the config stored with --study is used (as
 * `hyperprop tune --storage` or the first worker recorded it), else the embedded default.
 */
export async function runWorkerCommand(given: LoadedConfig | undefined, options: WorkerCommandOptions, output: Output): Promise<WorkerSummary & { study: string }> {
  const storage = await storageFromUrl(options.storage);
  if (storage instanceof MemoryStorage) throw new UsageError(`--storage must be shared by the workers (postgres://… or a SQLite file), got ${JSON.stringify(options.storage)}`);
  try {
    const loaded = given ?? (options.study !== undefined && (await storage.getStudy(options.study)) !== undefined ? await configFromStudy(storage, options.study, 'the storage') : configFromArgument(undefined));
    return await work(loaded, storage, options, output);
  } finally {
    await storage.close();
  }
}

/**
 * The worker's study: the first worker to arrive creates it and records its budget and config, the
 * others join it. Creating or loading is one step in the storage, so workers started at the same
 * moment on a new study all join the one study.
 */
export async function joinStudy(storage: Storage, loaded: LoadedConfig, tune: TuneConfig, options: Pick<WorkerCommandOptions, 'study' | 'trials'>): Promise<Study> {
  const name = options.study ?? tune.study;
  const directions = tune.metrics !== undefined ? metricsDirections(tune.metrics) : [tune.direction ?? metricDirection(tune.metric ?? 'accuracy')];
  const study = await createStudy({ storage, name, ...(directions.length > 1 ? { directions } : { direction: directions[0]! }), seed: tune.seed, loadIfExists: true });
  const budget = options.trials ?? tune.trials;
  const record = await storage.getStudy(name);
  // Every worker of the study records the same values, so a race here only writes them twice.
  if (budget !== undefined && record?.userAttrs[MAX_TRIALS_ATTR] === undefined) await study.setUserAttr(MAX_TRIALS_ATTR, budget);
  if (record?.userAttrs[STUDY_CONFIG_ATTR] === undefined) await study.setUserAttr(STUDY_CONFIG_ATTR, storedConfig(loaded));
  return study;
}

async function work(loaded: LoadedConfig, storage: Storage, options: WorkerCommandOptions, output: Output): Promise<WorkerSummary & { study: string }> {
  const { config } = loaded;
  const tune = config.tune;
  if (tune === undefined) throw new ConfigError([{ path: 'tune', message: 'tune must be given for `hyperprop worker` (the study, its space and its budget), got nothing' }], loaded.source);
  if (tune.compare !== undefined) throw new ConfigError([{ path: 'tune.compare', message: 'tune.compare must be left out for `hyperprop worker` (a worker runs one study), got a compare section' }], loaded.source);
  const data = loadData(config.data, (p) => configPath(loaded, p));
  const objectiveData = buildObjectiveData(data, tune.epochs, tune.seed);
  const { metric, direction, metrics } = tuneMetrics(tune, data.train.task, loaded.source);
  const name = options.study ?? tune.study;
  const parallelism = options.parallelism ?? tune.parallelism;
  const heartbeat = heartbeatOptions(tune.heartbeat, options);
  const params = spaceParams(tune.space ?? DEFAULT_SPACE, config.model, config.training);
  const sampler = buildSampler(tune.sampler, params, tune.seed);
  const pruner = tune.pruner.type === 'none' ? undefined : buildPruner(tune.pruner, objectiveData.trialEpochs);
  // Training always runs in worker threads: inline, an epoch would block the event loop and with
  // it the heartbeats, and a long epoch would get a live trial failed as stale.
  const executor: Executor = new PiscinaExecutor({ threads: parallelism });
  try {
    await joinStudy(storage, loaded, metrics.length > 1 ? tune : { ...tune, metric, direction }, options);
    output.line(`hyperprop worker: study ${JSON.stringify(name)} in ${options.storage.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}, ${parallelism} in parallel; ${data.description}`);
    const summary = await runWorker({
      storage,
      study: name,
      sampler,
      ...(pruner === undefined ? {} : { pruner }),
      ...(options.trials === undefined ? {} : { maxTrials: options.trials }),
      parallelism,
      heartbeat,
      reproducible: tune.reproducible,
      objective: withModelMetrics(
        mlpObjective(objectiveData.data, { ...(objectiveData.kfold === undefined ? {} : { kfold: objectiveData.kfold }), space: buildSpace(tune.space, config.model, config.training), maxEpochs: tune.epochs, metric, ...(data.targetScaler ? { targetScaler: data.targetScaler } : {}), executor }),
        metrics.slice(1) as ModelMetric[],
        data.train.features,
        data.train.outputs,
      ),
      onEvent: (event) => {
        if (event.type === 'trial') output.line(`trial ${event.number} ${event.state}${event.value === null ? '' : ` ${event.value}`}`);
        else if (event.type === 'waiting') output.line(`budget spent; waiting for ${event.open} trials still open elsewhere`);
        else if (event.type === 'stopping') output.line(`stopping (${event.signal}): finishing or releasing running trials`);
        else output.line(`released trials for retry: ${event.trials.join(', ')}`);
      },
    });
    return { ...summary, study: name };
  } finally {
    await executor.close();
  }
}

// `hyperprop train`: data → model → (a traced backprop step) → fit with progress → test
// metrics → a RunRecord for the report. With data.kfold, k models instead, scored per fold.
import { backendInfo } from '../backend/registry.ts';
import { buildModel, fitOptions } from '../config/build-model.ts';
import { configPath, type LoadedConfig } from '../config/load-config.ts';
import { loadData, type PreparedData } from '../config/load-data.ts';
import type { MLP } from '../nn/mlp.ts';
import { formatTrace, traceStep } from '../nn/trace.ts';
import { RUN_KIND, type RunRecord } from '../report/run-record.ts';
import { crossValidate } from '../train/cross-validate.ts';
import '../train/fit.ts'; // installs the loop behind MLP.fit (src/nn/trainer.ts)
import { ConfigError } from '../errors.ts';
import type { GradientWarning } from '../train/gradient-monitor.ts';
import type { Output } from './output.ts';
import { epochProgress } from './progress/epoch-progress.ts';

function modelSummary(model: MLP): string {
  return [String(model.inputs), ...model.config.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ');
}

function cleanMetrics(metrics: object): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}

function traceFirstRows(model: MLP, data: PreparedData, rows: number) {
  const n = Math.min(rows, data.train.rows);
  if (n === 0) return undefined;
  const { x, y, features } = data.train;
  return traceStep(model, x.subarray(0, n * features), y.subarray(0, n * (y instanceof Float32Array ? data.train.outputs : 1)), { lr: model.optimizer!.lr, apply: false });
}

/** The first warning of each kind and layer (the monitor repeats them every epoch). */
function firstWarnings(warnings: readonly GradientWarning[]): string[] {
  const seen = new Set<string>();
  return warnings
    .filter((w) => !seen.has(`${w.kind}${w.layer}`) && seen.add(`${w.kind}${w.layer}`))
    .map((w) => `layer ${w.layer + 1}: ${w.kind} gradient from epoch ${w.epoch + 1} (norm ${w.norm.toExponential(2)})`);
}

export interface TrainResult {
  run: RunRecord;
  model?: MLP;
  data: PreparedData;
  /** Where training diverged (`in epoch 3, step 41`), when it did: the CLI then exits 3. */
  diverged?: string;
}

/** `printTrace`: write the traced step as text before training (even with --quiet: it was asked for). */
export function runTraining(loaded: LoadedConfig, output: Output, options: { printTrace?: boolean } = {}): TrainResult {
  const { config } = loaded;
  const data = loadData(config.data, (p) => configPath(loaded, p));
  const base: Omit<RunRecord, 'model' | 'history'> = {
    kind: RUN_KIND,
    version: 1,
    name: config.name ?? (loaded.source ?? 'run'),
    createdAt: new Date().toISOString(),
    backend: backendInfo().active,
    data: data.description,
    training: { epochs: config.training.epochs, batchSize: config.training.batchSize, optimizer: config.training.optimizer.type },
  };
  output.line(`hyperprop train: ${data.description} on the ${base.backend} backend`);
  if (data.inferredTask) output.line(data.inferredTask);

  if (data.kfold !== undefined) {
    if (data.test !== undefined) throw new ConfigError([{ path: 'data.kfold', message: `data.kfold must be left out for \`hyperprop train\` when test rows are given (train scores the k fold models only; tune refits on every training row and scores the test rows), got ${data.kfold.folds} folds and ${data.test.rows} test rows` }], loaded.source);
    const probe = buildModel(config.model, config.training, data.train);
    const result = crossValidate(() => buildModel(config.model, config.training, data.train), data.train, {
      folds: data.kfold.folds,
      seed: data.kfold.seed ?? 0,
      ...(data.kfold.stratify === undefined ? {} : { stratify: data.kfold.stratify }),
      fit: fitOptions(config.training, undefined),
    });
    const folds = { metrics: result.folds.map(cleanMetrics), mean: cleanMetrics(result.mean) };
    // A fold whose model diverged scores a NaN or infinite loss.
    const divergedFolds = result.folds.flatMap((f, i) => (Number.isFinite(f.loss) ? [] : [i + 1]));
    output.line(`${data.kfold.folds}-fold cross-validation: ${Object.entries(folds.mean).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ')}`);
    const run: RunRecord = {
      ...base,
      model: { summary: modelSummary(probe), loss: probe.config.loss, parameters: probe.parameterCount },
      history: { epoch: [], series: {}, status: divergedFolds.length > 0 ? 'diverged' : 'completed' },
      folds,
    };
    return { run, data, ...(divergedFolds.length > 0 ? { diverged: `in fold${divergedFolds.length > 1 ? 's' : ''} ${divergedFolds.join(', ')}` } : {}) };
  }

  const model = buildModel(config.model, config.training, data.train);
  output.line(`model ${modelSummary(model)} (${model.parameterCount} parameters, ${model.config.loss})`);
  const trace = config.training.traceRows > 0 ? traceFirstRows(model, data, config.training.traceRows) : undefined;
  if (options.printTrace && trace) output.log.write(`${formatTrace(trace)}\n\n`);
  const progress = epochProgress(output, config.training.epochs);
  let history;
  try {
    history = model.fit(data.train.x, data.train.y, fitOptions(config.training, data.validation, [progress]));
  } finally {
    progress.close();
  }
  // The model owns the target scaler from here: test targets are in the data's units, and so are its metrics.
  if (data.targetScaler) model.targetScaler = data.targetScaler;
  const test = data.test === undefined ? undefined : cleanMetrics(model.evaluate(data.test.x, data.test.y));
  const run: RunRecord = {
    ...base,
    model: { summary: modelSummary(model), loss: model.config.loss, parameters: model.parameterCount },
    history: { epoch: history.epoch.map((e) => e + 1), series: history.history, status: history.status },
    ...(history.gradientNorms ? { gradientNorms: history.gradientNorms } : {}),
    ...(history.warnings?.length ? { warnings: firstWarnings(history.warnings) } : {}),
    ...(test ? { test } : {}),
    ...(trace ? { trace } : {}),
  };
  // fit stops at the first non-finite loss or weight; the final check also covers weights put
  // back afterwards (early stopping's best weights).
  const where = history.diverged ? `in epoch ${history.diverged.epoch + 1}, step ${history.diverged.step}` : model.parametersFinite() ? undefined : 'after the last epoch';
  if (where !== undefined) run.history.status = 'diverged';
  // From here the model takes raw rows, as the file saved from it (data.test above was scaled).
  if (data.scaler) model.inputScaler = data.scaler;
  return { run, model, data, ...(where === undefined ? {} : { diverged: where }) };
}

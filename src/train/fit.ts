// The training loop: epochs of shuffled mini-batches (batchSize 1 is SGD, the dataset size is
// batch gradient descent), a learning-rate schedule, validation, callbacks and a Keras-style
// history. Each step runs on the backend out of preallocated buffers: no allocation per step.
import { rangeError, typeError } from '../errors.ts';
import type { MLP } from '../nn/mlp.ts';
import { installTrainer } from '../nn/trainer.ts';
import { createOptimizer, type OptimizerName, type OptimizerSpec } from '../nn/optimizers/index.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { epochShuffleSeed } from '../random/hash.ts';
import { gatherBatch, toFeatures, toTargets, type Features, type FeaturesInput, type Targets, type TargetsInput } from '../nn/inputs.ts';
import { MetricAccumulator, type Metrics } from '../nn/metrics.ts';
import { createSchedule, type ScheduleSpec } from './schedules.ts';
import type { Workspace } from '../nn/workspace.ts';
import { formatGradientWarning, GradientMonitor, type GradientMonitorOptions, type GradientWarning } from './gradient-monitor.ts';
import { BatchAugmenter, checkAugmentOptions, type AugmentOptions } from './augment.ts';

export interface EpochLogs {
  loss: number;
  accuracy?: number;
  mse?: number;
  mae?: number;
  r2?: number;
  valLoss?: number;
  valAccuracy?: number;
  valMse?: number;
  valMae?: number;
  valR2?: number;
  /** The learning rate used during the epoch. */
  lr: number;
}

export interface Callback {
  onTrainBegin?(model: MLP): void;
  onEpochBegin?(epoch: number, model: MLP): void;
  /** After each step, with its mean loss; keep it cheap (it runs on the hot path). */
  onBatchEnd?(step: number, loss: number): void;
  /** Return true (or set model.stopTraining) to stop after this epoch. */
  onEpochEnd?(epoch: number, logs: EpochLogs, model: MLP): void | boolean;
  onTrainEnd?(history: History): void;
}

export interface FitOptions {
  /** The epoch to stop before (as Keras: with initialEpoch, the total, not the count). Default 10. */
  epochs?: number;
  /** Start counting at this epoch: a later fit continues an earlier one (shuffling, schedules, history). Default 0. */
  initialEpoch?: number;
  /** Default 32 (capped at the number of rows). */
  batchSize?: number;
  /** Reshuffle every epoch; default true. */
  shuffle?: boolean;
  /** Default: the optimizer compile() chose, else Adam (lr 1e-3). */
  optimizer?: OptimizerName | OptimizerSpec;
  lrSchedule?: ScheduleSpec;
  validationData?: [FeaturesInput, TargetsInput];
  /** Holds out this fraction of the rows, taken from the end before shuffling (as Keras). */
  validationSplit?: number;
  callbacks?: Callback[];
  /** Seeds the shuffling and the dropout masks; default: the model's seed. */
  seed?: number;
  /**
   * Per-layer gradient norms and update ratios per epoch in the history, with warnings when a
   * layer's gradient vanishes or explodes (thresholds settable). Default true.
   */
  monitorGradients?: boolean | GradientMonitorOptions;
  /** Gaussian input noise and/or mixup on the training batches (default: none). */
  augment?: AugmentOptions;
  /**
   * Train on these rows of x and y only (row indices): an index view, so k folds train on one
   * shared copy of the data instead of k subsets. Not with validationSplit.
   */
  rows?: Int32Array;
}

// MLP.fit reaches fitModel through src/nn/trainer.ts: these types and the installTrainer call
// below are its two halves (nn cannot import train).
declare module '../nn/trainer.ts' {
  interface TrainerTypes {
    options: FitOptions;
    history: History;
  }
}

export interface History {
  epoch: number[];
  /** Per-epoch series: loss, accuracy / mse, mae, r2, valLoss, valAccuracy ..., lr. */
  history: Record<string, number[]>;
  status: 'completed' | 'stopped' | 'diverged';
  /** Where training diverged (a loss or a weight that is NaN or infinite), if it did. */
  diverged?: { epoch: number; step: number; lastFiniteLoss: number | null };
  /** Per epoch, each layer's mean weight-gradient norm (gradient monitor). */
  gradientNorms?: number[][];
  /** Per epoch, each layer's ‖W_end − W_start‖ / ‖W_start‖. */
  updateRatios?: number[][];
  warnings?: GradientWarning[];
}

function positiveInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw (typeof value === 'number' ? rangeError : typeError)(field, 'a positive integer', value);
  }
  return value;
}

function holdOut(features: Features, targets: Targets, fraction: number, inputs: number, outputs: number) {
  const validationRows = Math.round(features.rows * fraction);
  const trainRows = features.rows - validationRows;
  if (validationRows < 1 || trainRows < 1) {
    throw rangeError('validationSplit', `a fraction that leaves at least one row on each side of ${features.rows}`, fraction);
  }
  const cut = (f: Features, t: Targets, from: number, to: number): [Features, Targets] => [
    { data: f.data.subarray(from * inputs, to * inputs), rows: to - from },
    {
      kind: t.kind,
      labels: t.kind === 'labels' ? t.labels.subarray(from, to) : t.labels,
      targets: t.kind === 'targets' ? t.targets.subarray(from * outputs, to * outputs) : t.targets,
    },
  ];
  return { train: cut(features, targets, 0, trainRows), validation: cut(features, targets, trainRows, features.rows) };
}

function prefixed(metrics: Metrics, prefix: 'val' | ''): Partial<EpochLogs> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (value !== undefined) out[prefix ? `${prefix}${key[0]!.toUpperCase()}${key.slice(1)}` : key] = value;
  }
  return out;
}

/**
 * One epoch of steps over `order`; returns true if the loss diverged. Kept apart from fitModel
 * so V8 optimizes this hot loop once and keeps it optimized (no boxed doubles per step).
 */
function trainEpoch(
  model: MLP, ws: Workspace, features: Features, targets: Targets, outputs: number, order: Int32Array, batchSize: number,
  accumulator: MetricAccumulator, callbacks: Callback[], counters: Float64Array, monitor: GradientMonitor | undefined,
  augmenter: BatchAugmenter | undefined,
): boolean {
  const inputs = model.inputs;
  const output = ws.layers[ws.layers.length - 1]!.out;
  for (let start = 0; start < order.length; start += batchSize) {
    const rows = Math.min(batchSize, order.length - start);
    gatherBatch(features, inputs, targets, outputs, order, start, rows, ws.x, ws.labels, ws.targets);
    // Mixed class labels come back as dense targets; metrics then score the mixed batch, as Keras does.
    const kind = augmenter === undefined ? targets.kind : augmenter.apply(ws, rows, targets.kind);
    const byLabel = kind === 'labels';
    model.computeBatchGradients(ws, rows, kind);
    monitor?.afterStep();
    model.optimizer!.step(model.parameters, model.gradients);
    counters[0] = counters[0]! + 1;
    const loss = ws.result[0]!;
    // NaN or infinity in the loss or in the weights: stop, never hand back a silent NaN model.
    if (!(loss - loss === 0) || !model.parametersFinite()) return true;
    counters[1] = loss;
    accumulator.add(rows, ws.result, output, ws.labels, ws.targets, byLabel);
    for (let c = 0; c < callbacks.length; c++) callbacks[c]!.onBatchEnd?.(counters[0]!, loss);
  }
  return false;
}

/** `options.rows`: a non-empty Int32Array of row indices in [0, rows). */
function checkRows(indices: unknown, rows: number): Int32Array {
  if (!(indices instanceof Int32Array)) throw typeError('rows', 'an Int32Array of row indices', indices);
  if (indices.length === 0) throw rangeError('rows', 'at least one row index', 'none');
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (i < 0 || i >= rows) throw rangeError(`rows[${k}]`, `a row index in [0, ${rows})`, i);
  }
  return indices;
}

/** Gradient warnings already given, per model: each (kind, layer) is reported once. */
const WARNED = new WeakMap<MLP, Set<string>>();

export function fitModel(model: MLP, x: FeaturesInput, y: TargetsInput, options: FitOptions = {}): History {
  if (typeof options !== 'object' || options === null) throw typeError('fit options', 'an object', options);
  const epochs = positiveInteger('epochs', options.epochs ?? 10);
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs) {
    throw rangeError('initialEpoch', `an integer in [0, epochs − 1 = ${epochs - 1}]`, initialEpoch);
  }
  const shuffle = options.shuffle ?? true;
  if (typeof shuffle !== 'boolean') throw typeError('shuffle', 'a boolean', shuffle);
  const seed = options.seed ?? model.config.seed;
  if (!Number.isInteger(seed)) throw typeError('seed', 'an integer', seed);
  const { inputs, outputs } = model;
  let features = toFeatures(x, inputs);
  let targets = toTargets(y, features.rows, outputs, model.config.loss);
  let validation: [Features, Targets] | undefined;
  if (options.rows !== undefined && options.validationSplit !== undefined) throw typeError('fit options', 'either rows or validationSplit, not both', 'both');
  if (options.validationData !== undefined && options.validationSplit !== undefined) {
    throw typeError('fit options', 'either validationData or validationSplit, not both', 'both');
  }
  if (options.validationData !== undefined) {
    if (!Array.isArray(options.validationData) || options.validationData.length !== 2) {
      throw typeError('validationData', 'a pair [x, y]', options.validationData);
    }
    const vf = toFeatures(options.validationData[0], inputs, 'validationData[0]');
    validation = [vf, toTargets(options.validationData[1], vf.rows, outputs, model.config.loss, 'validationData[1]')];
  } else if (options.validationSplit !== undefined) {
    const fraction = options.validationSplit;
    if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) throw rangeError('validationSplit', 'in (0, 1)', fraction);
    const parts = holdOut(features, targets, fraction, inputs, outputs);
    [features, targets] = parts.train;
    validation = parts.validation;
  }
  const rows = options.rows === undefined ? undefined : checkRows(options.rows, features.rows);
  const batchSize = Math.min(positiveInteger('batchSize', options.batchSize ?? 32), rows?.length ?? features.rows);
  if (options.optimizer !== undefined || !model.optimizer) model.optimizer = createOptimizer(model.backend, model.parameterCount, options.optimizer);
  const optimizer = model.optimizer!;
  const schedule = createSchedule(options.lrSchedule);
  const callbacks = options.callbacks ?? [];
  if (!Array.isArray(callbacks)) throw typeError('callbacks', 'an array', callbacks);
  const augmentOptions = checkAugmentOptions(options.augment);

  const ws = model.workspace(batchSize);
  const augmenter = augmentOptions.noise > 0 || augmentOptions.mixup > 0 ? new BatchAugmenter(augmentOptions, batchSize, inputs, outputs, seed) : undefined;
  const order = rows === undefined ? Int32Array.from({ length: features.rows }, (_, i) => i) : Int32Array.from(rows);
  const accumulator = new MetricAccumulator(model.config.loss, outputs);
  const baseLr = optimizer.lr;
  const history: History = { epoch: [], history: {}, status: 'completed' };
  // [steps taken, last finite loss (NaN before the first)]: typed, so the step loop boxes nothing.
  const counters = Float64Array.of(0, Number.NaN);
  const monitorOption = options.monitorGradients ?? true;
  const monitor = monitorOption === false ? undefined : new GradientMonitor(model, monitorOption === true ? {} : monitorOption);
  const warned = WARNED.get(model) ?? WARNED.set(model, new Set()).get(model)!;
  model.reseedDropout(seed ^ 0x5bd1e995);
  model.stopTraining = false;
  for (const callback of callbacks) callback.onTrainBegin?.(model);

  for (let epoch = initialEpoch; epoch < epochs; epoch++) {
    optimizer.lr = schedule.lrAt(epoch, baseLr, optimizer.lr);
    for (const callback of callbacks) callback.onEpochBegin?.(epoch, model);
    // Each epoch's order depends only on (seed, epoch), so fit(…, { initialEpoch }) continues
    // a run exactly (the tuners train epoch by epoch to report and prune between epochs).
    if (shuffle) {
      for (let i = 0; i < order.length; i++) order[i] = rows === undefined ? i : rows[i]!;
      new SeededRandom(epochShuffleSeed(seed, epoch)).shuffle(order);
    }
    accumulator.reset();
    monitor?.beginEpoch();
    augmenter?.beginEpoch(epoch);
    const diverged = trainEpoch(model, ws, features, targets, outputs, order, batchSize, accumulator, callbacks, counters, monitor, augmenter);
    if (diverged) {
      history.status = 'diverged';
      history.diverged = { epoch, step: counters[0]!, lastFiniteLoss: Number.isNaN(counters[1]!) ? null : counters[1]! };
    }
    if (history.status === 'diverged') break;
    const logs = { ...prefixed(accumulator.result(), ''), ...(validation ? prefixed(model.evaluateArrays(...validation), 'val') : {}), lr: optimizer.lr } as EpochLogs;
    if (monitor) {
      const report = monitor.endEpoch(epoch);
      (history.gradientNorms ??= []).push(report.norms);
      (history.updateRatios ??= []).push(report.updateRatios);
      for (const warning of report.warnings) {
        (history.warnings ??= []).push(warning);
        if (!warned.has(`${warning.kind}:${warning.layer}`)) {
          warned.add(`${warning.kind}:${warning.layer}`);
          process.emitWarning(formatGradientWarning(warning, monitor), { code: 'HYPERPROP_GRADIENT' });
        }
      }
    }
    history.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (history.history[key] ??= []).push(value);
    schedule.observe?.(logs.valLoss ?? logs.loss);
    let stop = false;
    for (const callback of callbacks) if (callback.onEpochEnd?.(epoch, logs, model) === true) stop = true;
    if (stop || model.stopTraining) {
      history.status = 'stopped';
      break;
    }
  }
  for (const callback of callbacks) callback.onTrainEnd?.(history);
  return history;
}

installTrainer({ fit: fitModel });

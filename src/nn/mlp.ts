// The multilayer perceptron users build: Keras-like names (fit, predict, evaluate, getWeights),
// weights stored out × in as in torch.nn.Linear, every kernel on the active backend.
import type { Backend } from '../backend/backend.ts';
import { getBackend } from '../backend/registry.ts';
import { rangeError, typeError } from '../errors.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { seedRandomState } from '../random/seed.ts';
import { featureRows, gatherBatch, toFeatures, toTargets, type Features, type FeaturesInput, type Targets, type TargetsInput } from './inputs.ts';
import { MetricAccumulator, type Metrics } from './metrics.ts';
import { batchRows, checkFinite, copyFeatures, copyTargets } from './batch.ts';
import { PRELU_INITIAL_SLOPE } from './activations.ts';
import { resolveConfig, type MLPConfig, type ResolvedConfig } from './config.ts';
import { initializeWeights } from './init.ts';
import type { StandardScaler } from '../data/standard-scaler.ts';
import { checkInputScaler, checkTargetScaler, type Scaler } from './input-scaler.ts';
import { Network, type TargetKind } from './network.ts';
import type { LayerViews, ParameterLayout } from './parameters.ts';
import { createOptimizer, type Optimizer, type OptimizerName, type OptimizerSpec } from './optimizers/index.ts';
import type { Workspace } from './workspace.ts';
import { inferenceChunkRows, WorkspacePool } from './workspace-pool.ts';
import { currentTrainer, type TrainerHistory, type TrainerOptions } from './trainer.ts';
import { checkModelThreads, enterThreads, leaveThreads } from './model-threads.ts';

/** One layer's parameters as plain copies: W is units × inputs, row-major. */
export interface LayerWeights {
  weights: Float32Array;
  bias: Float32Array;
  slopes?: Float32Array;
  /** Batch norm's scale and shift. */
  gamma?: Float32Array;
  beta?: Float32Array;
  /** The residual projection P (units × inputs) when the widths differ. */
  projection?: Float32Array;
}

export interface LayerWeightsInput {
  weights: Float32Array | number[] | number[][];
  bias: Float32Array | number[];
  slopes?: Float32Array | number[];
  gamma?: Float32Array | number[];
  beta?: Float32Array | number[];
  projection?: Float32Array | number[] | number[][];
}

export interface MLPOptions {
  /** A backend instance; default: the active one (getBackend()). */
  backend?: Backend;
  /**
   * Threads for this model's products (native backend; the others run one): set on the backend
   * during each of its calls and put back after. Default: the backend's own count
   * (`getBackend().setThreads(n)`, 1 unless set). Products under ~1 million multiply-adds a
   * thread stay on one thread, and never more threads than the process has cores.
   */
  threads?: number;
}

export class MLP {
  readonly config: ResolvedConfig;
  readonly backend: Backend;
  /** MLPOptions.threads: undefined runs on the backend's own count. */
  readonly threads: number | undefined;
  /** The optimizer fit() and trainOnBatch() step with (set by compile or fit). */
  optimizer: Optimizer | undefined;
  /** Set by a callback to end fit() after the current epoch (as Keras' model.stop_training). */
  stopTraining = false;
  private readonly network: Network;
  /** Training batches (fit, trainOnBatch, computeGradients): as many rows as asked. */
  private readonly trainingWorkspaces: WorkspacePool;
  /** predict, predictInto, evaluate: chunks of at most inference.maxRows rows. */
  private readonly inference: WorkspacePool;
  private scaler: Scaler | undefined;
  private targetScale: StandardScaler | undefined;

  constructor(config: MLPConfig, options: MLPOptions = {}) {
    this.config = resolveConfig(config);
    this.backend = options.backend ?? getBackend();
    this.threads = checkModelThreads(options.threads);
    this.network = new Network(this.backend, this.config);
    this.trainingWorkspaces = new WorkspacePool(this.backend, this.config, Number.MAX_SAFE_INTEGER);
    const scratch = this.network.stackScratchPerRow;
    this.inference = new WorkspacePool(this.backend, this.config, inferenceChunkRows(this.config, scratch), scratch);
    this.initialize(this.config.seed);
  }

  get inputs(): number {
    return this.config.inputs;
  }

  /**
   * The scaler fitted on the training rows, when the model owns it (loadModel and the CLI set
   * it): predict, predictProba, predictInto and evaluate then take raw rows and scale them, as
   * a scikit-learn Pipeline. fit, trainOnBatch and computeGradients take the rows as the network
   * sees them (scaled). saveModel stores it. Undefined: inputs go to the network as they are.
   */
  get inputScaler(): Scaler | undefined {
    return this.scaler;
  }
  set inputScaler(scaler: Scaler | undefined) {
    this.scaler = checkInputScaler(scaler, this.inputs);
  }
  /**
   * A regressor's target scaler, fitted on the training targets, when the model owns it: the
   * network learns standardised targets (so the learning rate does not depend on their units),
   * while predict, predictInto and evaluate speak the original units. fit takes targets scaled.
   */
  get targetScaler(): StandardScaler | undefined {
    return this.targetScale;
  }
  set targetScaler(scaler: StandardScaler | undefined) {
    this.targetScale = checkTargetScaler(scaler, this.outputs, this.config.loss);
  }
  get outputs(): number {
    return this.network.outputs;
  }
  get parameterCount(): number {
    return this.network.layout.total;
  }
  /** The flat gradient buffer (same layout as parameters), filled by each backward pass; no copy. */
  get gradients(): Float32Array {
    return this.network.grads;
  }

  /** Where each layer's parameter blocks sit in the flat buffer. */
  get layout(): ParameterLayout {
    return this.network.layout;
  }

  /** The flat parameter buffer (every layer's W, b, slopes), on the backend; no copy. */
  get parameters(): Float32Array {
    return this.network.params;
  }

  /** Draws fresh initial weights from `seed` (zero biases, PReLU slopes 0.25). */
  initialize(seed: number): void {
    const random = new SeededRandom(seed);
    this.config.layers.forEach((layer, l) => {
      const view = this.network.paramViews[l]!;
      initializeWeights(layer.init, layer.inputs, layer.units, view.weights, random);
      view.bias.fill(0);
      view.slopes?.fill(PRELU_INITIAL_SLOPE);
      view.gamma?.fill(1);
      view.beta?.fill(0);
      if (view.projection) initializeWeights('glorotUniform', layer.inputs, layer.units, view.projection, random);
    });
    this.network.resetState();
  }

  /** Batch norm's running means and variances (saved with the model); no copy. */
  get state(): Float32Array {
    return this.network.state;
  }

  /** Restarts the dropout stream from `seed` (fit does this with its seed). */
  reseedDropout(seed: number): void {
    seedRandomState(seed, this.network.dropoutState);
  }

  /** Chooses the optimizer (Keras' compile); its state starts fresh. */
  compile(options: { optimizer?: OptimizerName | OptimizerSpec } = {}): this {
    this.optimizer = createOptimizer(this.backend, this.network.layout.total, options.optimizer);
    return this;
  }

  /** Trains on x and y with the loop of src/train/fit.ts (fitModel), reached through ./trainer.ts. */
  fit(x: FeaturesInput, y: TargetsInput, options?: TrainerOptions): TrainerHistory {
    const trainer = currentTrainer();
    this.trainingWorkspaces.pin();
    const threads = enterThreads(this.backend, this.threads);
    try {
      return trainer.fit(this, x, y, options);
    } finally {
      leaveThreads(this.backend, threads);
      this.trainingWorkspaces.unpin();
    }
  }

  /**
   * A training workspace for batches of up to `rows` rows, reused for every later batch that
   * fits; valid until a larger batch is asked for (or, inside fit, until fit ends).
   */
  workspace(rows: number): Workspace {
    return this.trainingWorkspaces.get(rows);
  }

  /**
   * Forward (in training mode: dropout on, batch statistics), loss with the L1/L2 penalties,
   * backward, on the batch in `input` (ws.x, or an array the backend reads in place) with its
   * targets in `ws`; the loss lands in ws.result[0].
   */
  computeBatchGradients(ws: Workspace, rows: number, kind: TargetKind, input: Float32Array = ws.x): void {
    this.network.forward(ws, rows, input, true);
    this.network.loss(ws, rows, kind);
    this.network.backward(ws, rows, input);
    this.network.addPenalties(true, ws.result);
  }

  /** False when a parameter is NaN or infinite (fit checks after every step). */
  parametersFinite(): boolean {
    return this.network.parametersFinite();
  }

  /** Squared L2 norm of each layer's weight gradient into out[l] (the gradient monitor). */
  gradientSquares(out: Float64Array): void {
    this.network.gradientSquares(out);
  }

  /** One training step on the batch in `ws`: gradients, then the optimizer's update. */
  trainStep(ws: Workspace, rows: number, kind: TargetKind, input: Float32Array = ws.x): void {
    this.computeBatchGradients(ws, rows, kind, input);
    this.optimizer!.step(this.network.params, this.network.grads);
  }

  /**
   * Keras' train_on_batch: one step on these rows with the compiled optimizer; returns the loss.
   * With a Float32Array x and an Int32Array (labels) or Float32Array (targets) y it allocates
   * nothing after the first call for a batch size.
   */
  trainOnBatch(x: FeaturesInput, y: TargetsInput): number {
    const threads = enterThreads(this.backend, this.threads);
    try {
      return this.trainOnBatchOnThreads(x, y);
    } finally {
      leaveThreads(this.backend, threads);
    }
  }

  private trainOnBatchOnThreads(x: FeaturesInput, y: TargetsInput): number {
    if (!this.optimizer) this.compile();
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: both paths take the same step (mutation-mlp.test.ts); the typed one only avoids allocating, which the allocation tests measure
    if (x instanceof Float32Array && (y instanceof Int32Array || y instanceof Float32Array)) {
      const rows = batchRows(x, this.inputs);
      const ws = this.workspace(rows);
      // The kernels read x where it is when the backend can (native, js; wasm only its own
      // memory): a native scan for NaN and infinity instead of a JS copy of the batch, which
      // was a tenth of a step at batch 128 on two threads.
      const inPlace = this.backend.accepts(x);
      if (inPlace) {
        this.backend.firstNonFinite(x.length, x, ws.result);
        if (ws.result[0]! >= 0) checkFinite(x, x.length, this.inputs); // throws, naming the value
      } else {
        copyFeatures(x, 0, rows, this.inputs, ws);
      }
      const kind = copyTargets(y, rows, this.outputs, this.config.loss, ws);
      this.trainStep(ws, rows, kind, inPlace ? x : ws.x);
      return ws.result[0]!;
    }
    const { ws, rows, kind } = this.load(x, y, 'x', 'y');
    this.trainStep(ws, rows, kind);
    return ws.result[0]!;
  }

  /**
   * The network's outputs for x (rows × inputs) written into out (rows × outputs): the
   * allocation-free form of predictProba for serving and benchmarks. With an inputScaler, x is
   * raw rows, scaled chunk by chunk in the workspace (still no allocation).
   */
  predictInto(x: Float32Array, out: Float32Array): void {
    const threads = enterThreads(this.backend, this.threads);
    try {
      this.forwardInto(x, out);
    } finally {
      leaveThreads(this.backend, threads);
    }
    const target = this.targetScale;
    if (target !== undefined) target.inverseTransformInto(out, 0, (x.length / this.inputs) * this.outputs, out);
  }

  private forwardInto(x: Float32Array, out: Float32Array): void {
    const rows = batchRows(x, this.inputs);
    const k = this.outputs;
    if (!(out instanceof Float32Array) || out.length < rows * k) throw rangeError('out.length', `at least ${rows * k} (rows × outputs)`, out?.length);
    const chunkRows = this.inference.maxRows;
    const ws = this.inference.get(rows);
    const scaler = this.scaler;
    // Stryker disable next-line ConditionalExpression,BlockStatement: the one-call path and the layer-by-layer or chunked one give the same outputs (predict-into.test.ts: bit for bit); only speed differs
    if (scaler === undefined && rows <= chunkRows && this.backend.accepts(x)) {
      // The backend reads x where it is (native, js, or wasm memory). Plain dense layers: one
      // backend call, which checks x first and computes nothing when a value is not finite.
      // Stryker disable next-line ConditionalExpression,BlockStatement: the one-call path and the layer-by-layer or chunked one give the same outputs (predict-into.test.ts: bit for bit); only speed differs
      if (this.network.predictInto(ws, rows, x, out)) {
        // Stryker disable next-line ConditionalExpression: checking finite input again finds nothing
        if (ws.result[0]! >= 0) checkFinite(x, rows * this.inputs, this.inputs); // throws, naming the value
        return;
      }
      checkFinite(x, rows * this.inputs, this.inputs);
      const outputs = this.network.forward(ws, rows, x);
      for (let i = 0; i < rows * k; i++) out[i] = outputs[i]!;
      return;
    }
    // Stryker disable next-line EqualityOperator: one more pass takes an empty chunk, which changes nothing
    for (let start = 0; start < rows; start += chunkRows) {
      const chunk = Math.min(chunkRows, rows - start);
      copyFeatures(x, start, chunk, this.inputs, ws);
      this.scaleInputs(ws, chunk, scaler);
      const outputs = this.network.forward(ws, chunk);
      for (let i = 0, o = start * k; i < chunk * k; i++, o++) out[o] = outputs[i]!;
    }
  }

  /**
   * The loss and ∂E/∂W, ∂E/∂b (and ∂E/∂slopes) of every layer on (x, y), as a training step
   * computes them (batch statistics, dropout), without updating anything: batch norm's running
   * statistics and the dropout stream are put back as they were.
   */
  computeGradients(x: FeaturesInput, y: TargetsInput): { loss: number; gradients: LayerWeights[] } {
    const { ws, rows, kind } = this.load(x, y, 'x', 'y');
    // The training-mode forward pass moves both; this is not the per-step path, so copies are fine.
    const state = Float32Array.from(this.network.state);
    const dropout = Uint32Array.from(this.network.dropoutState);
    const threads = enterThreads(this.backend, this.threads);
    try {
      this.computeBatchGradients(ws, rows, kind);
    } finally {
      leaveThreads(this.backend, threads);
      this.network.state.set(state);
      this.network.dropoutState.set(dropout);
    }
    return { loss: ws.result[0]!, gradients: this.network.gradViews.map(copyLayer) };
  }

  private load(x: FeaturesInput, y: TargetsInput, xField: string, yField: string) {
    const features = toFeatures(x, this.inputs, xField);
    const targets = toTargets(y, features.rows, this.outputs, this.config.loss, yField);
    const ws = this.workspace(features.rows);
    const order = Int32Array.from({ length: features.rows }, (_, i) => i);
    gatherBatch(features, this.inputs, targets, this.outputs, order, 0, features.rows, ws.x, ws.labels, ws.targets);
    return { ws, rows: features.rows, kind: targets.kind };
  }

  /** Scales the first `rows` rows of ws.x in place (no allocation). */
  private scaleInputs(ws: Workspace, rows: number, scaler: Scaler | undefined): void {
    if (scaler === undefined) return;
    // A scaler is mutable: one refitted on other columns after it was attached must not be read past its rows.
    if (scaler.features !== this.inputs) throw rangeError('inputScaler.features', `the model's inputs (${this.inputs}); it was refitted after it was attached`, scaler.features);
    scaler.transformInto(ws.x, 0, rows * this.inputs, ws.x);
  }

  /** Runs the forward pass in chunks and hands each chunk's outputs to `visit`. */
  private forEachOutputChunk(features: Features, visit: (start: number, rows: number, outputs: Float32Array) => void): void {
    const ws = this.inference.get(features.rows);
    const chunkRows = this.inference.maxRows;
    const threads = enterThreads(this.backend, this.threads);
    try {
      // Stryker disable next-line EqualityOperator: one more pass takes an empty chunk, which changes nothing
      for (let start = 0; start < features.rows; start += chunkRows) {
        const rows = Math.min(chunkRows, features.rows - start);
        ws.x.set(features.data.subarray(start * this.inputs, (start + rows) * this.inputs));
        this.scaleInputs(ws, rows, this.scaler);
        visit(start, rows, this.network.forward(ws, rows));
      }
    } finally {
      leaveThreads(this.backend, threads);
    }
  }

  /** The network's outputs (probabilities for classifiers), rows × outputs. */
  predictProba(x: FeaturesInput): Float32Array {
    if (this.config.loss === 'mse') throw typeError('predictProba', 'called on a classifier (loss categoricalCrossEntropy or binaryCrossEntropy)', this.config.loss);
    return this.predictRaw(x);
  }

  /**
   * Class indices for softmax classifiers, 0/1 per output for sigmoid classifiers (Int32Array,
   * rows × outputs), the outputs themselves for regressors (Float32Array, rows × outputs).
   */
  predict(x: FeaturesInput): Int32Array | Float32Array {
    if (this.config.loss === 'mse') return this.predictRaw(x);
    const k = this.outputs;
    const binary = this.config.loss === 'binaryCrossEntropy';
    const writeLabels = (labels: Int32Array, start: number, rows: number, p: Float32Array): void => {
      if (binary) {
        for (let i = 0, o = start * k; i < rows * k; i++, o++) labels[o] = p[i]! >= 0.5 ? 1 : 0;
        return;
      }
      // Stryker disable next-line EqualityOperator: a label one row past the chunk is rewritten by the next chunk or falls outside the array
      for (let i = 0; i < rows; i++) {
        let best = 0;
        for (let j = 1; j < k; j++) if (p[i * k + j]! > p[i * k + best]!) best = j;
        labels[start + i] = best;
      }
    };
    const direct = this.outputsOfOneChunk(x);
    if (direct !== undefined) {
      const rows = direct.length / k;
      const labels = new Int32Array(binary ? rows * k : rows);
      writeLabels(labels, 0, rows, direct);
      return labels;
    }
    // Labels chunk by chunk: the probabilities of a wide output layer never exist all at once.
    const features = toFeatures(x, this.inputs);
    const labels = new Int32Array(binary ? features.rows * k : features.rows);
    this.forEachOutputChunk(features, (start, rows, p) => writeLabels(labels, start, rows, p));
    return labels;
  }

  /**
   * The outputs for a Float32Array x of at most one inference chunk, through predictInto: x is
   * read where it is (for plain dense layers in one backend call, which also checks it), where
   * toFeatures would check it in JS and forEachOutputChunk copy it (M at batch 1024: predictProba
   * ran at 0.68× predictInto). Undefined for other inputs.
   */
  private outputsOfOneChunk(x: FeaturesInput): Float32Array | undefined {
    if (!(x instanceof Float32Array)) return undefined;
    const rows = featureRows(x, this.inputs);
    if (rows > this.inference.maxRows) return undefined;
    const out = new Float32Array(rows * this.outputs);
    this.predictInto(x, out); // the target scale too
    return out;
  }

  private predictRaw(x: FeaturesInput): Float32Array {
    const direct = this.outputsOfOneChunk(x);
    if (direct !== undefined) return direct;
    const features = toFeatures(x, this.inputs);
    const k = this.outputs;
    const out = new Float32Array(features.rows * k);
    this.forEachOutputChunk(features, (start, rows, outputs) => out.set(outputs.subarray(0, rows * k), start * k));
    this.targetScale?.inverseTransformInto(out, 0, out.length, out);
    return out;
  }

  /**
   * Mean loss and metrics on (x, y): accuracy for classifiers; MSE, MAE and R² for regressors.
   * `options.rows` scores only those rows (an index view: a held-out fold of one shared dataset).
   */
  evaluate(x: FeaturesInput, y: TargetsInput, options: { rows?: Int32Array } = {}): Metrics {
    const features = toFeatures(x, this.inputs);
    const targets = toTargets(y, features.rows, this.outputs, this.config.loss);
    const rows = options.rows;
    if (rows !== undefined) {
      if (!(rows instanceof Int32Array) || rows.length === 0) throw typeError('evaluate options.rows', 'a non-empty Int32Array of row indices', rows);
      // Stryker disable next-line EqualityOperator: rows[length] is undefined, which neither comparison refuses
      for (let k = 0; k < rows.length; k++) if (rows[k]! < 0 || rows[k]! >= features.rows) throw rangeError(`evaluate options.rows[${k}]`, `a row index in [0, ${features.rows})`, rows[k]);
    }
    return this.evaluateArrays(features, targets, this.scaler, this.targetScale, rows);
  }

  /**
   * evaluate() on inputs already converted (fit's validation data: scaled, so no scaler). With
   * a targetScaler, targets are in original units: the loss is the network's (standardised
   * targets), MSE, MAE and R² are in the original units.
   */
  evaluateArrays(features: Features, targets: Targets, scaler?: Scaler, targetScaler?: StandardScaler, only?: Int32Array): Metrics {
    const accumulator = new MetricAccumulator(this.config.loss, this.outputs);
    const order = only ?? Int32Array.from({ length: features.rows }, (_, i) => i);
    const ws = this.inference.get(order.length);
    const threads = enterThreads(this.backend, this.threads);
    try {
      this.evaluateChunks(features, targets, scaler, targetScaler, order, ws, accumulator);
    } finally {
      leaveThreads(this.backend, threads);
    }
    const metrics = accumulator.result();
    // As Keras: the reported loss includes the weight penalties.
    const penalty = new Float64Array(1);
    // Stryker disable next-line BooleanLiteral: evaluate reads only the penalty; the gradient buffer is scratch between steps
    this.network.addPenalties(false, penalty);
    metrics.loss += penalty[0]!;
    return metrics;
  }

  /** The forward pass, loss and metrics of evaluateArrays, chunk by chunk over `order`'s rows. */
  private evaluateChunks(features: Features, targets: Targets, scaler: Scaler | undefined, targetScaler: StandardScaler | undefined, order: Int32Array, ws: Workspace, accumulator: MetricAccumulator): void {
    const chunkRows = this.inference.maxRows;
    // Stryker disable next-line EqualityOperator: one more pass takes an empty chunk, which changes nothing
    for (let start = 0; start < order.length; start += chunkRows) {
      const rows = Math.min(chunkRows, order.length - start);
      gatherBatch(features, this.inputs, targets, this.outputs, order, start, rows, ws.x, ws.labels, ws.targets);
      this.scaleInputs(ws, rows, scaler);
      const n = rows * this.outputs;
      targetScaler?.transformInto(ws.targets, 0, n, ws.targets);
      const outputs = this.network.forward(ws, rows);
      this.network.loss(ws, rows, targets.kind);
      if (targetScaler !== undefined) {
        targetScaler.inverseTransformInto(outputs, 0, n, outputs);
        targetScaler.inverseTransformInto(ws.targets, 0, n, ws.targets);
      }
      accumulator.add(rows, ws.result, outputs, ws.labels, ws.targets, targets.kind === 'labels');
    }
  }

  /** Copies of every layer's parameters (W as units × inputs, row-major). */
  getWeights(): LayerWeights[] {
    return this.network.paramViews.map(copyLayer);
  }

  /** Replaces every layer's parameters; shapes are checked against the architecture. */
  setWeights(layers: LayerWeightsInput[]): void {
    if (!Array.isArray(layers) || layers.length !== this.config.layers.length) {
      throw rangeError('setWeights(layers)', `an array of ${this.config.layers.length} layers`, Array.isArray(layers) ? `${layers.length} layers` : layers);
    }
    layers.forEach((input, l) => {
      const view = this.network.paramViews[l]!;
      const { units, inputs } = this.config.layers[l]!;
      copyInto(`layers[${l}].weights`, input.weights, view.weights, units, inputs);
      copyInto(`layers[${l}].bias`, input.bias, view.bias, units, 1);
      for (const part of ['slopes', 'gamma', 'beta', 'projection'] as const) {
        const target = view[part];
        const source = input[part];
        const cols = part === 'projection' ? inputs : 1;
        if (target) {
          if (source === undefined) throw typeError(`layers[${l}].${part}`, `${units * cols} values (the layer has them)`, undefined);
          copyInto(`layers[${l}].${part}`, source, target, units, cols);
        } else if (source !== undefined) {
          throw typeError(`layers[${l}].${part}`, 'absent (the layer has none)', source);
        }
      }
    });
  }
}

function copyLayer(view: LayerViews): LayerWeights {
  const copy: LayerWeights = { weights: Float32Array.from(view.weights), bias: Float32Array.from(view.bias) };
  for (const part of ['slopes', 'gamma', 'beta', 'projection'] as const) {
    const values = view[part];
    if (values) copy[part] = Float32Array.from(values);
  }
  return copy;
}

function copyInto(field: string, source: Float32Array | number[] | number[][], target: Float32Array, rows: number, cols: number): void {
  const flat = Array.isArray(source) && Array.isArray(source[0]) ? (source as number[][]) : undefined;
  if (flat) {
    if (flat.length !== rows) throw rangeError(`${field}`, `${rows} rows of ${cols}`, `${flat.length} rows`);
    flat.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) throw rangeError(`${field}[${i}].length`, String(cols), Array.isArray(row) ? row.length : row);
    });
  }
  const values: ArrayLike<number> = flat ? flat.flat() : (source as Float32Array | number[]);
  if (!values || typeof values.length !== 'number') throw typeError(field, 'an array or Float32Array', source);
  if (values.length !== rows * cols) throw rangeError(`${field}.length`, `${rows * cols} (${rows} × ${cols})`, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // Stryker disable next-line ConditionalExpression: Number.isFinite refuses every non-number too
    if (typeof v !== 'number' || !Number.isFinite(v)) throw rangeError(`${field}[${i}]`, 'a finite number', v);
  }
  target.set(values);
}

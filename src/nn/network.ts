// The backpropagation engine, batch as rows: A(l) = g(A(l−1)·W(l)ᵀ + b(l)) forward, the loss and
// its gradient, then δ(l) = (δ(l+1)·W(l+1)) ⊙ g′(Z(l)), ∂E/∂W(l) = δ(l)ᵀ·A(l−1), ∂E/∂b(l) = Σ rows
// of δ(l) backward (the notation of trace-labels.ts).
// A plain dense layer is one fused backend call each way; batch norm, residual sums and dropout
// add a call each where a layer has them. Every buffer comes from the workspace.
import type { Backend, DenseBackwardArgs, DenseForwardArgs } from '../backend/backend.ts';
import type { DenseStack } from '../backend/dense-stack.ts';
import type { LayerActivation } from '../backend/kernel-codes.ts';
import { seedRandomState } from '../random/seed.ts';
import { backendActivation } from './activations.ts';
import { denseBackwardArgs, denseForwardArgs } from './dense-args.ts';
import { batchNormArgs, setBatchNormBackward, setBatchNormForward, type BatchNormArgs } from './batch-norm-args.ts';
import type { ResolvedConfig, ResolvedLayer } from './config.ts';
import { layerViews, parameterLayout, type LayerViews, type ParameterLayout } from './parameters.ts';
import type { LayerBuffers, Workspace } from './workspace.ts';

/**
 * An array whose elements V8 keeps as tagged values: numbers in it are boxed once, here, so
 * handing them to a kernel on every step allocates nothing (an all-number array would store
 * raw doubles and box a fresh copy at each call). Elements kinds only ever generalise, so one
 * non-number pushed and popped first is enough.
 */
function tagged<T>(values: T[]): T[] {
  // Stryker disable next-line ArrayDeclaration: only V8's elements kind changes, which the allocation tests measure
  const array: unknown[] = [null];
  array.pop();
  for (const value of values) array.push(value);
  return array as T[];
}

/** How a batch's targets are held: class indices, or rows × outputs floats. */
export type TargetKind = 'labels' | 'targets';

export class Network {
  readonly layout: ParameterLayout;
  readonly params: Float32Array;
  readonly grads: Float32Array;
  /** Batch-norm running means and variances (saved with the model, not trained). */
  readonly state: Float32Array;
  readonly paramViews: LayerViews[];
  readonly gradViews: LayerViews[];
  readonly runningMeans: (Float32Array | undefined)[];
  readonly runningVars: (Float32Array | undefined)[];
  /** The dropout stream (xoshiro128** state on the backend), reseeded by fit. */
  readonly dropoutState: Uint32Array;
  private readonly layers: ResolvedLayer[];
  private readonly activations: LayerActivation[];
  /**
   * Per layer: the scalar α (leakyRelu, elu) or the PReLU slopes, as the kernels take it. A
   * mixed array holds its numbers boxed once, so passing them on each step allocates nothing.
   */
  private readonly activationParams: (number | Float32Array | undefined)[];
  private readonly dropoutRates: number[];
  private readonly l1: number[];
  /** Batch-norm layers' kernel arguments, one pair per layer that every step reuses. */
  private readonly bnArgs: (BatchNormArgs | undefined)[];
  private readonly l2: number[];
  private readonly inputDropout: number[];
  /** Every layer as one dense stack for inference; undefined when a layer has batch norm or a residual sum. */
  private readonly stack: DenseStack | undefined;
  /** denseForward's and denseBackward's arguments, one object per layer that every step reuses (it sets the workspace's arrays and the rows). */
  private readonly forwardArgs: DenseForwardArgs[];
  private readonly backwardArgs: DenseBackwardArgs[];

  constructor(
    readonly backend: Backend,
    readonly config: ResolvedConfig,
  ) {
    this.layout = parameterLayout(config);
    this.params = backend.allocate(this.layout.total);
    this.grads = backend.allocate(this.layout.total);
    this.state = backend.allocate(Math.max(this.layout.stateTotal, 1));
    this.paramViews = layerViews(this.layout, this.params);
    this.gradViews = layerViews(this.layout, this.grads);
    // Stryker disable next-line ConditionalExpression: layers without batch norm never read their running statistics
    this.runningMeans = this.layout.layers.map((l) => (l.runningMean >= 0 ? this.state.subarray(l.runningMean, l.runningMean + l.units) : undefined));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: layers without batch norm never read them; a running variance never sits at offset 0
    this.runningVars = this.layout.layers.map((l) => (l.runningVar >= 0 ? this.state.subarray(l.runningVar, l.runningVar + l.units) : undefined));
    this.dropoutState = seedRandomState(config.seed, backend.allocateUint32(4));
    this.layers = config.layers;
    this.activations = config.layers.map((l) => backendActivation(l.activation));
    this.activationParams = tagged(config.layers.map((l, i) => (l.activation === 'prelu' ? this.paramViews[i]!.slopes : l.alpha)));
    this.dropoutRates = tagged(config.layers.map((l) => l.dropout));
    this.l1 = tagged(config.layers.map((l) => l.l1));
    this.bnArgs = config.layers.map((l, i) => {
      const [p, g] = [this.paramViews[i]!, this.gradViews[i]!];
      if (!l.batchNorm) return undefined;
      const [runningMean, runningVar] = [this.runningMeans[i]!, this.runningVars[i]!];
      return batchNormArgs({ units: l.units, gamma: p.gamma!, beta: p.beta!, dGamma: g.gamma!, dBeta: g.beta!, runningMean, runningVar, momentum: l.batchNorm.momentum, eps: l.batchNorm.eps });
    });
    this.l2 = tagged(config.layers.map((l) => l.l2));
    this.inputDropout = tagged([config.inputDropout]);
    this.forwardArgs = config.layers.map((l, i) => denseForwardArgs(l, this.paramViews[i]!, l.batchNorm ? 'identity' : this.activations[i]!, l.batchNorm ? undefined : this.activationParams[i]));
    this.backwardArgs = config.layers.map((l, i) => denseBackwardArgs(l, this.paramViews[i]!, this.gradViews[i]!, l.batchNorm ? 'identity' : this.activations[i]!, l.batchNorm ? undefined : this.activationParams[i]));
    // Stryker disable next-line ConditionalExpression: the one-call path and the layer-by-layer one give the same outputs (predict-into.test.ts: bit for bit); only speed differs
    this.stack = config.layers.some((l) => l.batchNorm || l.residual)
      ? undefined
      : backend.denseStack(
          this.layout.layers.map((l, i) => ({
            inputs: l.inputs,
            units: l.units,
            activation: this.activations[i]!,
            weights: l.weights,
            bias: l.bias,
            // Stryker disable next-line EqualityOperator: slopes never sit at offset 0 (the first layer's weights do)
            ...(l.slopes >= 0 ? { slopes: l.slopes } : {}),
            // Stryker disable next-line ConditionalExpression: an alpha given as undefined is the same as none
            ...(config.layers[i]!.alpha !== undefined ? { alpha: config.layers[i]!.alpha } : {}),
          })),
        );
  }

  private readonly penalty = new Float64Array(1);

  /**
   * Σ over layers of λ1·Σ|W| + λ2·ΣW² (weights only, as Keras' kernel regularizers). With
   * `addGradients` the penalty gradients are added to this.grads; otherwise this.grads serves
   * as scratch (evaluation, between steps). The total penalty is added to result[0].
   */
  addPenalties(addGradients: boolean, result: Float64Array): void {
    let total = 0;
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l]!;
      // Stryker disable next-line ConditionalExpression: a layer without penalties adds nothing either way
      if (layer.l1 === 0 && layer.l2 === 0) continue;
      const w = this.paramViews[l]!.weights;
      const g = this.gradViews[l]!.weights;
      // Stryker disable next-line ConditionalExpression,CallExpression: without addGradients the gradient buffer is scratch, rewritten by the next backward pass
      if (!addGradients) g.fill(0);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a penalty of 0 adds 0
      if (layer.l1 > 0) {
        this.backend.l1Penalty(w.length, w, g, this.l1[l]!, this.penalty);
        total += this.penalty[0]!;
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a penalty of 0 adds 0
      if (layer.l2 > 0) {
        this.backend.l2Penalty(w.length, w, g, this.l2[l]!, this.penalty);
        total += this.penalty[0]!;
      }
    }
    result[0] = result[0]! + total;
  }

  /** Squared L2 norm of each layer's weight gradient into out[l]. */
  gradientSquares(out: Float64Array): void {
    for (let l = 0; l < this.layers.length; l++) {
      const g = this.gradViews[l]!.weights;
      this.backend.sumSquares(g.length, g, this.penalty);
      out[l] = this.penalty[0]!;
    }
  }

  /** False when any parameter is NaN or infinite (Σw² of finite float32 values cannot overflow a double). */
  parametersFinite(): boolean {
    this.backend.sumSquares(this.params.length, this.params, this.penalty);
    const sum = this.penalty[0]!;
    return sum - sum === 0;
  }

  get outputs(): number {
    return this.config.layers[this.config.layers.length - 1]!.units;
  }

  /** Floats of scratch per row that predictInto needs in ws.stackScratch (0: it is never used). */
  // Stryker disable next-line BlockStatement: it only sizes an inference chunk's memory budget; the scratch is allocated at its real size
  get stackScratchPerRow(): number {
    // Stryker disable next-line LogicalOperator: it only sizes an inference chunk's memory budget; the scratch is allocated at its real size
    return this.stack?.scratchPerRow ?? 0;
  }

  /** Resets batch norm's running statistics to PyTorch's start (mean 0, variance 1). */
  resetState(): void {
    // Stryker disable next-line EqualityOperator: one layer past the end has no statistics (?. skips it)
    for (let l = 0; l < this.layers.length; l++) {
      this.runningMeans[l]?.fill(0);
      this.runningVars[l]?.fill(1);
    }
  }

  /**
   * Forward pass over the first `rows` rows of `input` (default ws.x; any array the backend can
   * read in place). Training applies dropout and normalises with batch statistics; inference
   * uses the running statistics. The output lands in ws.layers[last].out.
   */
  forward(ws: Workspace, rows: number, input: Float32Array = ws.x, training = false): Float32Array {
    if (training && this.config.inputDropout > 0) {
      const n = rows * this.config.inputs;
      this.backend.dropoutMask(this.dropoutState, n, this.inputDropout[0]!, ws.xMask!);
      this.backend.multiply(n, input, ws.xMask!, ws.xDropped!);
      input = ws.xDropped!;
    }
    for (let l = 0; l < this.layers.length; l++) {
      this.layerForward(l, ws.layers[l]!, rows, input, training);
      input = ws.layers[l]!.out;
    }
    return input;
  }

  /**
   * Inference in one backend call (denseStackForward) for a network of plain dense layers
   * (dropout is off at inference): `rows` rows of `input` → out (rows × outputs). The call checks
   * the input first: ws.result[0] = the index of its first NaN or infinity (and nothing is
   * computed), or −1. Returns false, doing nothing, when a layer has batch norm or a residual sum.
   */
  // Stryker disable next-line BlockStatement: the one-call path and the layer-by-layer one give the same outputs (predict-into.test.ts: bit for bit); only speed differs
  predictInto(ws: Workspace, rows: number, input: Float32Array, out: Float32Array): boolean {
    const stack = this.stack;
    // Stryker disable next-line ConditionalExpression: the one-call path and the layer-by-layer one give the same outputs (predict-into.test.ts: bit for bit); only speed differs
    if (stack === undefined) return false;
    ws.stackScratch ??= this.backend.allocate(ws.capacity * stack.scratchPerRow);
    // The wasm backend writes only into its own memory: then into the output layer's buffer, and copy.
    const direct = this.backend.accepts(out);
    const target = direct ? out : ws.layers[this.layers.length - 1]!.a;
    this.backend.denseStackForward(stack, rows, this.params, input, ws.stackScratch, target, ws.result);
    if (!direct && ws.result[0]! < 0) for (let i = 0, n = rows * stack.outputs; i < n; i++) out[i] = target[i]!;
    // Stryker disable next-line BooleanLiteral: the one-call path and the layer-by-layer one give the same outputs (predict-into.test.ts: bit for bit); only speed differs
    return true;
  }

  private layerForward(l: number, buffers: LayerBuffers, rows: number, input: Float32Array, training: boolean): void {
    const layer = this.layers[l]!;
    const p = this.paramViews[l]!;
    const n = rows * layer.units;
    const dense = this.forwardArgs[l]!;
    dense.rows = rows;
    dense.x = input;
    dense.z = buffers.z;
    // Batch norm: the dense part is linear, written in place, and normalised next.
    dense.a = layer.batchNorm ? buffers.z : buffers.a;
    this.backend.denseForward(dense);
    if (layer.batchNorm) {
      this.backend.batchNormForward(setBatchNormForward(this.bnArgs[l]!.forward, rows, buffers, training));
      // Stryker disable next-line ConditionalExpression: when they are one buffer the activation is the identity, applied in place
      if (buffers.a !== buffers.normalized) {
        if (layer.activation === 'prelu') this.backend.preluForward(rows, layer.units, buffers.normalized!, p.slopes!, buffers.a);
        else this.backend.activationForward(this.activations[l] as 'relu', n, buffers.normalized!, buffers.a, this.activationParams[l] as number | undefined);
      }
    }
    // Whole-buffer copies: a subarray per step would allocate, and the spare rows do no harm.
    if (layer.residual) {
      buffers.out.set(buffers.a);
      if (p.projection) this.backend.gemm(false, true, rows, layer.units, layer.inputs, 1, input, p.projection, 1, buffers.out);
      else this.backend.axpy(n, 1, input, buffers.out);
    } else if (buffers.out !== buffers.a) {
      buffers.out.set(buffers.a);
    }
    if (training && layer.dropout > 0) {
      this.backend.dropoutMask(this.dropoutState, n, this.dropoutRates[l]!, buffers.mask!);
      this.backend.multiply(n, buffers.out, buffers.mask!, buffers.out);
    }
  }

  /**
   * The mean loss over the batch into ws.result[0], after forward(); also leaves ∂E/∂z of the
   * output layer in its dZ (cross-entropies, fused with their activation) or ∂E/∂a in its dOut
   * (MSE). Nothing is returned: a returned double would be boxed on every step.
   */
  loss(ws: Workspace, rows: number, kind: TargetKind): void {
    const last = ws.layers[this.layers.length - 1]!;
    const units = this.outputs;
    switch (this.config.loss) {
      case 'categoricalCrossEntropy':
        if (kind === 'labels') this.backend.softmaxCrossEntropyIndex(rows, units, last.z, ws.labels, last.a, last.dZ, ws.result);
        else this.backend.softmaxCrossEntropyOneHot(rows, units, last.z, ws.targets, last.a, last.dZ, ws.result);
        break;
      case 'binaryCrossEntropy':
        this.backend.sigmoidBinaryCrossEntropy(rows, units, last.z, ws.targets, last.a, last.dZ, ws.result);
        break;
      case 'mse':
        this.backend.meanSquaredError(rows, units, last.a, ws.targets, last.dOut, ws.result);
        break;
    }
  }

  /** Backward pass after loss(), `x` being the input forward() took: fills this.grads for every parameter block. */
  backward(ws: Workspace, rows: number, x: Float32Array = ws.x): void {
    const last = this.layers.length - 1;
    for (let l = last; l >= 0; l--) {
      const input = l > 0 ? ws.layers[l - 1]!.out : (ws.xDropped ?? x);
      const dInput = l > 0 ? ws.layers[l - 1]!.dOut : null;
      const gradientGiven = l === last && this.config.loss !== 'mse';
      this.layerBackward(l, ws.layers[l]!, rows, input, dInput, gradientGiven);
    }
  }

  private layerBackward(l: number, buffers: LayerBuffers, rows: number, input: Float32Array, dInput: Float32Array | null, gradientGiven: boolean): void {
    const layer = this.layers[l]!;
    const p = this.paramViews[l]!;
    const g = this.gradViews[l]!;
    const n = rows * layer.units;
    // ∂E/∂out → through the dropout mask → ∂E/∂(a + skip), in place.
    if (layer.dropout > 0) this.backend.multiply(n, buffers.dOut, buffers.mask!, buffers.dOut);
    if (layer.batchNorm) {
      // Stryker disable next-line ConditionalExpression: when they are one buffer the activation is the identity, applied in place
      if (buffers.a !== buffers.normalized) {
        if (layer.activation === 'prelu') this.backend.preluBackward(rows, layer.units, buffers.normalized!, p.slopes!, buffers.dOut, buffers.dNormalized!, g.slopes!);
        else this.backend.activationBackward(this.activations[l] as 'relu', n, buffers.normalized!, buffers.a, buffers.dOut, buffers.dNormalized!, this.activationParams[l] as number | undefined);
      } else {
        buffers.dNormalized!.set(buffers.dOut);
      }
      this.backend.batchNormBackward(setBatchNormBackward(this.bnArgs[l]!.backward, rows, buffers));
    }
    const args = this.backwardArgs[l]!;
    args.rows = rows;
    args.x = input;
    args.z = buffers.z;
    // Batch norm: the dense part is linear and batchNormBackward already wrote dZ.
    args.a = layer.batchNorm ? buffers.z : buffers.a;
    args.dA = layer.batchNorm || gradientGiven ? null : buffers.dOut;
    args.dZ = buffers.dZ;
    args.dX = dInput;
    this.backend.denseBackward(args);
    if (layer.residual) {
      // The skip path: out = F(x) + x (or + P·x), so ∂E/∂x gains ∂E/∂out (or Pᵀ·∂E/∂out).
      if (p.projection) {
        this.backend.gemm(true, false, layer.units, layer.inputs, rows, 1, buffers.dOut, input, 0, g.projection!);
        if (dInput) this.backend.gemm(false, false, rows, layer.inputs, layer.units, 1, buffers.dOut, p.projection, 1, dInput);
      } else if (dInput) {
        this.backend.axpy(n, 1, buffers.dOut, dInput);
      }
    }
  }
}

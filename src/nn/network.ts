// The backpropagation engine: a(l) = g(W(l)·a(l−1) + b(l)) forward, the loss and its gradient,
// then δ(l) = (W(l+1)ᵀ δ(l+1)) ⊙ g'(z(l)), ∂E/∂W(l) = δ(l)·a(l−1)ᵀ, ∂E/∂b(l) = Σ δ(l) backward.
// Each layer direction is one fused backend call; every buffer comes from the workspace.
import type { Backend } from '../backend/backend.ts';
import type { LayerActivation } from '../backend/kernel-codes.ts';
import { backendActivation } from './activations.ts';
import type { ResolvedConfig } from './config.ts';
import { layerViews, parameterLayout, type LayerViews, type ParameterLayout } from './parameters.ts';
import type { Workspace } from './workspace.ts';

/** How a batch's targets are held: class indices, or rows × outputs floats. */
export type TargetKind = 'labels' | 'targets';

export class Network {
  readonly layout: ParameterLayout;
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly paramViews: LayerViews[];
  readonly gradViews: LayerViews[];
  private readonly activations: LayerActivation[];
  /** Per layer: the scalar α (leakyRelu, elu) or the PReLU slopes, as the kernels take it. */
  private readonly activationParams: (number | Float32Array | undefined)[];

  constructor(
    readonly backend: Backend,
    readonly config: ResolvedConfig,
  ) {
    this.layout = parameterLayout(config);
    this.params = backend.allocate(this.layout.total);
    this.grads = backend.allocate(this.layout.total);
    this.paramViews = layerViews(this.layout, this.params);
    this.gradViews = layerViews(this.layout, this.grads);
    this.activations = config.layers.map((l) => backendActivation(l.activation));
    this.activationParams = config.layers.map((l, i) => (l.activation === 'prelu' ? this.paramViews[i]!.slopes : l.alpha));
  }

  get outputs(): number {
    return this.config.layers[this.config.layers.length - 1]!.units;
  }

  /**
   * Forward pass over the first `rows` rows of `input` (default ws.x; any array the backend can
   * read in place); the output lands in ws.a[last].
   */
  forward(ws: Workspace, rows: number, input: Float32Array = ws.x): Float32Array {
    const layers = this.layout.layers;
    for (let l = 0; l < layers.length; l++) {
      const layer = layers[l]!;
      const p = this.paramViews[l]!;
      this.backend.denseForward(rows, layer.inputs, layer.units, input, p.weights, p.bias, ws.z[l]!, ws.a[l]!, this.activations[l]!, this.activationParams[l]);
      input = ws.a[l]!;
    }
    return input;
  }

  /**
   * The mean loss over the batch into ws.result[0], after forward(); also leaves ∂E/∂z of the
   * output layer in ws.dZ[last] (cross-entropies, fused with their activation) or ∂E/∂a in
   * ws.dA[last] (MSE). Nothing is returned: a returned double would be boxed on every step.
   */
  loss(ws: Workspace, rows: number, kind: TargetKind): void {
    const last = this.layout.layers.length - 1;
    const units = this.outputs;
    const z = ws.z[last]!;
    const a = ws.a[last]!;
    switch (this.config.loss) {
      case 'categoricalCrossEntropy':
        if (kind === 'labels') this.backend.softmaxCrossEntropyIndex(rows, units, z, ws.labels, a, ws.dZ[last]!, ws.result);
        else this.backend.softmaxCrossEntropyOneHot(rows, units, z, ws.targets, a, ws.dZ[last]!, ws.result);
        break;
      case 'binaryCrossEntropy':
        this.backend.sigmoidBinaryCrossEntropy(rows, units, z, ws.targets, a, ws.dZ[last]!, ws.result);
        break;
      case 'mse':
        this.backend.meanSquaredError(rows, units, a, ws.targets, ws.dA[last]!, ws.result);
        break;
    }
  }

  /** Backward pass after loss(): fills this.grads (∂E/∂W, ∂E/∂b, ∂E/∂slopes of every layer). */
  backward(ws: Workspace, rows: number): void {
    const layers = this.layout.layers;
    const last = layers.length - 1;
    const gradientGiven = this.config.loss !== 'mse';
    for (let l = last; l >= 0; l--) {
      const layer = layers[l]!;
      const p = this.paramViews[l]!;
      const g = this.gradViews[l]!;
      const input = l === 0 ? ws.x : ws.a[l - 1]!;
      const dA = l === last && gradientGiven ? null : ws.dA[l]!;
      const dX = l === 0 ? null : ws.dA[l - 1]!;
      this.backend.denseBackward(
        rows, layer.inputs, layer.units, input, p.weights, ws.z[l]!, ws.a[l]!, dA, ws.dZ[l]!, g.weights, g.bias, dX,
        this.activations[l]!, this.activationParams[l], g.slopes,
      );
    }
  }
}

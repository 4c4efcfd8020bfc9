// toTfjs: a model as a TensorFlow.js layers model (model.json + weights.bin) that
// tf.loadLayersModel reads: a Sequential model, or a functional one when residual layers need
// the skip connection. Each layer is Dense, BatchNormalization, its activation, and Add for a
// residual sum; a stored scaler becomes a fixed BatchNormalization in front (an affine map per
// feature, which TF.js has no other layer for).
import { packageVersion } from '../backend/package-version.ts';
import type { MLP } from '../nn/mlp.ts';
import { exportedLayers, exportedScaler, type ExportedLayer, type ExportedScaler, type ExportOptions } from './exported-layers.ts';

/** The weights file's name, as model.json refers to it (relative to model.json). */
export const TFJS_WEIGHTS_FILE = 'weights.bin';

/** The activations TF.js spells as an activation name (on Dense or an Activation layer). */
const TFJS_ACTIVATION_NAMES = new Set(['linear', 'sigmoid', 'tanh', 'relu', 'selu', 'softplus', 'softmax']);

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** model.json: what tf.loadLayersModel reads. */
export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: { class_name: 'Sequential' | 'Model'; config: Record<string, unknown>; keras_version: string; backend: string };
  weightsManifest: [{ paths: [string]; weights: TfjsWeightSpec[] }];
}

export interface TfjsArtifacts {
  /** Write as model.json. */
  modelJson: TfjsModelJson;
  /** Write as weights.bin beside model.json: every weight as little-endian float32, in manifest order. */
  weights: Uint8Array;
}

interface LayerNode {
  name: string;
  className: string;
  config: Record<string, unknown>;
  inbound: string[];
  weights: { name: string; shape: number[]; values: Float32Array }[];
}

class Graph {
  readonly nodes: LayerNode[] = [];

  add(className: string, name: string, inbound: string[], config: Record<string, unknown> = {}, weights: LayerNode['weights'] = []): string {
    this.nodes.push({ name, className, config: { name, trainable: true, ...config }, inbound, weights });
    return name;
  }

  /** The activation after `x`, as one layer (or two: TF.js' ELU layer only has α = 1). */
  activation(layer: ExportedLayer, at: string, x: string): string {
    switch (layer.activation) {
      case 'leakyRelu':
        return this.add('LeakyReLU', `${at}_activation`, [x], { alpha: layer.alpha });
      case 'prelu':
        return this.add('PReLU', `${at}_activation`, [x], { shared_axes: null }, [{ name: 'alpha', shape: [layer.units], values: layer.slopes! }]);
      case 'elu': {
        const elu = this.add('ELU', `${at}_activation`, [x], { alpha: 1 });
        // ELU(α) = LeakyReLU(α) ∘ ELU(1): elu keeps the sign, so the slope scales exactly its negative part.
        return layer.alpha === 1 ? elu : this.add('LeakyReLU', `${at}_elu_alpha`, [elu], { alpha: layer.alpha });
      }
      default:
        return this.add('Activation', `${at}_activation`, [x], { activation: layer.activation });
    }
  }
}

function scalerLayer(graph: Graph, scaler: ExportedScaler, x: string): string {
  const n = scaler.scale.length;
  const standard = scaler.kind === 'standard';
  const values = {
    gamma: Float32Array.from(scaler.scale, (s) => (standard ? 1 / s : s)),
    beta: standard ? new Float32Array(n) : Float32Array.from(scaler.min),
    moving_mean: standard ? Float32Array.from(scaler.mean) : new Float32Array(n),
    moving_variance: new Float32Array(n).fill(1),
  };
  // With variance 1 and epsilon 0 batch normalisation is exactly (x − mean) · gamma + beta.
  const config = { trainable: false, axis: -1, momentum: 0.99, epsilon: 0, center: true, scale: true };
  return graph.add('BatchNormalization', 'input_scaler', [x], config, Object.entries(values).map(([name, v]) => ({ name, shape: [n], values: v })));
}

function buildGraph(model: MLP, options: ExportOptions | undefined): { graph: Graph; output: string; residual: boolean } {
  const layers = exportedLayers(model, 'toTfjs');
  const scaler = exportedScaler(model, options, 'toTfjs');
  const graph = new Graph();
  let x = graph.add('InputLayer', 'input', [], { batch_input_shape: [null, model.inputs], dtype: 'float32', sparse: false });
  if (scaler) x = scalerLayer(graph, scaler, x);
  layers.forEach((layer, l) => {
    const at = `layer${l}`;
    const layerInput = x;
    const fused = !layer.batchNorm && TFJS_ACTIVATION_NAMES.has(layer.activation);
    const dense = [
      { name: 'kernel', shape: [layer.inputs, layer.units], values: transpose(layer.weights, layer.units, layer.inputs) },
      { name: 'bias', shape: [layer.units], values: layer.bias },
    ];
    x = graph.add('Dense', `${at}_dense`, [x], { units: layer.units, activation: fused ? layer.activation : 'linear', use_bias: true }, dense);
    const bn = layer.batchNorm;
    if (bn) {
      const parts = { gamma: bn.gamma, beta: bn.beta, moving_mean: bn.mean, moving_variance: bn.variance };
      // Keras' momentum keeps that much of the old running statistic; ours (PyTorch's) takes that much of the new.
      const config = { axis: -1, momentum: 1 - bn.momentum, epsilon: bn.eps, center: true, scale: true };
      x = graph.add('BatchNormalization', `${at}_batch_norm`, [x], config, Object.entries(parts).map(([name, v]) => ({ name, shape: [layer.units], values: v })));
    }
    if (!fused && layer.activation !== 'linear') x = graph.activation(layer, at, x);
    if (layer.residual) {
      const projection = layer.residual.projection;
      const skip = projection
        ? graph.add('Dense', `${at}_projection`, [layerInput], { units: layer.units, activation: 'linear', use_bias: false }, [
            { name: 'kernel', shape: [layer.inputs, layer.units], values: transpose(projection, layer.units, layer.inputs) },
          ])
        : layerInput;
      x = graph.add('Add', `${at}_residual`, [x, skip]);
    }
  });
  return { graph, output: x, residual: layers.some((l) => l.residual) };
}

/** Our W is units × inputs; a Dense kernel is inputs × units. */
function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = w[i * cols + j]!;
  return out;
}

function topology(graph: Graph, output: string, functional: boolean): TfjsModelJson['modelTopology'] {
  const common = { keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' };
  if (functional) {
    const layers = graph.nodes.map((node) => ({
      name: node.name,
      class_name: node.className,
      config: node.config,
      inbound_nodes: node.inbound.length === 0 ? [] : [node.inbound.map((name) => [name, 0, 0, {}])],
    }));
    return { class_name: 'Model', config: { name: 'hyperprop_mlp', layers, input_layers: [['input', 0, 0]], output_layers: [[output, 0, 0]] }, ...common };
  }
  // A Sequential model has no InputLayer entry: the first layer carries the input shape.
  const [input, ...rest] = graph.nodes;
  const layers = rest.map((node, i) => ({
    class_name: node.className,
    config: i === 0 ? { ...node.config, batch_input_shape: input!.config.batch_input_shape, dtype: 'float32' } : node.config,
  }));
  return { class_name: 'Sequential', config: { name: 'hyperprop_mlp', layers }, ...common };
}

/**
 * The model as a TensorFlow.js layers model: write `modelJson` as model.json and `weights` as
 * weights.bin beside it, then `tf.loadLayersModel('…/model.json')`. With options.scaler (what
 * loadModel returns beside the model) the model takes raw features.
 */
export function toTfjs(model: MLP, options?: ExportOptions): TfjsArtifacts {
  const { graph, output, residual } = buildGraph(model, options);
  const specs: TfjsWeightSpec[] = [];
  const blocks: Float32Array[] = [];
  for (const node of graph.nodes) {
    for (const weight of node.weights) {
      specs.push({ name: `${node.name}/${weight.name}`, shape: weight.shape, dtype: 'float32' });
      blocks.push(weight.values);
    }
  }
  const weights = new Uint8Array(blocks.reduce((sum, b) => sum + b.length * 4, 0));
  const view = new DataView(weights.buffer);
  let offset = 0;
  for (const block of blocks) {
    for (let i = 0; i < block.length; i++, offset += 4) view.setFloat32(offset, block[i]!, true);
  }
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `hyperprop ${packageVersion()}`,
      convertedBy: null,
      modelTopology: topology(graph, output, residual),
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: specs }],
    },
    weights,
  };
}

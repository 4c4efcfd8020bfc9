// toOnnx: a model as an ONNX file (opset 17) that onnxruntime and other runtimes run as is:
// input "input" [batch, inputs] → output "output" [batch, outputs], float32. Each layer is Gemm
// (W kept units × inputs, so transB = 1), BatchNormalization with the running statistics, the
// activation, and Add for a residual sum; a stored scaler becomes Sub/Div (or Mul/Add) in front.
import { SELU_ALPHA, SELU_SCALE } from '../backend/kernel-codes.ts';
import { packageVersion } from '../backend/package-version.ts';
import { typeError } from '../errors.ts';
import { ACTIVATIONS } from '../nn/activations.ts';
import type { MLP } from '../nn/mlp.ts';
import { exportedLayers, exportedScaler, type ExportedLayer, type ExportOptions } from './exported-layers.ts';
import { encodeOnnxModel, type OnnxGraph, type OnnxNode } from './onnx-messages.ts';

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

interface ActivationOp extends Pick<OnnxNode, 'floats' | 'ints'> {
  op: string;
  /** PRelu takes its slopes as a second input. */
  slopes?: boolean;
}

/** The activation's ONNX operator and attributes; undefined for linear (no node). */
function activationOp(layer: ExportedLayer): ActivationOp | undefined {
  switch (layer.activation) {
    case 'linear':
      return undefined;
    case 'sigmoid':
      return { op: 'Sigmoid' };
    case 'tanh':
      return { op: 'Tanh' };
    case 'relu':
      return { op: 'Relu' };
    case 'leakyRelu':
      return { op: 'LeakyRelu', floats: { alpha: layer.alpha! } };
    case 'elu':
      return { op: 'Elu', floats: { alpha: layer.alpha! } };
    case 'selu':
      return { op: 'Selu', floats: { alpha: SELU_ALPHA, gamma: SELU_SCALE } };
    case 'softplus':
      return { op: 'Softplus' };
    case 'prelu':
      return { op: 'PRelu', slopes: true };
    case 'softmax':
      return { op: 'Softmax', ints: { axis: -1 } };
    default: {
      const unknown: never = layer.activation;
      throw typeError('toOnnx: activation', `one of ${ACTIVATIONS.join(', ')}`, unknown);
    }
  }
}

/** The ONNX graph of the model: nodes in inference order and every weight as an initializer. */
export function onnxGraph(model: MLP, options?: ExportOptions): OnnxGraph {
  const layers = exportedLayers(model, 'toOnnx');
  const scaler = exportedScaler(model, options, 'toOnnx');
  const graph: OnnxGraph = {
    name: 'hyperprop_mlp',
    nodes: [],
    initializers: [],
    input: { name: ONNX_INPUT, width: model.inputs },
    output: { name: ONNX_OUTPUT, width: model.outputs },
  };
  const weight = (name: string, values: Float32Array | Float64Array, dims: number[]) => {
    graph.initializers.push({ name, dims, values: values instanceof Float32Array ? values : Float32Array.from(values) });
    return name;
  };
  const add = (op: string, name: string, inputs: string[], attributes: Pick<OnnxNode, 'floats' | 'ints'> = {}) => {
    graph.nodes.push({ op, name, inputs, outputs: [name], ...(attributes.floats ? { floats: attributes.floats } : {}), ...(attributes.ints ? { ints: attributes.ints } : {}) });
    return name;
  };
  const width = [model.inputs];
  let x = ONNX_INPUT;
  if (scaler?.kind === 'standard') {
    x = add('Sub', 'scaler/centered', [x, weight('scaler/mean', scaler.mean, width)]);
    x = add('Div', 'scaler/scaled', [x, weight('scaler/scale', scaler.scale, width)]);
  } else if (scaler?.kind === 'minMax') {
    x = add('Mul', 'scaler/multiplied', [x, weight('scaler/scale', scaler.scale, width)]);
    x = add('Add', 'scaler/scaled', [x, weight('scaler/min', scaler.min, width)]);
  }
  layers.forEach((layer, l) => {
    const at = `layers.${l}`;
    const layerInput = x;
    x = add('Gemm', `${at}/dense`, [x, weight(`${at}/weights`, layer.weights, [layer.units, layer.inputs]), weight(`${at}/bias`, layer.bias, [layer.units])], { ints: { transB: 1 } });
    const bn = layer.batchNorm;
    if (bn) {
      const units = [layer.units];
      const parts = [weight(`${at}/gamma`, bn.gamma, units), weight(`${at}/beta`, bn.beta, units), weight(`${at}/running_mean`, bn.mean, units), weight(`${at}/running_var`, bn.variance, units)];
      x = add('BatchNormalization', `${at}/batch_norm`, [x, ...parts], { floats: { epsilon: bn.eps } });
    }
    const activation = activationOp(layer);
    if (activation) {
      const inputs = activation.slopes ? [x, weight(`${at}/slopes`, layer.slopes!, [layer.units])] : [x];
      x = add(activation.op, `${at}/activation`, inputs, activation);
    }
    if (layer.residual) {
      const projection = layer.residual.projection;
      const skip = projection
        ? add('Gemm', `${at}/projection`, [layerInput, weight(`${at}/projection_weights`, projection, [layer.units, layer.inputs])], { ints: { transB: 1 } })
        : layerInput;
      x = add('Add', `${at}/residual`, [x, skip]);
    }
  });
  // The last node computed the network's output: give it the graph's output name.
  graph.nodes[graph.nodes.length - 1]!.outputs = [ONNX_OUTPUT];
  return graph;
}

/**
 * The model as the bytes of an .onnx file (opset 17). With options.scaler (what loadModel
 * returns beside the model) the file takes raw features, as the model's training data was before scaling.
 */
export function toOnnx(model: MLP, options?: ExportOptions): Uint8Array {
  return encodeOnnxModel(onnxGraph(model, options), { name: 'hyperprop', version: packageVersion() });
}

// The backprop trace: every quantity of one gradient-descent step, layer by layer — Z, A,
// δ = ∂E/∂Z, ∂E/∂W, ∂E/∂b and the updated W and b — as plain arrays (JSON-ready) and as
// printable tables. This is the seed's worked example made inspectable for any small network.
import { toFeatures, toTargets, type FeaturesInput, type TargetsInput } from './inputs.ts';
import type { MLP } from './mlp.ts';
import { INPUT_LABEL, traceLabels } from './trace-labels.ts';

export interface LayerTrace {
  /** 1-based, as in the formulas: layer 1 reads the input A(0). */
  layer: number;
  activation: string;
  /** rows × units, row-major, as nested arrays. */
  z: number[][];
  a: number[][];
  delta: number[][];
  /** units × inputs (W as stored, out × in). */
  weights: number[][];
  bias: number[];
  dWeights: number[][];
  dBias: number[];
  weightsAfter: number[][];
  biasAfter: number[];
}

export interface BackpropTrace {
  input: number[][];
  loss: number;
  lr: number;
  layers: LayerTrace[];
}

function matrix(values: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => values[i * cols + j]!));
}

/**
 * Runs one plain gradient-descent step (W ← W − lr·∂E/∂W) on (x, y) and records it. With
 * `apply: false` the model is left unchanged.
 */
export function traceStep(model: MLP, x: FeaturesInput, y: TargetsInput, options: { lr: number; apply?: boolean }): BackpropTrace {
  const features = toFeatures(x, model.inputs);
  toTargets(y, features.rows, model.outputs, model.config.loss);
  const rows = features.rows;
  const before = model.getWeights();
  const { loss, gradients } = model.computeGradients(x, y);
  const ws = model.workspace(rows);
  const layers = model.config.layers.map((layer, l): LayerTrace => {
    const buffers = ws.layers[l]!;
    const { units, inputs } = layer;
    const w = before[l]!;
    const g = gradients[l]!;
    const after = Float32Array.from(w.weights, (v, i) => v - options.lr * g.weights[i]!);
    const biasAfter = Float32Array.from(w.bias, (v, i) => v - options.lr * g.bias[i]!);
    return {
      layer: l + 1,
      activation: layer.activation,
      z: matrix(buffers.z, rows, units),
      a: matrix(buffers.out, rows, units),
      delta: matrix(buffers.dZ, rows, units),
      weights: matrix(w.weights, units, inputs),
      bias: Array.from(w.bias),
      dWeights: matrix(g.weights, units, inputs),
      dBias: Array.from(g.bias),
      weightsAfter: matrix(after, units, inputs),
      biasAfter: Array.from(biasAfter),
    };
  });
  if (options.apply ?? true) {
    model.setWeights(before.map((w, l) => ({ ...w, weights: Float32Array.from(layers[l]!.weightsAfter.flat()), bias: Float32Array.from(layers[l]!.biasAfter) })));
  }
  return { input: matrix(features.data, rows, model.inputs), loss, lr: options.lr, layers };
}

/** `columns`: a prefix numbered from 1 (`u1 u2 …`) or one header per column. */
function table(title: string, rows: number[][], rowLabel: string, columns: string | string[]): string {
  const names = typeof columns === 'string' ? rows[0]!.map((_, j) => `${columns}${j + 1}`) : columns;
  const widths = names.map((name) => Math.max(10, name.length + 1));
  const header = [rowLabel.padEnd(6), ...names.map((name, j) => name.padStart(widths[j]!))].join(' ');
  const lines = rows.map((row, i) => [`${rowLabel}${i + 1}`.padEnd(6), ...row.map((v, j) => v.toFixed(6).padStart(widths[j]!))].join(' '));
  return [`  ${title}`, `  ${header}`, ...lines.map((line) => `  ${line}`)].join('\n');
}

/** The trace as text tables, one section per layer, headed by the formulas of trace-labels.ts. */
export function formatTrace(trace: BackpropTrace): string {
  const parts = [`Backprop step (learning rate ${trace.lr}), loss before the step ${trace.loss.toFixed(6)}`, '', table(INPUT_LABEL, trace.input, 'row', 'x')];
  for (const layer of trace.layers) {
    const labels = traceLabels(layer.layer, trace.layers.length);
    parts.push(`\nLayer ${layer.layer} (${layer.activation})`);
    parts.push(table(labels.z, layer.z, 'row', 'u'));
    parts.push(table(labels.a, layer.a, 'row', 'u'));
    parts.push(table(labels.delta, layer.delta, 'row', 'u'));
    parts.push(table(labels.weights, layer.weights, 'u', 'in'));
    parts.push(table(labels.dWeights, layer.dWeights, 'u', 'in'));
    parts.push(table(labels.weightsAfter, layer.weightsAfter, 'u', 'in'));
    parts.push(table(labels.bias.join(', '), layer.bias.map((b, j) => [b, layer.dBias[j]!, layer.biasAfter[j]!]), 'u', ['b', '∂E/∂b', 'b − lr·∂E/∂b']));
  }
  return parts.join('\n');
}

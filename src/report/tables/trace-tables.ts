// The backprop trace as tables, layer by layer, in the order the algorithm computes them:
// forward (z, a), backward (δ = ∂E/∂z, ∂E/∂W = δᵀ·a(l−1)), then the update W − lr·∂E/∂W.
import type { BackpropTrace } from '../../nn/trace.ts';
import { escapeHtml, formatNumber } from '../html.ts';
import { matrixTable } from './matrix-table.ts';

export function traceTables(trace: BackpropTrace): string {
  const parts = [
    `<p>One plain gradient-descent step (learning rate ${formatNumber(trace.lr)}) on the first ${trace.input.length} training rows, before training; loss before the step ${formatNumber(trace.loss, 6)}.</p>`,
    matrixTable('Input a(0) (rows × features)', trace.input, 'row ', 'x'),
  ];
  for (const layer of trace.layers) {
    parts.push(`<h3>Layer ${layer.layer + 1} (${escapeHtml(layer.activation)})</h3>`);
    parts.push(matrixTable('z = a(l−1)·Wᵀ + b (rows × units)', layer.z, 'row ', 'u'));
    parts.push(matrixTable('a = g(z)', layer.a, 'row ', 'u'));
    parts.push(matrixTable('δ = ∂E/∂z', layer.delta, 'row ', 'u'));
    parts.push(matrixTable('W (units × inputs)', layer.weights, 'u', ' in'));
    parts.push(matrixTable('∂E/∂W = δᵀ·a(l−1)', layer.dWeights, 'u', ' in'));
    parts.push(matrixTable('W − lr·∂E/∂W', layer.weightsAfter, 'u', ' in'));
    parts.push(matrixTable('b, ∂E/∂b and b − lr·∂E/∂b (one row per unit)', layer.bias.map((b, j) => [b, layer.dBias[j]!, layer.biasAfter[j]!]), 'u', 'col '));
  }
  return parts.join('\n');
}

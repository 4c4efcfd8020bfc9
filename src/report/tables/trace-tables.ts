// The backprop trace as tables, layer by layer, in the order the algorithm computes them:
// forward (z, a), backward (δ = ∂E/∂z, ∂E/∂W = δᵀ·a(l−1)), then the update W − lr·∂E/∂W.
import type { BackpropTrace } from '../../nn/trace.ts';
import { escapeHtml, formatNumber } from '../html.ts';
import { matrixTable } from './matrix-table.ts';

export function traceTables(trace: BackpropTrace): string {
  const parts = [
    `<p>One plain gradient-descent step (learning rate ${formatNumber(trace.lr)}) on the first ${trace.input.length} training rows, before training; loss before the step ${formatNumber(trace.loss, 6)}.</p>`,
    `<div class="tables">${matrixTable('Input a(0) (rows × features)', trace.input, 'row ', 'x')}</div>`,
  ];
  for (const layer of trace.layers) {
    parts.push(`<h3>Layer ${layer.layer + 1} (${escapeHtml(layer.activation)})</h3>`);
    // Forward, backward, update: one row of tables each.
    parts.push(`<div class="tables">${matrixTable('Forward: z = a(l−1)·Wᵀ + b', layer.z, 'row ', 'u')}${matrixTable('a = g(z)', layer.a, 'row ', 'u')}</div>`);
    parts.push(`<div class="tables">${matrixTable('Backward: δ = ∂E/∂z', layer.delta, 'row ', 'u')}${matrixTable('∂E/∂W = δᵀ·a(l−1)', layer.dWeights, 'u', 'in')}</div>`);
    parts.push(
      `<div class="tables">${matrixTable('W (units × inputs)', layer.weights, 'u', 'in')}${matrixTable('Update: W − lr·∂E/∂W', layer.weightsAfter, 'u', 'in')}${matrixTable('Biases', layer.bias.map((b, j) => [b, layer.dBias[j]!, layer.biasAfter[j]!]), 'u', ['b', '∂E/∂b', 'b − lr·∂E/∂b'])}</div>`,
    );
  }
  return parts.join('\n');
}

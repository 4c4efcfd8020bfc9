// The backprop trace as tables, layer by layer, in the order the algorithm computes them:
// forward (Z, A), backward (δ, ∂E/∂W), then the update W − lr·∂E/∂W; each captioned with its
// formula from trace-labels.ts, so the report reads like the printed trace and the docs.
import type { BackpropTrace } from '../../nn/trace.ts';
import { INPUT_LABEL, traceLabels } from '../../nn/trace-labels.ts';
import { escapeHtml, formatNumber } from '../html.ts';
import { matrixTable } from './matrix-table.ts';

export function traceTables(trace: BackpropTrace): string {
  const parts = [
    `<p>One plain gradient-descent step (learning rate ${formatNumber(trace.lr)}) on the first ${trace.input.length} training rows, before training; loss before the step ${formatNumber(trace.loss, 6)}.</p>`,
    `<div class="tables">${matrixTable(INPUT_LABEL, trace.input, 'row ', 'x')}</div>`,
  ];
  for (const layer of trace.layers) {
    const labels = traceLabels(layer.layer, trace.layers.length);
    parts.push(`<h3>Layer ${layer.layer} (${escapeHtml(layer.activation)})</h3>`);
    // Forward, backward, update: one row of tables each.
    parts.push(`<div class="tables">${matrixTable(`Forward: ${labels.z}`, layer.z, 'row ', 'u')}${matrixTable(labels.a, layer.a, 'row ', 'u')}</div>`);
    parts.push(`<div class="tables">${matrixTable(`Backward: ${labels.delta}`, layer.delta, 'row ', 'u')}${matrixTable(labels.dWeights, layer.dWeights, 'u', 'in')}</div>`);
    parts.push(
      `<div class="tables">${matrixTable(labels.weights, layer.weights, 'u', 'in')}${matrixTable(`Update: ${labels.weightsAfter}`, layer.weightsAfter, 'u', 'in')}${matrixTable(labels.bias.join(', '), layer.bias.map((b, j) => [b, layer.dBias[j]!, layer.biasAfter[j]!]), 'u', ['b', '∂E/∂b', 'b − lr·∂E/∂b'])}</div>`,
    );
  }
  return parts.join('\n');
}

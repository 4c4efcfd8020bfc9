// Per-layer gradient norms by epoch as a heatmap on a log colour scale (viridis): a vanishing
// gradient is a dark band in the first rows (early layers learn nothing), an exploding one a
// bright band, at a glance.
import type { RunRecord } from '../run-record.ts';
import type { ChartSpec } from '../page.ts';
import { chart, WIDTH } from './common.ts';

export function gradientHeatmapChart(run: RunRecord): ChartSpec | null {
  const norms = run.gradientNorms;
  if (norms === undefined || norms.length === 0) return null;
  const layers = norms[0]!.length;
  const values: { epoch: number; layer: string; index: number; norm: number }[] = [];
  norms.forEach((row, e) =>
    row.forEach((norm, l) => {
      // A log scale cannot show 0; the smallest positive float32 stands in for "no gradient at all".
      values.push({ epoch: e + 1, layer: l === layers - 1 ? `${l + 1} (output)` : String(l + 1), index: l, norm: Math.max(norm, 1e-38) });
    }),
  );
  return chart('Gradient norm per layer and epoch', 'Mean ‖∂E/∂W‖ over the epoch\'s steps; layer 1 is next to the input; dark early layers = vanishing gradients, bright bands = exploding ones', values, {
    width: Math.min(WIDTH, 40 + norms.length * 24),
    height: Math.max(120, layers * 26),
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x: { field: 'epoch', type: 'ordinal', title: 'Epoch' },
      y: { field: 'layer', type: 'ordinal', title: 'Layer', sort: { field: 'index', op: 'min' } },
      color: { field: 'norm', type: 'quantitative', title: '‖∂E/∂W‖ (log)', scale: { type: 'log', scheme: 'viridis' } },
    },
  });
}

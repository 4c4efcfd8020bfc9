// Hyperparameter importance as horizontal bars, most important on top (Optuna's
// plot_param_importances): each parameter's fANOVA share of the objective's variance, with the
// spread over the forest's trees in the tooltip.
import type { ImportanceResult } from '../../tune/importance/importance.ts';
import type { ChartSpec } from '../page.ts';
import { chart, WIDTH } from './common.ts';

const BAR_HEIGHT = 24;

export function paramImportanceChart(result: ImportanceResult): ChartSpec {
  const values = result.params.map((p, rank) => ({ param: p.name, importance: p.importance, std: p.std, rank: rank + 1 }));
  const leftOut = Object.entries(result.leftOut).map(([why, n]) => `${n} ${why === 'missingParams' ? 'missing a parameter' : why === 'nonFinite' ? 'not finite' : why}`);
  const subtitle = `fANOVA over a random forest of ${result.trees} trees fit on ${result.trials} complete trials${leftOut.length ? ` (left out: ${leftOut.join(', ')})` : ''}; shares sum to 1`;
  return chart('Hyperparameter importance', subtitle, values, {
    width: WIDTH - 120,
    height: { step: BAR_HEIGHT },
    // One encoding for both layers: the bars and their labels share the ranked axis.
    encoding: {
      // An explicit order: a sort by field conflicts between layers in Vega-Lite.
      y: { field: 'param', type: 'nominal', title: null, sort: values.map((v) => v.param) },
      x: { field: 'importance', type: 'quantitative', title: "Share of the objective's variance", scale: { domain: [0, 1] }, axis: { format: '.0%' } },
    },
    layer: [
      { mark: { type: 'bar', color: '#1f77b4', tooltip: { content: 'data' } } },
      { mark: { type: 'text', align: 'left', dx: 4, color: '#1d2430' }, encoding: { text: { field: 'importance', type: 'quantitative', format: '.1%' } } },
    ],
  });
}

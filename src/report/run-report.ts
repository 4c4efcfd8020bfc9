// The report of one training run: what was trained, the loss and metric curves, the gradient
// heatmap, and the backprop trace tables.
import { gradientHeatmapChart } from './charts/gradient-heatmap.ts';
import { lossCurvesChart } from './charts/loss-curves.ts';
import { metricCurvesChart } from './charts/metric-curves.ts';
import { escapeHtml, formatNumber } from './html.ts';
import { renderPage, type ChartSpec, type ReportSection } from './page.ts';
import type { RunRecord } from './run-record.ts';
import { traceTables } from './tables/trace-tables.ts';

function definitionList(entries: [string, string][]): string {
  return `<table>${entries.map(([k, v]) => `<tr><th class="text">${escapeHtml(k)}</th><td class="text">${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function metrics(values: Record<string, number>): string {
  return Object.entries(values).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ');
}

function foldsTable(folds: NonNullable<RunRecord['folds']>): string {
  const keys = Object.keys(folds.mean);
  const row = (label: string, m: Record<string, number>) => `<tr><th class="text">${escapeHtml(label)}</th>${keys.map((k) => `<td>${formatNumber(m[k])}</td>`).join('')}</tr>`;
  return `<table><tr><th class="text">fold</th>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}</tr>${folds.metrics.map((m, i) => row(String(i + 1), m)).join('')}${row('mean', folds.mean)}</table>`;
}

export function runReportSections(run: RunRecord): ReportSection[] {
  const summary: [string, string][] = [
    ['Data', run.data],
    ['Model', `${run.model.summary} (${run.model.parameters} parameters), loss ${run.model.loss}`],
    ['Training', `${run.training.epochs} epochs, batch ${run.training.batchSize}, ${run.training.optimizer}`],
    ['Outcome', run.history.status],
    ['Backend', run.backend],
  ];
  const last = Object.fromEntries(Object.entries(run.history.series).filter(([k, v]) => k !== 'lr' && v.length > 0).map(([k, v]) => [k, v.at(-1)!]));
  if (Object.keys(last).length > 0) summary.push([`Epoch ${run.history.epoch.at(-1)}`, metrics(last)]);
  if (run.test) summary.push(['Test set', metrics(run.test)]);
  if (run.folds) summary.push(['k-fold mean', metrics(run.folds.mean)]);
  const warnings = run.warnings?.length ? `<p class="muted">Gradient monitor: ${run.warnings.map(escapeHtml).join('; ')}</p>` : '';
  const sections: ReportSection[] = [{ id: 'summary', title: 'Summary', html: definitionList(summary) + warnings }];
  const curves = [lossCurvesChart(run), metricCurvesChart(run)].filter((c): c is ChartSpec => c !== null);
  if (curves.length > 0) sections.push({ id: 'curves', title: 'Loss and metric curves', charts: curves });
  const heatmap = gradientHeatmapChart(run);
  if (heatmap) sections.push({ id: 'gradients', title: 'Gradient flow', charts: [heatmap] });
  if (run.folds) sections.push({ id: 'folds', title: 'Cross-validation folds', html: foldsTable(run.folds) });
  if (run.trace) sections.push({ id: 'trace', title: 'Backprop trace', html: traceTables(run.trace) });
  return sections;
}

export function buildRunReport(run: RunRecord, title?: string): string {
  return renderPage({ title: title ?? `Training run: ${run.name}`, subtitle: `${run.data} — ${run.createdAt}`, sections: runReportSections(run) });
}

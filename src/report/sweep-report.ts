// The report of a sweep: a table of each value's outcome with a verdict in words, then every
// run's loss curves overlaid.
import { sweepCurvesChart } from './charts/sweep-curves.ts';
import { escapeHtml, formatNumber } from './html.ts';
import { renderPage, type ReportSection } from './page.ts';
import type { CurveVerdict, SweepRecord } from './sweep-record.ts';

const SAYS: Record<CurveVerdict, string> = {
  diverged: 'diverged: the loss blew up (too large a step overshoots the minimum by more each time)',
  oscillating: 'oscillated: the loss went up and down instead of settling (the step is too large for the valley)',
  smooth: 'descended smoothly',
};

function last(series: readonly number[] | undefined): number | undefined {
  return series?.at(-1);
}

export function sweepReportSections(sweep: SweepRecord): ReportSection[] {
  const metric = sweep.runs.some((r) => r.run.history.series.valAccuracy !== undefined) ? 'valAccuracy' : 'valLoss';
  const rows = sweep.runs.map(({ value, verdict, run }) => {
    const s = run.history.series;
    return `<tr><th class="text">${escapeHtml(`${sweep.param} = ${value}`)}</th><td>${formatNumber(last(s.loss))}</td><td>${formatNumber(last(s.valLoss))}</td><td>${formatNumber(last(s[metric === 'valAccuracy' ? 'accuracy' : 'loss']))}</td><td>${formatNumber(last(s[metric]))}</td><td>${run.history.epoch.length}</td><td class="text">${escapeHtml(SAYS[verdict])}</td></tr>`;
  });
  const head = `<tr><th class="text">run</th><th>train loss</th><th>val loss</th><th>train ${metric === 'valAccuracy' ? 'accuracy' : 'loss'}</th><th>${metric}</th><th>epochs</th><th class="text">the training loss</th></tr>`;
  const bad = sweep.runs.filter((r) => r.verdict !== 'smooth');
  const intro = bad.length === 0
    ? `<p>Every run's training loss descended smoothly.</p>`
    : `<p>${bad.map((r) => `At ${escapeHtml(sweep.param)} = ${r.value} the training loss ${r.verdict === 'diverged' ? 'diverged' : 'oscillated'}.`).join(' ')}</p>`;
  const sections: ReportSection[] = [{ id: 'summary', title: `Sweep over ${sweep.param}`, intro: `<p class="muted">${escapeHtml(sweep.runs[0]?.run.data ?? '')}; ${escapeHtml(sweep.runs[0]?.run.model.summary ?? '')}</p>${intro}`, html: `<table>${head}${rows.join('')}</table>` }];
  const curves = sweepCurvesChart(sweep);
  if (curves) sections.push({ id: 'curves', title: 'Learning curves, overlaid', charts: [curves] });
  return sections;
}

export function buildSweepReport(sweep: SweepRecord): string {
  return renderPage({ title: `Sweep: ${sweep.name}`, subtitle: `${sweep.param} over ${sweep.runs.map((r) => r.value).join(', ')} — ${sweep.createdAt}`, sections: sweepReportSections(sweep) });
}

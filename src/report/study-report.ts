// The report of one or more studies: for each, a summary, the parameters' importance, the
// optimisation history, learning curves, parallel coordinates, each parameter against the score,
// the Hyperband rungs and the trials table; with two or more studies, the technique comparison first.
import { bestSoFarChart } from './charts/best-so-far.ts';
import { hyperbandRungsChart } from './charts/hyperband-rungs.ts';
import { learningCurvesChart } from './charts/learning-curves.ts';
import { optimizationHistoryChart } from './charts/optimization-history.ts';
import { parallelCoordinatesChart } from './charts/parallel-coordinates.ts';
import { paramImportanceChart } from './charts/param-importance.ts';
import { paramScoresChart } from './charts/param-scores.ts';
import { paretoFrontChart } from './charts/pareto-front.ts';
import { bestTrials as paretoTrials } from '../tune/multi-objective/pareto.ts';
import { escapeHtml, formatNumber } from './html.ts';
import { renderPage, type ChartSpec, type ReportSection } from './page.ts';
import { bestSoFarCurve, bestTrial, type StudyData } from './study-data.ts';
import { trialsTable } from './tables/trials-table.ts';
import { importanceIfEnough } from '../tune/importance/importance.ts';

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'study';
}

function describeSettings(study: StudyData): string {
  const s = study.settings;
  if (s === undefined) return 'settings not recorded (a study made outside the CLI)';
  const options = (o: Record<string, unknown>) => {
    const rest = Object.entries(o).filter(([k]) => k !== 'type').map(([k, v]) => `${k} ${String(v)}`);
    return `${String(o.type)}${rest.length ? ` (${rest.join(', ')})` : ''}`;
  };
  return `sampler ${options(s.sampler)}, pruner ${options(s.pruner)}, up to ${s.epochs} epochs per trial, metric ${s.metric}`;
}

function summary(study: StudyData): string {
  const states = new Map<string, number>();
  for (const t of study.trials) states.set(t.state, (states.get(t.state) ?? 0) + 1);
  const best = bestTrial(study);
  const curve = bestSoFarCurve(study);
  const directions = study.directions ?? [study.direction];
  const rows: [string, string][] = [
    ['Trials', `${study.trials.length} (${[...states].map(([s, n]) => `${n} ${s}`).join(', ')})`],
    ['Epochs trained', String(curve.at(-1)?.epochs ?? 0)],
    ['Direction', directions.map((d, i) => (directions.length > 1 ? `${study.settings?.metrics?.[i] ?? `objective ${i}`} ${d}` : d)).join(', ')],
    ['Best value', best ? `${formatNumber(best.value)} (trial ${best.number})` : 'no complete trial'],
    ['Best parameters', best ? Object.entries(best.params).map(([k, v]) => `${k} = ${typeof v === 'number' ? formatNumber(v) : String(v)}`).join(', ') : ''],
    ['Settings', describeSettings(study)],
  ];
  if (study.test) rows.splice(5, 0, ['Test split', `${Object.entries(study.test.metrics).map(([k, v]) => `${k} ${formatNumber(v)}`).join(', ')} (trial ${study.test.trial} refit on training + validation rows; no trial saw these rows)`]);
  if (directions.length > 1) {
    // No single best trial: the front replaces the best value and parameters.
    const front = paretoTrials(study.trials, directions);
    const point = (values: readonly number[]) => values.map((v) => formatNumber(v)).join(', ');
    rows.splice(3, 2, ['Pareto front', front.length === 0 ? 'no complete trial' : `${front.length} trials: ${front.map((t) => `${t.number} (${point(t.values!)})`).join('; ')}`]);
  }
  if (study.settings?.data) rows.unshift(['Data', study.settings.data]);
  return `<table>${rows.map(([k, v]) => `<tr><th class="text">${escapeHtml(k)}</th><td class="text">${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

export function studyReportSections(studies: readonly StudyData[]): ReportSection[] {
  const sections: ReportSection[] = [];
  if (studies.length > 1) {
    const charts = [bestSoFarChart(studies, 'evaluations'), bestSoFarChart(studies, 'epochs')].filter((c): c is ChartSpec => c !== null);
    const rows = studies.map((s) => {
      const best = bestTrial(s);
      return `<tr><td class="text">${escapeHtml(s.settings?.strategy ?? s.name)}</td><td class="text">${escapeHtml(describeSettings(s))}</td><td>${formatNumber(best?.value)}</td><td>${formatNumber(s.test?.metrics[s.settings?.metric ?? ''])}</td><td>${s.trials.length}</td><td>${bestSoFarCurve(s).at(-1)?.epochs ?? 0}</td></tr>`;
    });
    const table = `<table><tr><th class="text">strategy</th><th class="text">settings</th><th>best</th><th>on test</th><th>trials</th><th>epochs</th></tr>${rows.join('')}</table>`;
    sections.push({ id: 'comparison', title: 'Technique comparison', intro: '<p>The same objective and budget under each strategy.</p>', charts, html: table });
  }
  for (const study of studies) {
    const id = slug(study.settings?.strategy ?? study.name);
    const title = studies.length > 1 ? `${study.settings?.strategy ?? study.name}: ` : '';
    sections.push({ id: `${id}-summary`, title: `${title}Study ${study.name}`, html: summary(study) });
    const pareto = paretoFrontChart(study);
    if (pareto) sections.push({ id: `${id}-pareto`, title: `${title}Pareto front`, charts: [pareto] });
    // Which parameters mattered, first thing after the summary; a study with fewer than 2 complete trials has none to show.
    const importance = importanceIfEnough(study.trials);
    if (importance) sections.push({ id: `${id}-importance`, title: `${title}Hyperparameter importance`, charts: [paramImportanceChart(importance)] });
    const history = [optimizationHistoryChart(study), learningCurvesChart(study)].filter((c): c is ChartSpec => c !== null);
    if (history.length > 0) sections.push({ id: `${id}-history`, title: `${title}Optimisation history`, charts: history });
    const params = [parallelCoordinatesChart(study), paramScoresChart(study)].filter((c): c is ChartSpec => c !== null);
    if (params.length > 0) sections.push({ id: `${id}-parameters`, title: `${title}Parameters`, charts: params });
    const rungs = hyperbandRungsChart(study);
    if (rungs) sections.push({ id: `${id}-rungs`, title: `${title}${study.settings?.pruner.type === 'hyperband' ? 'Hyperband' : 'Successive-halving'} rungs`, charts: [rungs] });
    sections.push({ id: `${id}-trials`, title: `${title}Trials`, html: trialsTable(study.trials, bestTrial(study)) });
  }
  return sections;
}

export function buildStudyReport(studies: readonly StudyData[], title?: string): string {
  const names = studies.map((s) => s.name).join(', ');
  return renderPage({
    title: title ?? (studies.length > 1 ? 'Tuning comparison' : `Study ${names}`),
    subtitle: `${studies.length} ${studies.length === 1 ? 'study' : 'studies'}: ${names}`,
    sections: studyReportSections(studies),
  });
}

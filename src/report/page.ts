// The report page: sections of prose, tables and charts in one HTML file with the charting
// library and every chart's data inlined. A small script mounts each chart as SVG and marks its
// container data-rendered="true" (or data-error) so tests and people can tell it worked.
import { escapeHtml, scriptJson } from './html.ts';
import { vendorScripts, vendorVersions } from './vendor.ts';

/** A Vega-Lite specification (plain data). */
export type ChartSpec = Record<string, unknown>;

export interface ReportSection {
  /** The anchor and test hook: `<section id="...">`. */
  id: string;
  title: string;
  /** Trusted HTML (already escaped) shown above the charts. */
  intro?: string;
  charts?: ChartSpec[];
  /** Trusted HTML shown below the charts (tables). */
  html?: string;
}

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
header { background: #1d2430; color: #fff; padding: 18px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #c9d1dc; }
nav { padding: 8px 32px; background: #e9edf2; font-size: 14px; }
nav a { margin-right: 16px; color: #24527a; }
main { padding: 8px 32px 32px; }
section { background: #fff; border: 1px solid #dde3ea; border-radius: 6px; margin: 18px 0; padding: 14px 20px; }
section h2 { margin: 4px 0 8px; font-size: 18px; }
.chart { margin: 10px 0; overflow-x: auto; }
.chart[data-error] { color: #a11; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #dde3ea; padding: 3px 7px; text-align: right; white-space: nowrap; }
th { background: #f0f3f6; }
td.text, th.text { text-align: left; }
td.text { white-space: normal; max-width: 1000px; }
tr.best td { background: #fff6d6; font-weight: 600; }
.scroll { max-height: 520px; overflow: auto; }
.tables { display: flex; flex-wrap: wrap; gap: 6px 28px; align-items: flex-start; }
caption { text-align: left; font-weight: 600; padding: 4px 0; white-space: nowrap; }
h3 { margin: 18px 0 4px; font-size: 15px; }
.muted { color: #5b6676; font-size: 13px; }
footer { padding: 0 32px 24px; color: #5b6676; font-size: 12px; }
`;

const MOUNT = `
const specs = JSON.parse(document.getElementById('hyperprop-charts').textContent);
for (const [id, spec] of Object.entries(specs)) {
  const el = document.getElementById(id);
  vegaEmbed(el, spec, { renderer: 'svg', actions: false })
    .then(() => { el.dataset.rendered = 'true'; })
    .catch((error) => { el.dataset.error = String(error); el.textContent = 'This chart could not be drawn: ' + error.message; console.error(error); });
}
`;

export function renderPage(options: { title: string; subtitle: string; sections: ReportSection[] }): string {
  const specs: Record<string, ChartSpec> = {};
  const body = options.sections
    .map((section) => {
      const charts = (section.charts ?? []).map((spec, i) => {
        const id = `chart-${section.id}-${i}`;
        specs[id] = spec;
        return `<div class="chart" id="${id}" data-chart></div>`;
      });
      return `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>${section.intro ?? ''}${charts.join('')}${section.html ?? ''}</section>`;
    })
    .join('\n');
  const nav = options.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  const versions = Object.entries(vendorVersions()).map(([name, v]) => `${name} ${v}`).join(', ');
  const scripts = vendorScripts().map((code) => `<script>${code}</script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
${scripts}
</head>
<body>
<header><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.subtitle)}</p></header>
<nav>${nav}</nav>
<main>
${body}
</main>
<footer>Written by hyperprop on ${escapeHtml(new Date().toISOString())}. Charts: ${escapeHtml(versions)}, inlined; this file needs no network.</footer>
<script type="application/json" id="hyperprop-charts">${scriptJson(specs)}</script>
<script>${MOUNT}</script>
</body>
</html>
`;
}

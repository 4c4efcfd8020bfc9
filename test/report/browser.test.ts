// The reports in a real headless Chromium: they load from file:// with no console errors and no
// network request, and every chart draws an SVG with visible marks. With HYPERPROP_REPORT_SHOTS
// set to a folder, each section is also saved there as a PNG (for reviewing the pictures).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunReport } from '../../src/report/run-report.ts';
import { buildStudyReport } from '../../src/report/study-report.ts';
import { buildSweepReport } from '../../src/report/sweep-report.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runSweep } from '../../src/cli/sweep-run.ts';
import { Output } from '../../src/cli/output.ts';
import { deepSigmoidRun, irisComparison, xorRun } from '../fixtures/report-data.ts';
import { launchChromium } from './chromium.ts';

interface ChartCheck {
  id: string;
  svgs: number;
  width: number;
  height: number;
  marks: number;
  error: string | null;
}

let browser: Browser;
// One page for every report, each loaded into it in turn (a fresh document per report, as a new
// page would have): a page per report started a renderer process for each.
let page: Page;
/** What the page shows of the report loaded now: its URL, console errors and other requests. */
let current: { url: string; problems: string[]; requests: string[] } = { url: '', problems: [], requests: [] };
const dir = mkdtempSync(join(tmpdir(), 'hyperprop-report-'));
const shots = process.env.HYPERPROP_REPORT_SHOTS;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') current.problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => current.problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== current.url) current.requests.push(r.url());
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openReport(name: string, html: string) {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const { problems, requests } = (current = { url, problems: [], requests: [] });
  await page.goto(url);
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('[data-chart]')].every((e) => e.dataset.rendered || e.dataset.error), undefined, { timeout: 20_000 });
  const charts = await page.$$eval('[data-chart]', (elements) =>
    elements.map((e) => {
      const svg = e.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      // Vega draws each mark inside a group classed role-mark: lines and points are paths,
      // rules are lines, labels are text.
      const marks = [...e.querySelectorAll('.role-mark path, .role-mark line, .role-mark text')].filter((m) => (m.tagName !== 'path' || (m.getAttribute('d') ?? '').length > 0)).length;
      return { id: e.id, svgs: e.querySelectorAll('svg').length, width: box?.width ?? 0, height: box?.height ?? 0, marks, error: (e as HTMLElement).dataset.error ?? null };
    }),
  );
  const sections = await page.$$eval('section', (s) => s.map((e) => e.id));
  if (shots) {
    mkdirSync(shots, { recursive: true });
    for (const id of sections) await page.locator(`section[id="${id}"]`).screenshot({ path: join(shots, `${name}-${id}.png`) });
  }
  return { charts: charts as ChartCheck[], sections, problems, requests };
}

function expectDrawn(charts: ChartCheck[], expected: number): void {
  expect(charts).toHaveLength(expected);
  for (const chart of charts) {
    expect(chart.error, chart.id).toBeNull();
    expect(chart.svgs, chart.id).toBe(1);
    expect(chart.width, chart.id).toBeGreaterThan(100);
    expect(chart.height, chart.id).toBeGreaterThan(80);
    // An importance chart draws a bar and a label per parameter (the iris studies search 3).
    expect(chart.marks, chart.id).toBeGreaterThan(chart.id.includes('-importance-') ? 5 : 10);
  }
}

describe('HTML report in headless Chromium', () => {
  it('a training run: curves, gradient heatmap and trace tables, offline and error-free', async () => {
    const { charts, sections, problems, requests } = await openReport('run-xor', buildRunReport(xorRun()));
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(sections).toEqual(['summary', 'curves', 'gradients', 'trace']);
    // loss curves, accuracy curves, gradient heatmap
    expectDrawn(charts, 3);
  });

  it('a deep sigmoid run draws its vanishing gradients', async () => {
    const { charts, problems, requests } = await openReport('run-deep-sigmoid', buildRunReport(deepSigmoidRun()));
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expectDrawn(charts, 3);
  });

  it('a comparison of studies: comparison, importance, history, parameters, Hyperband rungs and trials', async () => {
    const studies = await irisComparison();
    const { charts, sections, problems, requests } = await openReport('study-iris', buildStudyReport(studies));
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(sections).toEqual([
      'comparison',
      'random-summary', 'random-importance', 'random-history', 'random-parameters', 'random-trials',
      'hyperband-summary', 'hyperband-importance', 'hyperband-history', 'hyperband-parameters', 'hyperband-rungs', 'hyperband-trials',
    ]);
    // 2 comparison + per study (importance, history, learning curves, parallel coordinates, param scores) + rungs
    expectDrawn(charts, 2 + 5 + 5 + 1);
  }, 60_000);

  it.each(['sweep-lr', 'sweep-units', 'sweep-batch'])('the %s example: the overlaid learning curves draw', async (name) => {
    const loaded = loadConfig(join('examples', `${name}.yaml`));
    // The charts draw the same from a few epochs; sweep-lr trains in full for its divergence check.
    if (name !== 'sweep-lr') loaded.config.training.epochs = 4;
    const sweep = runSweep(loaded, loaded.config.sweep!.param, loaded.config.sweep!.values, new Output({ quiet: true }));
    const html = buildSweepReport(sweep);
    const { charts, sections, problems, requests } = await openReport(name, html);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(sections).toEqual(['summary', 'curves']);
    expectDrawn(charts, 1);
    if (name === 'sweep-lr') {
      // lr = 1 on digits: the curve diverges or oscillates, and the report says so.
      const last = sweep.runs.at(-1)!;
      expect(last.value).toBe(1);
      expect(last.verdict).not.toBe('smooth');
      expect(html).toMatch(/At lr = 1 the training loss (diverged|oscillated)\./);
    }
  }, 60_000);
});

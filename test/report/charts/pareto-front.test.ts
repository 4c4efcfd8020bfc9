// The Pareto front chart and summary of a two-objective study: which trials are marked on the
// front, dominated or infeasible, and that the spec draws (compiled by Vega-Lite, rendered to SVG
// by Vega, as the report page does).
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { paretoFrontChart } from '../../../src/report/charts/pareto-front.ts';
import { loadStudies } from '../../../src/report/study-data.ts';
import { buildStudyReport } from '../../../src/report/study-report.ts';
import { MemoryStorage } from '../../../src/tune/storage/memory-storage.ts';
import { createStudy } from '../../../src/tune/study.ts';

async function twoObjectiveStudy() {
  const storage = new MemoryStorage();
  const study = await createStudy({ name: 'mo', storage, directions: ['maximize', 'minimize'] });
  await study.setUserAttr('hyperprop', { sampler: { type: 'random' }, pruner: { type: 'none' }, metric: 'accuracy', metrics: ['accuracy', 'latency_us'], epochs: 3 });
  // (accuracy, latency): 0 and 1 trade off, 2 is dominated by 1, 3 beats them all but breaks its constraint.
  const points: [number, number, number][] = [[0.9, 40, -1], [0.8, 10, -1], [0.7, 20, 0], [0.95, 5, 2]];
  for (const [accuracy, latency, constraint] of points) await study.tell(await study.ask(), [accuracy, latency], { constraints: [constraint] });
  await study.tell(await study.ask(), 'failed');
  return (await loadStudies(storage))[0]!;
}

describe('Pareto front chart', () => {
  it('marks the feasible front, the dominated and the infeasible trials, with the metrics on the axes', async () => {
    const data = await twoObjectiveStudy();
    expect(data.directions).toEqual(['maximize', 'minimize']);
    const spec = paretoFrontChart(data)!;
    const values = (spec.data as { values: { trial: number; kind: string; first: number; second: number }[] }).values;
    expect(values.map((v) => [v.trial, v.kind])).toEqual([
      [0, 'Pareto front'],
      [1, 'Pareto front'],
      [2, 'dominated'],
      [3, 'infeasible'],
    ]);
    const layers = spec.layer as { encoding: { x: { title: string }; y: { title: string } } }[];
    expect(layers[1]!.encoding.x.title).toBe('accuracy (higher is better)');
    expect(layers[1]!.encoding.y.title).toBe('latency_us (lower is better)');
    const view = new vega.View(vega.parse(compile(spec as never).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    // One symbol per complete trial, and the front's line: up from (0.8, 10), then across to (0.9, 40).
    const symbols = svg.slice(svg.indexOf('layer_1_marks'));
    expect(symbols.slice(0, symbols.indexOf('</g>')).match(/<path/g)).toHaveLength(values.length);
    expect(svg).toMatch(/layer_0_marks[^>]*><path[^>]*d="M([\d.]+),(\d+(\.\d+)?)L\1,0L[\d.]+,0"/);
  });

  it('is drawn in the report for two objectives, with the front in the summary; not for one', async () => {
    const html = buildStudyReport([await twoObjectiveStudy()]);
    expect(html).toContain('id="mo-pareto"');
    expect(html).toContain('accuracy maximize, latency_us minimize');
    expect(html).toContain('<th class="text">Pareto front</th><td class="text">2 trials: 0 (0.9000, 40); 1 (0.8000, 10)</td>');
    const single = await createStudy({ direction: 'minimize' });
    await single.tell(await single.ask(), 1);
    const data = { name: 'one', direction: 'minimize' as const, directions: ['minimize' as const], trials: await single.getTrials() };
    expect(paretoFrontChart(data)).toBeNull();
    expect(buildStudyReport([data])).not.toContain('-pareto"');
  });
});

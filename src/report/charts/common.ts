// Shared chart settings, so every chart has the same size, fonts and tooltips.
import type { ChartSpec } from '../page.ts';

export const WIDTH = 640;
export const HEIGHT = 280;

export const CONFIG = {
  view: { stroke: '#dde3ea' },
  axis: { labelFontSize: 12, titleFontSize: 13, grid: true, gridColor: '#edf0f4' },
  title: { fontSize: 15, anchor: 'start', offset: 10 },
  legend: { labelFontSize: 12, titleFontSize: 12 },
};

/** A top-level Vega-Lite spec: title with a subtitle, data inline, shared config. */
export function chart(title: string, subtitle: string, values: readonly object[], body: Record<string, unknown>): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle },
    data: { values },
    config: CONFIG,
    ...body,
  };
}

/** Training blue, validation orange, listing only the splits the data has (no empty legend entry). */
export function splitColours(values: readonly { split: string }[]): { domain: string[]; range: string[] } {
  const splits = (['training', 'validation'] as const).filter((s) => values.some((v) => v.split === s));
  return { domain: [...splits], range: splits.map((s) => (s === 'training' ? '#1f77b4' : '#ff7f0e')) };
}

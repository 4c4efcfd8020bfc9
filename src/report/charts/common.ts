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

/** Positive values spanning more than this ratio (two decades) get a log axis. */
export const LOG_AXIS_SPAN = 100;

/**
 * A y scale for values that may span decades (a regressor's loss from 32,000 down to 3.4): log
 * when every value is positive and max / min exceeds LOG_AXIS_SPAN, so the late epochs are not
 * a flat line at the bottom; otherwise linear, not forced to include zero.
 */
export function spanScale(values: readonly number[]): { type: 'log' } | { zero: false } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min > 0 && max / min > LOG_AXIS_SPAN ? { type: 'log' } : { zero: false };
}

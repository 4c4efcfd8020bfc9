// A bar format that fits the terminal: the bar itself shrinks so the text after it (the counts,
// the ETA, the best value) is never cut off at the right edge. cli-progress otherwise truncates
// the line to the width, which hid all but the first digit of the best value on 80 columns.
import type cliProgress from 'cli-progress';
import type { GenericFormatter } from 'cli-progress';
import { lazyModule } from '../../lazy-module.ts';

const loadCliProgress = lazyModule<typeof cliProgress>('cli-progress');

/** The narrowest bar worth drawing; below it the text is cut as before. */
const MIN_BAR = 10;

export function fitWidth(template: string): GenericFormatter {
  return (options, params, payload) => {
    const render = (barsize: number) => loadCliProgress().Format.Formatter({ ...options, format: template, barsize }, params, payload);
    const full = options.barsize ?? 40;
    const line = render(full);
    // One column spare: a line that fills the last column makes some terminals wrap.
    const over = line.length - (params.maxWidth - 1);
    return over > 0 ? render(Math.max(MIN_BAR, full - over)) : line;
  };
}

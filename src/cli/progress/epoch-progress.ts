// Progress of one training run as a fit callback: a bar of epochs with ETA and the latest
// metrics on a terminal, one line per epoch elsewhere, nothing with --quiet.
import type cliProgress from 'cli-progress';
import { lazyModule } from '../../lazy-module.ts';
import { formatNumber } from '../../report/html.ts';
import type { Callback, EpochLogs } from '../../train/fit.ts';
import type { Output } from '../output.ts';

const loadCliProgress = lazyModule<typeof cliProgress>('cli-progress');

function describeLogs(logs: EpochLogs): string {
  return Object.entries(logs)
    .filter(([key, v]) => key !== 'lr' && typeof v === 'number')
    .map(([key, v]) => `${key} ${formatNumber(v)}`)
    .join('  ');
}

export function epochProgress(output: Output, epochs: number): Callback & { close(): void } {
  if (output.progress === 'none') return { close() {} };
  if (output.progress === 'lines') {
    return {
      onEpochEnd(epoch, logs) {
        output.line(`epoch ${String(epoch + 1).padStart(String(epochs).length)}/${epochs}  ${describeLogs(logs)}`);
      },
      close() {},
    };
  }
  const bar = new (loadCliProgress().SingleBar)(
    { stream: output.log, hideCursor: true, format: ' epochs |{bar}| {value}/{total} | ETA {eta_formatted} | {metrics}' },
    loadCliProgress().Presets.shades_classic,
  );
  bar.start(epochs, 0, { metrics: '' });
  return {
    onEpochEnd(epoch, logs) {
      bar.update(epoch + 1, { metrics: describeLogs(logs) });
    },
    close() {
      bar.stop();
    },
  };
}

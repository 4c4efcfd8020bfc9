// Progress of a tuning run. On a terminal: a bar of trials (or of the epoch budget) with ETA and
// the best value so far, one epoch bar per running trial, and the finished trials printed above
// the bars as a live table. Elsewhere: the same table as plain lines. With --quiet: nothing.
import type cliProgress from 'cli-progress';
import { lazyModule } from '../../lazy-module.ts';
import { formatNumber } from '../../report/html.ts';
import type { FrozenTrial } from '../../tune/types.ts';
import type { Output } from '../output.ts';
import { fitWidth } from './fit-width.ts';
import { TRIAL_HEADER, trialRow } from './trial-row.ts';

const loadCliProgress = lazyModule<typeof cliProgress>('cli-progress');

export interface TuneProgress {
  /** A new study (strategy) starts; `total` trials or epochs, in `unit`. */
  startStudy(label: string, total: number, unit: 'trials' | 'epochs'): void;
  epoch(trialNumber: number, epoch: number, value: number): void;
  trialFinished(trial: FrozenTrial, best: number | null, done: number): void;
  endStudy(summary: string): void;
  /** Stops the bars (call before printing anything else). */
  close(): void;
}

class LineProgress implements TuneProgress {
  constructor(private readonly output: Output) {}
  startStudy(label: string, total: number, unit: string): void {
    this.output.line(`\n${label}: ${total > 0 ? `${total} ${unit}` : 'until the time limit'}`);
    this.output.line(TRIAL_HEADER);
  }
  epoch(): void {}
  trialFinished(trial: FrozenTrial, best: number | null): void {
    this.output.line(trialRow(trial, best));
  }
  endStudy(summary: string): void {
    this.output.line(summary);
  }
  close(): void {}
}

class BarProgress implements TuneProgress {
  private readonly bars: cliProgress.MultiBar;
  private main: cliProgress.SingleBar | undefined;
  private unit: 'trials' | 'epochs' = 'trials';
  private epochsDone = 0;
  private readonly running = new Map<number, cliProgress.SingleBar>();

  constructor(private readonly output: Output, private readonly maxEpochs: number) {
    this.bars = new (loadCliProgress().MultiBar)(
      { stream: output.log, clearOnComplete: false, hideCursor: true, etaBuffer: 20, format: fitWidth(' {label} |{bar}| {value}/{total} {unit} | ETA {eta_formatted} | best {best}') },
      loadCliProgress().Presets.shades_classic,
    );
  }

  startStudy(label: string, total: number, unit: 'trials' | 'epochs'): void {
    this.main?.stop();
    this.unit = unit;
    this.epochsDone = 0;
    this.bars.log(`\n${label}\n${TRIAL_HEADER}\n`);
    this.main = this.bars.create(Math.max(total, 1), 0, { label: 'study', unit, best: '-' });
  }

  epoch(trialNumber: number, epoch: number, value: number): void {
    let bar = this.running.get(trialNumber);
    if (bar === undefined) {
      bar = this.bars.create(this.maxEpochs, 0, { label: `trial ${trialNumber}`.padEnd(9), unit: 'epochs', best: '-' }, { format: fitWidth('   {label} |{bar}| {value}/{total} {unit} | last {best}') });
      this.running.set(trialNumber, bar);
    }
    bar.update(epoch, { best: formatNumber(value) });
    if (this.unit === 'epochs') this.main?.update(++this.epochsDone);
  }

  trialFinished(trial: FrozenTrial, best: number | null, done: number): void {
    const bar = this.running.get(trial.number);
    if (bar !== undefined) {
      this.bars.remove(bar);
      this.running.delete(trial.number);
    }
    this.bars.log(`${trialRow(trial, best)}\n`);
    if (this.unit === 'trials') this.main?.update(done, { best: formatNumber(best) });
    else this.main?.update(this.epochsDone, { best: formatNumber(best) });
  }

  endStudy(summary: string): void {
    this.bars.log(`${summary}\n`);
  }

  close(): void {
    // stop() draws the bars but drops lines still waiting in the log buffer (the last trial's
    // row, the last study's summary): a final update() writes them first.
    this.bars.update();
    this.bars.stop();
  }
}

class NoProgress implements TuneProgress {
  startStudy(): void {}
  epoch(): void {}
  trialFinished(): void {}
  endStudy(): void {}
  close(): void {}
}

export function tuneProgress(output: Output, maxEpochs: number): TuneProgress {
  if (output.progress === 'bars') return new BarProgress(output, maxEpochs);
  if (output.progress === 'lines') return new LineProgress(output);
  return new NoProgress();
}

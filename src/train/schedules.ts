// Learning-rate schedules, applied at the start of each epoch (epoch counts from 0), with
// PyTorch's semantics: StepLR, ExponentialLR, linear warm-up then CosineAnnealingLR, and
// ReduceLROnPlateau (relative threshold, patience, cooldown, min_lr).
import { rangeError, typeError } from '../errors.ts';
import { directionOfMode, isBetter, relativeBar, worstValue, type Direction } from './direction.ts';

export type ScheduleSpec =
  | { type: 'constant' }
  | { type: 'step'; stepSize: number; gamma?: number }
  | { type: 'exponential'; gamma: number }
  | { type: 'cosine'; epochs: number; warmupEpochs?: number; minLr?: number; warmupStartFactor?: number }
  | { type: 'reduceOnPlateau'; factor?: number; patience?: number; threshold?: number; cooldown?: number; minLr?: number; mode?: 'min' | 'max' };

export interface Schedule {
  /** The learning rate for `epoch`, given the base rate. */
  lrAt(epoch: number, baseLr: number, currentLr: number): number;
  /** Plateau schedules watch the monitored value at the end of each epoch. */
  observe?(value: number): void;
}

function finite(field: string, value: unknown, low: number, high: number, rule: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high) {
    throw (typeof value === 'number' ? rangeError : typeError)(field, rule, value);
  }
  return value;
}

function integer(field: string, value: unknown, low: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < low) {
    throw (typeof value === 'number' ? rangeError : typeError)(field, `an integer >= ${low}`, value);
  }
  return value;
}

class Plateau implements Schedule {
  private best: number;
  private bad = 0;
  private cooldownLeft = 0;
  private factorPending = 1;
  private readonly direction: Direction;

  constructor(
    private readonly factor: number,
    private readonly patience: number,
    private readonly threshold: number,
    private readonly cooldown: number,
    private readonly minLr: number,
    mode: 'min' | 'max',
  ) {
    this.direction = directionOfMode(mode);
    this.best = worstValue(this.direction);
  }

  observe(value: number): void {
    if (isBetter(this.direction, value, relativeBar(this.direction, this.best, this.threshold))) {
      this.best = value;
      this.bad = 0;
    } else {
      this.bad++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.bad = 0;
    }
    if (this.bad > this.patience) {
      this.factorPending *= this.factor;
      this.cooldownLeft = this.cooldown;
      this.bad = 0;
    }
  }

  lrAt(_epoch: number, _baseLr: number, currentLr: number): number {
    const next = Math.max(currentLr * this.factorPending, this.minLr);
    this.factorPending = 1;
    // As PyTorch: the rate only goes down (a minLr above it leaves it), and by more than eps 1e-8.
    return currentLr - next > 1e-8 ? next : currentLr;
  }
}

export function createSchedule(spec: ScheduleSpec | undefined, field = 'lrSchedule'): Schedule {
  if (spec === undefined) return { lrAt: (_epoch, baseLr) => baseLr };
  if (typeof spec !== 'object' || spec === null) throw typeError(field, 'an object { type, ... }', spec);
  switch (spec.type) {
    case 'constant':
      return { lrAt: (_epoch, baseLr) => baseLr };
    case 'step': {
      const stepSize = integer(`${field}.stepSize`, spec.stepSize, 1);
      const gamma = finite(`${field}.gamma`, spec.gamma ?? 0.1, 0, 1, 'in [0, 1]');
      return { lrAt: (epoch, baseLr) => baseLr * gamma ** Math.floor(epoch / stepSize) };
    }
    case 'exponential': {
      const gamma = finite(`${field}.gamma`, spec.gamma, 0, 1, 'in [0, 1]');
      return { lrAt: (epoch, baseLr) => baseLr * gamma ** epoch };
    }
    case 'cosine': {
      const epochs = integer(`${field}.epochs`, spec.epochs, 1);
      const warmup = integer(`${field}.warmupEpochs`, spec.warmupEpochs ?? 0, 0);
      if (warmup >= epochs) throw rangeError(`${field}.warmupEpochs`, `less than epochs (${epochs})`, warmup);
      const minLr = finite(`${field}.minLr`, spec.minLr ?? 0, 0, Infinity, 'a finite number >= 0');
      const start = finite(`${field}.warmupStartFactor`, spec.warmupStartFactor ?? 1 / (warmup + 1), 0, 1, 'in [0, 1]');
      return {
        lrAt(epoch, baseLr) {
          if (epoch < warmup) return baseLr * (start + ((1 - start) * epoch) / warmup);
          const progress = Math.min(1, (epoch - warmup) / (epochs - warmup));
          return minLr + ((baseLr - minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
        },
      };
    }
    case 'reduceOnPlateau': {
      const factor = finite(`${field}.factor`, spec.factor ?? 0.1, 0, 0.999999, 'in [0, 1)');
      const patience = integer(`${field}.patience`, spec.patience ?? 10, 0);
      const threshold = finite(`${field}.threshold`, spec.threshold ?? 1e-4, 0, 1, 'in [0, 1]');
      const cooldown = integer(`${field}.cooldown`, spec.cooldown ?? 0, 0);
      const minLr = finite(`${field}.minLr`, spec.minLr ?? 0, 0, Infinity, 'a finite number >= 0');
      const mode = spec.mode ?? 'min';
      if (mode !== 'min' && mode !== 'max') throw typeError(`${field}.mode`, "'min' or 'max'", mode);
      return new Plateau(factor, patience, threshold, cooldown, minLr, mode);
    }
    default:
      throw typeError(`${field}.type`, "one of 'constant', 'step', 'exponential', 'cosine', 'reduceOnPlateau'", (spec as { type: unknown }).type);
  }
}

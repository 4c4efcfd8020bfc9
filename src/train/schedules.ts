// Learning-rate schedules, applied at the start of each epoch (epoch counts from 0), with
// PyTorch's semantics: StepLR, ExponentialLR, linear warm-up then CosineAnnealingLR, and
// ReduceLROnPlateau (relative threshold, patience, cooldown, min_lr). Each option's rule and
// default is SCHEDULE_OPTIONS' (training-options.ts), which the config schema is built from too.
import { checkOption, optionValue } from '../backend/option-rule.ts';
import { rangeError, typeError } from '../errors.ts';
import { SCHEDULE_OPTIONS, SCHEDULE_TYPES, warmupRule } from './training-options.ts';
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
  const at = (key: string) => `${field}.${key}`;
  switch (spec.type) {
    case 'constant':
      return { lrAt: (_epoch, baseLr) => baseLr };
    case 'step': {
      const o = SCHEDULE_OPTIONS.step;
      const stepSize = optionValue(at('stepSize'), o.stepSize, spec.stepSize);
      const gamma = optionValue(at('gamma'), o.gamma, spec.gamma);
      return { lrAt: (epoch, baseLr) => baseLr * gamma ** Math.floor(epoch / stepSize) };
    }
    case 'exponential': {
      const gamma = optionValue(at('gamma'), SCHEDULE_OPTIONS.exponential.gamma, spec.gamma);
      return { lrAt: (epoch, baseLr) => baseLr * gamma ** epoch };
    }
    case 'cosine': {
      const o = SCHEDULE_OPTIONS.cosine;
      const epochs = optionValue(at('epochs'), o.epochs, spec.epochs);
      const warmup = optionValue(at('warmupEpochs'), o.warmupEpochs, spec.warmupEpochs);
      if (warmup >= epochs) throw rangeError(at('warmupEpochs'), warmupRule(epochs), warmup);
      const minLr = optionValue(at('minLr'), o.minLr, spec.minLr);
      const start = checkOption(at('warmupStartFactor'), o.warmupStartFactor, spec.warmupStartFactor) ?? 1 / (warmup + 1);
      return {
        lrAt(epoch, baseLr) {
          if (epoch < warmup) return baseLr * (start + ((1 - start) * epoch) / warmup);
          const progress = Math.min(1, (epoch - warmup) / (epochs - warmup));
          return minLr + ((baseLr - minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
        },
      };
    }
    case 'reduceOnPlateau': {
      const o = SCHEDULE_OPTIONS.reduceOnPlateau;
      return new Plateau(
        optionValue(at('factor'), o.factor, spec.factor),
        optionValue(at('patience'), o.patience, spec.patience),
        optionValue(at('threshold'), o.threshold, spec.threshold),
        optionValue(at('cooldown'), o.cooldown, spec.cooldown),
        optionValue(at('minLr'), o.minLr, spec.minLr),
        optionValue(at('mode'), o.mode, spec.mode),
      );
    }
    default:
      throw typeError(at('type'), `one of ${SCHEDULE_TYPES.map((t) => `'${t}'`).join(', ')}`, (spec as { type: unknown }).type);
  }
}

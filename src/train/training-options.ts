// The rules and defaults of the learning-rate schedules and of early stopping, once: createSchedule
// and earlyStopping check against them and the config schema is built from them. PyTorch checks
// little here (ReduceLROnPlateau: factor < 1); the other ranges are the ones that keep an
// option meaningful (a decay in [0, 1], a relative threshold in [0, 1]).
import { booleanOption, choiceOption, integerOption, numberOption, required } from '../backend/option-rule.ts';

export const SCHEDULE_TYPES = ['constant', 'step', 'exponential', 'cosine', 'reduceOnPlateau'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

const minLr = numberOption('[0, inf)', 0, 'the rate never goes below this (eta_min, min_lr)');

export const SCHEDULE_OPTIONS = Object.freeze({
  constant: Object.freeze({}),
  /** StepLR. */
  step: Object.freeze({
    stepSize: required(integerOption('[1, inf)', undefined, 'epochs between two decays (step_size)')),
    gamma: numberOption('[0, 1]', 0.1, 'the rate is multiplied by this every stepSize epochs'),
  }),
  /** ExponentialLR. */
  exponential: Object.freeze({
    gamma: required(numberOption('[0, 1]', undefined, 'the rate is multiplied by this every epoch')),
  }),
  /** A linear warm-up, then CosineAnnealingLR. */
  cosine: Object.freeze({
    epochs: required(integerOption('[1, inf)', undefined, 'epochs from the start to the end of the cosine (T_max plus the warm-up)')),
    warmupEpochs: integerOption('[0, inf)', 0, 'epochs of linear warm-up before the cosine (less than epochs)'),
    minLr,
    warmupStartFactor: numberOption('[0, 1]', undefined, 'the warm-up starts at this share of the rate (default 1 / (warmupEpochs + 1))'),
  }),
  /** ReduceLROnPlateau. */
  reduceOnPlateau: Object.freeze({
    factor: numberOption('[0, 1)', 0.1, 'the rate is multiplied by this on a plateau'),
    patience: integerOption('[0, inf)', 10, 'epochs without improvement before the rate is cut'),
    threshold: numberOption('[0, 1]', 1e-4, 'relative improvement that counts (threshold_mode rel)'),
    cooldown: integerOption('[0, inf)', 0, 'epochs to wait after a cut before counting again'),
    minLr,
    mode: choiceOption(['min', 'max'], 'min', 'min: the watched value should fall; max: rise'),
  }),
});

/** Keras' EarlyStopping (monitor, which names a logged metric, is checked against the logs). */
export const EARLY_STOPPING_OPTIONS = Object.freeze({
  mode: choiceOption(['min', 'max', 'auto'], 'auto', "'auto' maximises accuracy and R², minimises the rest"),
  patience: integerOption('[0, inf)', 5, 'epochs without improvement before training stops'),
  minDelta: numberOption('[0, inf)', 0, 'the smallest change that counts as an improvement (min_delta)'),
  restoreBestWeights: booleanOption(true, 'put back the parameters of the best epoch when training ends'),
});

/** The rule between cosine's options: the warm-up ends before the last epoch. */
export function warmupRule(epochs: number): string {
  return `less than epochs (${epochs})`;
}

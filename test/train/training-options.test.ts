// The schedules' and early stopping's options, one source of rules: at every boundary of every
// option the config schema and the library (createSchedule, earlyStopping) accept or refuse
// alike, with the rule text of SCHEDULE_OPTIONS and EARLY_STOPPING_OPTIONS.
import { describe, expect, it } from 'vitest';
import type { OptionTable } from '../../src/backend/option-rule.ts';
import { earlyStopping } from '../../src/train/callbacks/early-stopping.ts';
import { createSchedule } from '../../src/train/schedules.ts';
import { EARLY_STOPPING_OPTIONS, SCHEDULE_OPTIONS, SCHEDULE_TYPES } from '../../src/train/training-options.ts';
import { boundaryValues, configOutcome, expectedOutcome, libraryOutcome, obeys } from '../backend/option-boundaries.ts';

/** Valid values for the required options, so only the probed one can fail. */
function requiredValues(table: OptionTable): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(table)) if (option.required) values[key] = key === 'epochs' ? 10 : key === 'stepSize' ? 2 : 0.5;
  return values;
}

describe('schedule and early stopping option rules', () => {
  for (const type of SCHEDULE_TYPES) {
    it(`schedule ${type}: config and createSchedule agree at every boundary`, () => {
      const table: OptionTable = SCHEDULE_OPTIONS[type];
      for (const [key, option] of Object.entries(table)) {
        for (const value of boundaryValues(option)) {
          const spec = { type, ...requiredValues(table), [key]: value };
          const where = `${type}.${key} = ${String(value)}`;
          const library = libraryOutcome(() => createSchedule(spec as never), `lrSchedule.${key}`);
          // Cosine's rule between options: the warm-up ends before the last epoch (10 here).
          const between = type === 'cosine' && key === 'warmupEpochs' && obeys(option, value) && (value as number) >= 10;
          expect(library, where).toEqual(between ? { rule: 'less than epochs (10)' } : expectedOutcome(option, value));
          expect(configOutcome({ training: { schedule: spec } }, `training.schedule.${key}`), where).toEqual(library);
        }
      }
    });
  }

  it('cosine: the warm-up must end before the last epoch, in both places', () => {
    const spec = { type: 'cosine', epochs: 5, warmupEpochs: 5 } as const;
    const library = libraryOutcome(() => createSchedule(spec), 'lrSchedule.warmupEpochs');
    expect(library).toEqual({ rule: 'less than epochs (5)' });
    expect(configOutcome({ training: { schedule: spec } }, 'training.schedule.warmupEpochs')).toEqual(library);
  });

  it('a missing required option is named with its rule in both places', () => {
    expect(libraryOutcome(() => createSchedule({ type: 'exponential' } as never), 'lrSchedule.gamma')).toEqual({ rule: 'in [0, 1]' });
    expect(configOutcome({ training: { schedule: { type: 'exponential' } } }, 'training.schedule.gamma')).toEqual({ rule: 'in [0, 1]' });
  });

  it('early stopping: config and earlyStopping agree at every boundary', () => {
    for (const [key, option] of Object.entries(EARLY_STOPPING_OPTIONS)) {
      for (const value of boundaryValues(option)) {
        const where = `earlyStopping.${key} = ${String(value)}`;
        const library = libraryOutcome(() => earlyStopping({ [key]: value }), `earlyStopping.${key}`);
        expect(library, where).toEqual(expectedOutcome(option, value));
        expect(configOutcome({ training: { earlyStopping: { [key]: value } } }, `training.earlyStopping.${key}`), where).toEqual(library);
      }
    }
  });
});

// Early stopping (Keras' EarlyStopping): watch a logged metric, stop when it has not improved
// by minDelta for `patience` epochs, and optionally put back the weights of the best epoch.
// The options' rules and defaults are EARLY_STOPPING_OPTIONS' (training-options.ts).
import { optionValue } from '../../backend/option-rule.ts';
import { rangeError } from '../../errors.ts';
import { EARLY_STOPPING_OPTIONS } from '../training-options.ts';
import type { MLP } from '../../nn/mlp.ts';
import type { Callback, EpochLogs, History } from '../fit.ts';
import { directionOfMode, improvesBy, type Direction } from '../direction.ts';

export interface EarlyStoppingOptions {
  /** A key of the epoch logs; default 'valLoss' (falls back to 'loss' when there is no validation). */
  monitor?: keyof EpochLogs;
  /** 'min' for losses and errors, 'max' for accuracy and R²; 'auto' picks by name. Default 'auto'. */
  mode?: 'min' | 'max' | 'auto';
  /** Epochs without improvement before stopping. Default 5. */
  patience?: number;
  /** The smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Put back the parameters (and batch-norm state) of the best epoch when training ends. Default true. */
  restoreBestWeights?: boolean;
}

export interface EarlyStoppingCallback extends Callback {
  /** The epoch whose weights were best (and restored), or -1. */
  readonly bestEpoch: number;
  readonly bestValue: number;
  readonly stoppedEpoch: number;
}

export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStoppingCallback {
  const o = EARLY_STOPPING_OPTIONS;
  const patience = optionValue('earlyStopping.patience', o.patience, options.patience);
  const minDelta = optionValue('earlyStopping.minDelta', o.minDelta, options.minDelta);
  const mode = optionValue('earlyStopping.mode', o.mode, options.mode);
  const restore = optionValue('earlyStopping.restoreBestWeights', o.restoreBestWeights, options.restoreBestWeights);
  let monitor: keyof EpochLogs;
  // Stryker disable next-line StringLiteral: the first epoch sets it before it is read
  let direction: Direction = 'minimize';
  let bestParams: Float32Array | undefined;
  let bestState: Float32Array | undefined;
  let wait = 0;
  let model: MLP | undefined;
  const state = { bestEpoch: -1, bestValue: Number.NaN, stoppedEpoch: -1 };
  return {
    get bestEpoch() {
      return state.bestEpoch;
    },
    get bestValue() {
      return state.bestValue;
    },
    get stoppedEpoch() {
      return state.stoppedEpoch;
    },
    onTrainBegin(m) {
      model = m;
      wait = 0;
      state.bestEpoch = -1;
      state.bestValue = Number.NaN;
      state.stoppedEpoch = -1;
    },
    onEpochEnd(epoch, logs) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: every epoch logs the same keys, so choosing again chooses the same
      if (state.bestEpoch < 0) {
        monitor = options.monitor ?? (logs.valLoss !== undefined ? 'valLoss' : 'loss');
        if (logs[monitor] === undefined) throw rangeError('earlyStopping.monitor', `one of the logged metrics (${Object.keys(logs).join(', ')})`, monitor);
        direction = directionOfMode(mode === 'auto' ? (/accuracy|r2/i.test(monitor) ? 'max' : 'min') : mode);
      }
      const value = logs[monitor]!;
      const improved = state.bestEpoch < 0 || improvesBy(direction, value, state.bestValue, minDelta);
      if (improved) {
        state.bestValue = value;
        state.bestEpoch = epoch;
        wait = 0;
        // Stryker disable next-line ConditionalExpression: copies made without restoreBestWeights are never put back
        if (restore) {
          bestParams = Float32Array.from(model!.parameters);
          bestState = Float32Array.from(model!.state);
        }
        return false;
      }
      wait++;
      if (wait > patience) {
        state.stoppedEpoch = epoch;
        return true;
      }
      return false;
    },
    onTrainEnd(_history: History) {
      // Stryker disable next-line LogicalOperator: bestParams is only set with restoreBestWeights, after onTrainBegin set model
      if (restore && bestParams && model) {
        model.parameters.set(bestParams);
        model.state.set(bestState!);
      }
    },
  };
}

// Early stopping driven epoch by epoch with chosen logs: which metric it watches, which way is
// better, minDelta, patience, the weights and batch-norm state it puts back, and a second fit.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../../src/nn/mlp.ts';
import '../../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { earlyStopping, type EarlyStoppingOptions } from '../../../src/train/callbacks/early-stopping.ts';
import type { EpochLogs } from '../../../src/train/fit.ts';
import { loadIris, StandardScaler } from '../../../src/data/index.ts';
import { JS } from '../../backend/backends.ts';

const model = () => new MLP({ inputs: 2, layers: [{ units: 3, activation: 'relu', batchNorm: true }, { units: 1 }], seed: 1 }, { backend: JS });

/**
 * Runs the callback over epochs whose logs are `series`, writing the epoch number into every
 * parameter and state entry first (so restored weights tell which epoch they came from); returns
 * the epoch it stopped at (or -1) and the model after onTrainEnd.
 */
function drive(options: EarlyStoppingOptions, series: Partial<EpochLogs>[], m = model()) {
  const stopper = earlyStopping(options);
  stopper.onTrainBegin!(m);
  let stoppedAt = -1;
  for (let epoch = 0; epoch < series.length; epoch++) {
    m.parameters.fill(epoch);
    m.state.fill(epoch);
    if (stopper.onEpochEnd!(epoch, { loss: 1, lr: 0.1, ...series[epoch] } as EpochLogs, m) === true) {
      stoppedAt = epoch;
      break;
    }
  }
  stopper.onTrainEnd!({ epoch: [], history: {}, status: stoppedAt < 0 ? 'completed' : 'stopped' });
  return { stopper, stoppedAt, model: m };
}

const losses = (...values: number[]) => values.map((loss) => ({ loss }));

describe('earlyStopping', () => {
  it('stops once `patience` epochs in a row have not improved and the next does not either', () => {
    const { stopper, stoppedAt } = drive({ patience: 2 }, losses(3, 2, 2.5, 2.1, 2.2, 1));
    expect(stoppedAt).toBe(4);
    expect(stopper.stoppedEpoch).toBe(4);
    expect(stopper.bestEpoch).toBe(1);
    expect(stopper.bestValue).toBe(2);
  });

  it('an improvement resets the count', () => {
    const { stopper, stoppedAt } = drive({ patience: 1 }, losses(3, 3, 2, 2, 1, 1, 1));
    expect(stoppedAt).toBe(6);
    expect(stopper.bestEpoch).toBe(4);
  });

  it('patience 0 stops at the first epoch that does not improve; a tie is no improvement', () => {
    expect(drive({ patience: 0 }, losses(3, 2, 2, 1)).stoppedAt).toBe(2);
  });

  it('defaults: patience 5, minDelta 0, on the loss', () => {
    const run = drive({}, losses(1, 0.999, 2, 2, 2, 2, 2, 2, 2));
    expect(run.stoppedAt).toBe(7);
    expect(run.stopper.bestValue).toBe(0.999);
  });

  it('minDelta: an improvement must exceed it', () => {
    const run = drive({ patience: 1, minDelta: 0.1 }, losses(1, 0.95, 0.91, 0.85));
    expect(run.stoppedAt).toBe(2);
    expect(run.stopper.bestEpoch).toBe(0);
    expect(drive({ patience: 1, minDelta: 0.1 }, losses(1, 0.95, 0.85, 0.8)).stopper.bestEpoch).toBe(2);
  });

  it('watches valLoss when it is logged, the loss when it is not', () => {
    const series = [{ loss: 3, valLoss: 1 }, { loss: 2, valLoss: 2 }, { loss: 1, valLoss: 3 }];
    const run = drive({ patience: 0 }, series);
    expect(run.stoppedAt).toBe(1);
    expect(run.stopper.bestValue).toBe(1);
  });

  it("mode 'auto' maximises accuracy and R², minimises the rest; 'max' and 'min' say so outright", () => {
    const rising = [{ valAccuracy: 0.5 }, { valAccuracy: 0.6 }, { valAccuracy: 0.7 }];
    expect(drive({ monitor: 'valAccuracy', patience: 0 }, rising).stoppedAt).toBe(-1);
    expect(drive({ monitor: 'valAccuracy', patience: 0, mode: 'min' }, rising).stoppedAt).toBe(1);
    expect(drive({ monitor: 'r2', patience: 0 }, [{ r2: 0.5 }, { r2: 0.4 }]).stoppedAt).toBe(1);
    expect(drive({ monitor: 'valMae', patience: 0 }, [{ valMae: 0.5 }, { valMae: 0.4 }, { valMae: 0.6 }]).stoppedAt).toBe(2);
    const run = drive({ monitor: 'valMae', patience: 0, mode: 'max' }, [{ valMae: 0.5 }, { valMae: 0.6 }, { valMae: 0.4 }]);
    expect(run.stoppedAt).toBe(2);
    expect(run.stopper.bestValue).toBe(0.6);
  });

  it('minDelta when maximising: a rise must exceed it', () => {
    const run = drive({ monitor: 'accuracy', patience: 0, minDelta: 0.05 }, [{ accuracy: 0.5 }, { accuracy: 0.6 }, { accuracy: 0.64 }]);
    expect(run.stoppedAt).toBe(2);
    expect(run.stopper.bestValue).toBe(0.6);
  });

  it("puts back the best epoch's parameters and batch-norm state when training ends", () => {
    const { model: m, stopper } = drive({ patience: 1 }, losses(3, 1, 2, 2));
    expect(stopper.bestEpoch).toBe(1);
    expect([...new Set(m.parameters)]).toEqual([1]);
    expect(m.state.length).toBeGreaterThan(0);
    expect([...new Set(m.state)]).toEqual([1]);
  });

  it('restores at the end of a run that was not stopped, too', () => {
    const { model: m, stoppedAt } = drive({ patience: 5 }, losses(3, 1, 2));
    expect(stoppedAt).toBe(-1);
    expect([...new Set(m.parameters)]).toEqual([1]);
  });

  it('restoreBestWeights: false leaves the last epoch\'s weights', () => {
    const { model: m } = drive({ patience: 1, restoreBestWeights: false }, losses(3, 1, 2, 2));
    expect([...new Set(m.parameters)]).toEqual([3]);
    expect([...new Set(m.state)]).toEqual([3]);
  });

  it('reports -1 and NaN before the first epoch, and starts afresh on a second fit', () => {
    const stopper = earlyStopping({ patience: 0 });
    expect([stopper.bestEpoch, stopper.bestValue, stopper.stoppedEpoch]).toEqual([-1, Number.NaN, -1]);
    const m = model();
    stopper.onTrainBegin!(m);
    stopper.onEpochEnd!(0, { loss: 1, lr: 0.1 }, m);
    expect(stopper.onEpochEnd!(1, { loss: 2, lr: 0.1 }, m)).toBe(true);
    stopper.onTrainBegin!(m);
    expect([stopper.bestEpoch, stopper.bestValue, stopper.stoppedEpoch]).toEqual([-1, Number.NaN, -1]);
    // A worse loss than the first fit's best is the new best: the old best is forgotten.
    expect(stopper.onEpochEnd!(0, { loss: 5, lr: 0.1 }, m)).toBe(false);
    expect(stopper.bestValue).toBe(5);
    expect(stopper.onEpochEnd!(1, { loss: 4, lr: 0.1 }, m)).toBe(false);
    expect(stopper.bestEpoch).toBe(1);
  });

  it('the wait starts afresh on a second fit', () => {
    const stopper = earlyStopping({ patience: 1 });
    const m = model();
    stopper.onTrainBegin!(m);
    for (const [epoch, loss] of [1, 2].entries()) stopper.onEpochEnd!(epoch, { loss, lr: 0.1 }, m);
    stopper.onTrainBegin!(m);
    stopper.onEpochEnd!(0, { loss: 1, lr: 0.1 }, m);
    expect(stopper.onEpochEnd!(1, { loss: 2, lr: 0.1 }, m)).toBe(false);
  });

  it('in fit: stops the run, history says stopped, and the model holds the best epoch\'s weights', () => {
    const iris = loadIris();
    const x = new StandardScaler().fit(iris).transform(iris).x;
    const clf = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed: 2 }, { backend: JS });
    const snapshots: Float32Array[] = [];
    const stopper = earlyStopping({ monitor: 'loss', patience: 1, minDelta: 1 });
    const history = clf.fit(x, iris.y, { epochs: 20, callbacks: [stopper, { onEpochEnd: (_e, _l, m) => void snapshots.push(Float32Array.from(m.parameters)) }] });
    // No epoch lowers the loss by a whole unit: epoch 0 stays best, epoch 2 stops.
    expect(history.status).toBe('stopped');
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(stopper.bestEpoch).toBe(0);
    expect(clf.parameters).toEqual(snapshots[0]);
  });

  it('rejects bad options and a metric that is not logged, naming the field, the rule and the value', () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow(new RangeError('earlyStopping.patience must be an integer >= 0, got -1'));
    expect(() => earlyStopping({ patience: 1.5 })).toThrow(new RangeError('earlyStopping.patience must be an integer >= 0, got 1.5'));
    expect(() => earlyStopping({ minDelta: -0.1 })).toThrow(new RangeError('earlyStopping.minDelta must be a finite number >= 0, got -0.1'));
    expect(() => earlyStopping({ minDelta: Number.NaN })).toThrow('earlyStopping.minDelta must be a finite number >= 0, got NaN');
    expect(() => earlyStopping({ minDelta: '1' as never })).toThrow('earlyStopping.minDelta must be a finite number >= 0, got "1"');
    expect(() => earlyStopping({ mode: 'up' as never })).toThrow(new TypeError("earlyStopping.mode must be 'min', 'max' or 'auto', got \"up\""));
    expect(() => drive({ monitor: 'valAccuracy' }, losses(1))).toThrow(new RangeError('earlyStopping.monitor must be one of the logged metrics (loss, lr), got "valAccuracy"'));
  });
});

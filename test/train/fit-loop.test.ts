// The fit loop's contract beyond learning: option checks, the order and arguments of callback
// hooks, shuffling, the schedule it follows and feeds, validation metrics' names, divergence
// mid-run, and the gradient monitor's history.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { createSchedule } from '../../src/train/schedules.ts';
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { JS } from '../backend/backends.ts';

const iris = loadIris();
const x = new StandardScaler().fit(iris).transform(iris).x;
const y = iris.y as Int32Array;
const classifier = (seed = 1) => new MLP({ inputs: 4, layers: [{ units: 5, activation: 'tanh' }, { units: 3, activation: 'softmax' }], seed }, { backend: JS });

describe('fit option checks', () => {
  const model = classifier();
  it.each([
    ['fit options must be an object, got null', null, TypeError],
    ['initialEpoch must be an integer in [0, epochs − 1 = 9], got -1', { initialEpoch: -1 }, RangeError],
    ['initialEpoch must be an integer in [0, epochs − 1 = 3], got 1.5', { epochs: 4, initialEpoch: 1.5 }, RangeError],
    ['shuffle must be a boolean, got "yes"', { shuffle: 'yes' }, TypeError],
    ['seed must be an integer, got 1.5', { seed: 1.5 }, TypeError],
    ['validationData must be a pair [x, y], got Array(1)', { validationData: [x] }, TypeError],
    ['validationData must be a pair [x, y], got Float32Array(600)', { validationData: x }, TypeError],
    ['validationSplit must be in (0, 1), got 0', { validationSplit: 0 }, RangeError],
    ['validationSplit must be a fraction that leaves at least one row on each side of 150, got 0.001', { validationSplit: 0.001 }, RangeError],
    ['validationSplit must be a fraction that leaves at least one row on each side of 150, got 0.999', { validationSplit: 0.999 }, RangeError],
    ['callbacks must be an array, got Object', { callbacks: {} }, TypeError],
    ['rows must be an Int32Array of row indices, got Array(2)', { rows: [0, 1] }, TypeError],
    ['batchSize must be a positive integer, got 0', { batchSize: 0 }, RangeError],
    ['epochs must be a positive integer, got 2.5', { epochs: 2.5 }, RangeError],
    ['batchSize must be a positive integer, got "all"', { batchSize: 'all' }, TypeError],
    ['rows[1] must be a row index in [0, 150), got -1', { rows: Int32Array.of(3, -1) }, RangeError],
  ])('%s', (message, options, type) => {
    expect(() => model.fit(x, y, options as never)).toThrow(new (type as ErrorConstructor)(message));
  });

  it('a validation split that leaves one row on each side is accepted', () => {
    const history = classifier().fit(x.subarray(0, 8), y.subarray(0, 2), { epochs: 1, validationSplit: 0.5 });
    expect(history.history.valLoss).toHaveLength(1);
  });

  it('rows with validationData is allowed: the validation rows are scored apart', () => {
    const history = classifier().fit(x, y, { epochs: 1, rows: Int32Array.of(0, 1, 2), validationData: [x.subarray(0, 40), y.subarray(0, 10)] });
    expect(history.history.valAccuracy).toHaveLength(1);
  });
});

describe('fit callbacks', () => {
  it('are called in order, with the model, the epoch, a step count that runs on across epochs, and the history', () => {
    const calls: string[] = [];
    const losses: number[] = [];
    const model = classifier();
    const history = model.fit(x.subarray(0, 40), y.subarray(0, 10), {
      epochs: 2,
      batchSize: 4,
      callbacks: [{
        onTrainBegin: (m) => void calls.push(`begin ${m === model}`),
        onEpochBegin: (epoch, m) => void calls.push(`epoch ${epoch} ${m === model}`),
        onBatchEnd: (step, loss) => void calls.push(`step ${step} ${Number.isFinite(loss) && loss > 0}`),
        onEpochEnd: (epoch, logs, m) => {
          calls.push(`end ${epoch} ${m === model}`);
          losses.push(logs.loss);
        },
        onTrainEnd: (h) => void calls.push(`done ${h.status} ${h.epoch.join(',')}`),
      }],
    });
    expect(calls).toEqual([
      'begin true',
      'epoch 0 true', 'step 1 true', 'step 2 true', 'step 3 true', 'end 0 true',
      'epoch 1 true', 'step 4 true', 'step 5 true', 'step 6 true', 'end 1 true',
      'done completed 0,1',
    ]);
    expect(losses).toEqual(history.history.loss);
  });

  it('each epoch logs what history records, including the rate', () => {
    const logged: Record<string, number>[] = [];
    const history = classifier().fit(x, y, { epochs: 3, optimizer: { type: 'sgd', lr: 0.2 }, lrSchedule: { type: 'step', stepSize: 1, gamma: 0.5 }, callbacks: [{ onEpochEnd: (_e, logs) => void logged.push({ ...logs }) }] });
    expect(history.history.lr).toEqual([0.2, 0.1, 0.05]);
    expect(logged.map((l) => l.lr)).toEqual([0.2, 0.1, 0.05]);
    expect(logged.map((l) => l.loss)).toEqual(history.history.loss);
    expect(logged.map((l) => l.accuracy)).toEqual(history.history.accuracy);
  });

  it('model.stopTraining stops after the epoch, and a fresh fit clears it', () => {
    const model = classifier();
    const history = model.fit(x, y, { epochs: 5, callbacks: [{ onEpochEnd: (epoch, _l, m) => void (m.stopTraining = epoch === 1) }] });
    expect(history.status).toBe('stopped');
    expect(history.epoch).toEqual([0, 1]);
    expect(model.fit(x, y, { epochs: 2 }).status).toBe('completed');
  });

  it('every callback sees the epoch end even when the first asks to stop', () => {
    const seen: number[] = [];
    const history = classifier().fit(x, y, { epochs: 5, callbacks: [{ onEpochEnd: () => true }, { onEpochEnd: (epoch) => void seen.push(epoch) }] });
    expect(history.epoch).toEqual([0]);
    expect(seen).toEqual([0]);
  });
});

describe('fit shuffling and seeds', () => {
  it('shuffle: false trains in row order, so the fit seed does not matter; shuffled, it does', () => {
    const train = (seed: number, shuffle: boolean) => {
      const model = classifier(4);
      model.fit(x, y, { epochs: 2, batchSize: 10, seed, shuffle });
      return model.parameters;
    };
    expect(train(1, false)).toEqual(train(2, false));
    expect(train(1, true)).not.toEqual(train(2, true));
    expect(train(1, true)).not.toEqual(train(1, false));
  });

  it('shuffle: false with rows trains in the order of rows', () => {
    const rows = Int32Array.of(9, 3, 7, 1, 5, 0);
    const copyX = new Float32Array(rows.length * 4);
    rows.forEach((r, k) => copyX.set(x.subarray(r * 4, r * 4 + 4), k * 4));
    const a = classifier(2);
    const b = classifier(2);
    a.fit(x, y, { epochs: 2, batchSize: 4, rows, shuffle: false });
    b.fit(copyX, Int32Array.from(rows, (r) => y[r]!), { epochs: 2, batchSize: 4, shuffle: false });
    expect(a.parameters).toEqual(b.parameters);
  });

  it('the fit seed also draws the dropout masks', () => {
    const train = (seed: number) => {
      const model = new MLP({ inputs: 4, layers: [{ units: 6, activation: 'relu', dropout: 0.5 }, { units: 3, activation: 'softmax' }], seed: 3 }, { backend: JS });
      model.fit(x, y, { epochs: 1, batchSize: 30, seed, shuffle: false });
      return model.parameters;
    };
    expect(train(1)).toEqual(train(1));
    expect(train(1)).not.toEqual(train(2));
  });

  it('batchSize is capped at the number of rows trained on', () => {
    let steps = 0;
    classifier().fit(x, y, { epochs: 2, rows: Int32Array.of(4, 8, 15), callbacks: [{ onBatchEnd: () => void steps++ }] });
    expect(steps).toBe(2);
  });

  it("the fit seed defaults to the model's seed", () => {
    const a = classifier(6);
    const b = classifier(6);
    a.fit(x, y, { epochs: 2, batchSize: 16 });
    b.fit(x, y, { epochs: 2, batchSize: 16, seed: 6 });
    expect(a.parameters).toEqual(b.parameters);
  });

  it('each epoch is shuffled anew, the same on every run', () => {
    const firstLosses = (epochs: number) => {
      const losses: number[] = [];
      classifier(3).fit(x, y, { epochs, batchSize: 50, optimizer: { type: 'sgd', lr: 0 }, callbacks: [{ onBatchEnd: (_s, loss) => void losses.push(loss) }] });
      return losses;
    };
    const losses = firstLosses(2);
    // lr 0: the weights never move, so only the order of rows changes the batches' losses.
    expect(losses.slice(3)).not.toEqual(losses.slice(0, 3));
    expect(firstLosses(2)).toEqual(losses);
  });
});

describe('fit and the schedule', () => {
  it('reduceOnPlateau watches valLoss when there is validation', () => {
    // Validation labels the reverse of the truth: training lowers the loss and raises valLoss.
    const options = { epochs: 8, batchSize: 16, optimizer: { type: 'adam', lr: 0.05 }, lrSchedule: { type: 'reduceOnPlateau', factor: 0.5, patience: 0, threshold: 0 } } as const;
    const history = classifier(5).fit(x, y, { ...options, validationData: [x, Int32Array.from(y, (v) => 2 - v)] });
    const replay = (observed: number[]) => {
      const schedule = createSchedule(options.lrSchedule);
      let lr = 0.05;
      return observed.map((value, epoch) => {
        lr = schedule.lrAt(epoch, 0.05, lr);
        schedule.observe!(value);
        return lr;
      });
    };
    expect(history.history.lr).toEqual(replay(history.history.valLoss!));
    expect(history.history.lr).not.toEqual(replay(history.history.loss!));
  });

  it('without validation it watches the training loss', () => {
    const history = classifier(5).fit(x, y, { epochs: 6, batchSize: 16, optimizer: { type: 'sgd', lr: 0.1 }, lrSchedule: { type: 'reduceOnPlateau', factor: 0.5, patience: 0, threshold: 0.9 } });
    // Threshold 0.9: the loss never falls to a tenth of the first epoch's, so every later epoch cuts.
    expect(history.history.lr).toEqual([0.1, 0.1, 0.05, 0.025, 0.0125, 0.00625]);
  });

  it("the base rate is the optimizer's rate when fit starts", () => {
    const model = classifier();
    model.compile({ optimizer: { type: 'sgd', lr: 0.3 } });
    const history = model.fit(x, y, { epochs: 2, lrSchedule: { type: 'exponential', gamma: 0.5 } });
    expect(history.history.lr).toEqual([0.3, 0.15]);
    expect(model.optimizer!.lr).toBe(0.15);
  });
});

describe('fit history', () => {
  it('validationSplit holds out the last rows of every output of a multi-output regression', () => {
    const inputs = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const targets = Float32Array.from({ length: 40 }, (_, i) => Math.cos(i));
    const make = () => new MLP({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 2 }], seed: 1 }, { backend: JS });
    const split = make().fit(inputs, targets, { epochs: 2, validationSplit: 0.25, shuffle: false });
    const given = make().fit(inputs.subarray(0, 30), targets.subarray(0, 30), { epochs: 2, validationData: [inputs.subarray(30), targets.subarray(30)], shuffle: false });
    expect(split.history).toEqual(given.history);
  });

  it('names validation metrics val + the metric: valLoss, valMse, valMae, valR2', () => {
    const inputs = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const targets = Float32Array.from({ length: 20 }, (_, i) => inputs[2 * i]! - inputs[2 * i + 1]!);
    const model = new MLP({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1 }], seed: 1 }, { backend: JS });
    const history = model.fit(inputs, targets, { epochs: 2, validationSplit: 0.25 });
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'lr', 'mae', 'mse', 'r2', 'valLoss', 'valMae', 'valMse', 'valR2']);
    const scored = model.evaluate(inputs.subarray(30), targets.subarray(15));
    expect(history.history.valMse![1]).toBeCloseTo(scored.mse!, 6);
    expect(history.history.valR2![1]).toBeCloseTo(scored.r2!, 6);
  });

  it('divergence mid-run: the epoch, the step, the last finite loss, and the epochs before it kept', () => {
    const model = classifier();
    const losses: number[] = [];
    let epochsBegun = 0;
    let ended: string | undefined;
    const history = model.fit(x, y, {
      epochs: 5,
      batchSize: 50,
      callbacks: [{
        onEpochBegin: (epoch, m) => {
          epochsBegun++;
          if (epoch === 2) m.parameters[0] = Number.NaN;
        },
        onBatchEnd: (_s, loss) => void losses.push(loss),
        onTrainEnd: (h) => void (ended = h.status),
      }],
    });
    expect(history.status).toBe('diverged');
    expect(history.diverged).toEqual({ epoch: 2, step: 7, lastFiniteLoss: losses[5] });
    expect(losses).toHaveLength(6);
    expect(history.epoch).toEqual([0, 1]);
    expect(history.history.loss).toHaveLength(2);
    expect(history.gradientNorms).toHaveLength(2);
    expect(epochsBegun).toBe(3);
    expect(ended).toBe('diverged');
  });

  it('weights that overflow are divergence even while the loss is still finite', () => {
    // lr 1e300: the first update sends the weights to ±Infinity; that step's loss was finite.
    const model = classifier();
    const losses: number[] = [];
    const history = model.fit(x, y, { epochs: 2, batchSize: 50, optimizer: { type: 'sgd', lr: 1e300 }, callbacks: [{ onBatchEnd: (_s, loss) => void losses.push(loss) }] });
    expect(history.diverged).toEqual({ epoch: 0, step: 1, lastFiniteLoss: null });
    expect(losses).toEqual([]);
  });

  it('divergence at the first step has no last finite loss', () => {
    const model = classifier();
    const history = model.fit(x, y, { epochs: 3, callbacks: [{ onEpochBegin: (_e, m) => void (m.parameters[0] = Number.POSITIVE_INFINITY) }] });
    expect(history.diverged).toEqual({ epoch: 0, step: 1, lastFiniteLoss: null });
    expect(history.epoch).toEqual([]);
  });

  it('the gradient monitor adds a row of per-layer norms and update ratios per epoch; monitorGradients: false adds none', () => {
    const history = classifier().fit(x, y, { epochs: 3, optimizer: { type: 'sgd', lr: 0.1 } });
    expect(history.gradientNorms).toHaveLength(3);
    expect(history.updateRatios).toHaveLength(3);
    for (const row of [...history.gradientNorms!, ...history.updateRatios!]) {
      expect(row).toHaveLength(2);
      for (const v of row) expect(v).toBeGreaterThan(0);
    }
    expect(history.warnings).toBeUndefined();
    const quiet = classifier().fit(x, y, { epochs: 2, monitorGradients: false });
    expect(quiet.gradientNorms).toBeUndefined();
    expect(quiet.updateRatios).toBeUndefined();
  });

  it('a warning goes to history every epoch, to process warnings once per model and layer', async () => {
    const messages: string[] = [];
    // Only this test's warnings (threshold 1e-9): earlier tests' warnings may still be on their way.
    const listener = (w: Error & { code?: string }) => void (w.code === 'HYPERPROP_GRADIENT' && w.message.endsWith('above 1e-9)') && messages.push(w.message));
    process.on('warning', listener);
    try {
      const model = classifier();
      const options = { epochs: 2, monitorGradients: { explodingNorm: 1e-9 } };
      const first = model.fit(x, y, options);
      const second = model.fit(x, y, options);
      await new Promise((resolve) => setImmediate(resolve));
      expect(first.warnings!.map((w) => `${w.epoch}:${w.layer}:${w.kind}`)).toEqual(['0:0:exploding', '0:1:exploding', '1:0:exploding', '1:1:exploding']);
      expect(second.warnings).toHaveLength(4);
      expect(messages).toHaveLength(2);
      expect(messages[0]).toMatch(/^hyperprop: layer 1's gradient is exploding/);
      classifier().fit(x, y, options);
      await new Promise((resolve) => setImmediate(resolve));
      expect(messages).toHaveLength(4);
    } finally {
      process.off('warning', listener);
    }
  });
});

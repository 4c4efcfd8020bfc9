// refitTrial and refitBest on hand-made trials and a dozen rows, so every case trains in
// milliseconds: the epochs a trial reached (k-fold, steps, user attr, in that order), the rows
// (train + validation joined, shapes checked), each scaling, divergence, and the refusals word for
// word. Each refit is compared with the same training done by hand (buildMlp + fitTrialEpoch), so a
// wrong epoch count, seed or row set changes the weights.
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.ts';
import { MinMaxScaler } from '../../src/data/min-max-scaler.ts';
import { StandardScaler } from '../../src/data/standard-scaler.ts';
import { buildMlp, fitTrialEpoch } from '../../src/tune/objectives/train-trial.ts';
import type { MlpHyperparameters } from '../../src/tune/objectives/default-space.ts';
import { HYPERPARAMETERS_ATTR, reachedEpochs, refitBest, refitTrial } from '../../src/tune/refit-best.ts';
import { createStudy } from '../../src/tune/study.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';

const hyper: MlpHyperparameters = { lr: 0.05, units: [3], l2: 0, batchSize: 4, activation: 'tanh' };

function trial(userAttrs: Record<string, unknown>, intermediate: Record<number, number> = {}, number = 4): FrozenTrial {
  return { number, state: 'complete', params: {}, distributions: {}, value: 1, values: [1], intermediate, seed: 17, startedAt: 0, completedAt: 1, userAttrs, systemAttrs: {} };
}

/** `rows` rows of two features (varied, not centred, so scalers change them); labels or targets per `kind`. */
function rows(n: number, offset: number, kind: 'classification' | 'regression'): Dataset {
  const x = Float32Array.from({ length: n * 2 }, (_, i) => 3 + ((i + offset) * 7) % 11);
  const y = kind === 'classification' ? Int32Array.from({ length: n }, (_, i) => (i + offset) % 2) : Float32Array.from({ length: n }, (_, i) => 10 + ((i + offset) * 5) % 7);
  return new Dataset({ x, y, features: 2 });
}

/** The same training by hand: `epochs` epochs of `data` with the trial's seed. */
function byHand(data: Dataset, epochs: number, seed = 17): number[] {
  const model = buildMlp(hyper, data, seed);
  for (let e = 0; e < epochs; e++) fitTrialEpoch(model, data, hyper, seed, e);
  return Array.from(model.parameters);
}

const train = rows(8, 0, 'classification');
const validation = rows(4, 8, 'classification');

describe('reachedEpochs', () => {
  it('takes a k-fold trial epochs per fold, else the last reported step, else userAttrs.epochs', () => {
    expect(reachedEpochs(trial({ kfold: { folds: 3, epochs: 1, values: [] }, epochs: 9 }, { 6: 0.1 }))).toBe(1);
    // A k-fold attr without a usable epoch count is passed over.
    for (const epochs of [0, 1.5, undefined]) expect(reachedEpochs(trial({ kfold: { folds: 3, epochs } }, { 2: 0.5, 7: 0.1, 3: 0.2 }))).toBe(7);
    expect(reachedEpochs(trial({ epochs: 1 }))).toBe(1);
    expect(reachedEpochs(trial({ kfold: { folds: 2, epochs: 0 }, epochs: 2 }))).toBe(2);
  });

  it('names the trial, the rule and the value when there is nothing to count', () => {
    for (const epochs of [0, 2.5, '3', undefined]) {
      const got = epochs === undefined ? 'undefined' : typeof epochs === 'string' ? '"3"' : String(epochs);
      expect(() => reachedEpochs(trial({ epochs }))).toThrow(new RangeError(`trial 4 epochs must be a reported step or a positive integer userAttrs.epochs, got ${got}`));
    }
  });
});

describe('refitTrial', () => {
  it('trains the recorded model for the epochs reached, on training and validation rows joined in that order', () => {
    const t = trial({ [HYPERPARAMETERS_ATTR]: hyper, epochs: 2 });
    const joined = new Dataset({ x: Float32Array.from([...train.x, ...validation.x]), y: Int32Array.from([...train.y, ...validation.y]), features: 2 });
    const result = refitTrial(t, { train, validation });
    expect(result).toMatchObject({ trial: 4, epochs: 2, rows: 12 });
    expect(Object.keys(result).sort()).toEqual(['epochs', 'model', 'rows', 'trial']);
    expect(Array.from(result.model.parameters)).toEqual(byHand(joined, 2));
    expect(result.model.inputScaler).toBeUndefined();
    expect(result.model.targetScaler).toBeUndefined();
    // One Dataset trains as given.
    expect(Array.from(refitTrial(t, train).model.parameters)).toEqual(byHand(train, 2));
  });

  it("keeps the classes a classifier's parts name, even those no row holds", () => {
    const named = (n: number, offset: number) => new Dataset({ x: rows(n, offset, 'classification').x, y: Int32Array.from({ length: n }, (_, i) => (i + offset) % 2), features: 2, classNames: ['a', 'b', 'c'] });
    const result = refitTrial(trial({ [HYPERPARAMETERS_ATTR]: hyper, epochs: 1 }), { train: named(6, 0), validation: named(3, 6) });
    expect(result.model.outputs).toBe(3);
  });

  it('joins regression parts with several outputs', () => {
    const two = (n: number, offset: number) => {
      const base = rows(n, offset, 'regression');
      return new Dataset({ x: base.x, y: Float32Array.from({ length: n * 2 }, (_, i) => ((i + offset) * 3) % 5), features: 2, outputs: 2 });
    };
    const [a, b] = [two(6, 0), two(3, 6)];
    const joined = new Dataset({ x: Float32Array.from([...a.x, ...b.x]), y: Float32Array.from([...a.y, ...b.y]), features: 2, outputs: 2 });
    const result = refitTrial(trial({ [HYPERPARAMETERS_ATTR]: hyper, epochs: 1 }), { train: a, validation: b });
    expect(result.rows).toBe(9);
    expect(result.model.outputs).toBe(2);
    expect(Array.from(result.model.parameters)).toEqual(byHand(joined, 1));
  });

  it('fits the scaler on the refit rows, trains on scaled rows, and gives the model the scaler', () => {
    const t = trial({ [HYPERPARAMETERS_ATTR]: hyper, epochs: 1 });
    for (const [scaling, Kind] of [['standard', StandardScaler], ['minmax', MinMaxScaler]] as const) {
      const result = refitTrial(t, train, { scaling });
      expect(result.scaler).toBeInstanceOf(Kind);
      expect(result.model.inputScaler).toBe(result.scaler);
      const scaler = new Kind().fit(train);
      expect(Array.from(result.model.parameters)).toEqual(byHand(scaler.transform(train), 1));
    }
  });

  it("standardises a regressor's targets and gives it the target scaler; a classifier's labels are left alone", () => {
    const t = trial({ [HYPERPARAMETERS_ATTR]: hyper, epochs: 1 });
    const reg = rows(10, 0, 'regression');
    const result = refitTrial(t, reg, { targetScaling: 'standard' });
    const targets = new StandardScaler().fit(reg.y as Float32Array, 1);
    expect(result.model.targetScaler).toBeInstanceOf(StandardScaler);
    expect(Array.from(result.model.targetScaler!.mean!)).toEqual(Array.from(targets.mean!));
    expect(result.scaler).toBeUndefined();
    expect(Array.from(result.model.parameters)).toEqual(byHand(reg.withTargets(targets.transform(reg.y as Float32Array)), 1));
    // Not the unscaled training.
    expect(Array.from(result.model.parameters)).not.toEqual(byHand(reg, 1));
    const cls = refitTrial(t, train, { targetScaling: 'standard' });
    expect(cls.model.targetScaler).toBeUndefined();
    expect(Array.from(cls.model.parameters)).toEqual(byHand(train, 1));
  });

  it('reports where a refit diverged and stops training there', () => {
    const wild: MlpHyperparameters = { ...hyper, lr: 1e30, optimizer: 'sgd' };
    const t = trial({ [HYPERPARAMETERS_ATTR]: wild, epochs: 3 });
    const result = refitTrial(t, rows(12, 0, 'regression'));
    expect(result.epochs).toBe(3);
    expect(result.diverged).toMatch(/^in epoch 1, step \d+$/);
    // A finite refit has no such field.
    expect('diverged' in refitTrial(trial({ [HYPERPARAMETERS_ATTR]: hyper, epochs: 1 }), train)).toBe(false);
  });

  it('names the field, the rule and the value it refuses', () => {
    const t = trial({ [HYPERPARAMETERS_ATTR]: hyper, epochs: 1 });
    // The mismatch is described as a string, so the message quotes it.
    const three = new Dataset({ x: new Float32Array(6), y: new Int32Array([0, 1]), features: 3 });
    expect(() => refitTrial(t, { train, validation: three })).toThrow(
      new RangeError("data.validation must be the training part's shape (2 features, classification, 2 outputs), got \"3 features, classification, 2 outputs\""),
    );
    const reg = rows(4, 0, 'regression');
    expect(() => refitTrial(t, { train, validation: reg })).toThrow(
      new RangeError("data.validation must be the training part's shape (2 features, classification, 2 outputs), got \"2 features, regression, 1 outputs\""),
    );
    const threeClasses = new Dataset({ x: new Float32Array(4), y: new Int32Array([0, 2]), features: 2 });
    expect(() => refitTrial(t, { train, validation: threeClasses })).toThrow(/got "2 features, classification, 3 outputs"$/);
    expect(() => refitTrial(t, { train } as never)).toThrow(new TypeError('data must be a Dataset or { train: Dataset, validation: Dataset }, got Object'));
    // Same features and outputs, another task.
    const twoTargets = new Dataset({ x: new Float32Array(4), y: new Float32Array(4), features: 2, outputs: 2 });
    expect(() => refitTrial(t, { train, validation: twoTargets })).toThrow(/got "2 features, regression, 2 outputs"$/);
    expect(() => refitTrial(t, undefined as never)).toThrow(new TypeError('data must be a Dataset or { train: Dataset, validation: Dataset }, got undefined'));
    expect(() => refitTrial(t, null as never)).toThrow(new TypeError('data must be a Dataset or { train: Dataset, validation: Dataset }, got null'));
    expect(() => refitTrial(t, { train: train.x, validation } as never)).toThrow(TypeError);
    expect(() => refitTrial(t, new Dataset({ x: new Float32Array(0), y: new Int32Array(0), features: 2 }))).toThrow(new RangeError('data rows must be at least 1, got 0'));
    expect(() => refitTrial(t, train, { targetScaling: 'minmax' as never })).toThrow(new RangeError("options.targetScaling must be 'none' or 'standard', got \"minmax\""));
    expect(() => refitTrial(t, train, { scaling: 'none' })).not.toThrow();
  });
});

describe('refitBest', () => {
  it("refits a study's best trial, or the trial given, and refuses anything else", async () => {
    const study = await createStudy({ direction: 'maximize', seed: 5 });
    for (const value of [0.2, 0.9, 0.4]) {
      const t = await study.ask();
      await t.setUserAttr(HYPERPARAMETERS_ATTR, hyper);
      await t.setUserAttr('epochs', 1);
      await study.tell(t, value);
    }
    const best = await study.bestTrial();
    const result = await refitBest(study, train);
    expect(result.trial).toBe(1);
    expect(Array.from(result.model.parameters)).toEqual(byHand(train, 1, best.seed));
    expect((await refitBest(await study.storage.getTrial(study.id, 2), train)).trial).toBe(2);
    for (const [source, got] of [[null, 'null'], [undefined, 'undefined'], [5, '5'], [{ userAttrs: 'x' }, 'Object']] as const) {
      await expect(refitBest(source as never, train)).rejects.toThrow(new TypeError(`source must be a Study or a FrozenTrial, got ${got}`));
    }
  });
});

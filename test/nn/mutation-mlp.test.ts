// MLP's own logic, each part against a value worked out by hand: initial parameters, setWeights'
// refusals, predict's thresholds and ties, inference in chunks, evaluate's row subsets and
// penalties, and the steps that must leave no trace (computeGradients) or leave the same one
// (trainOnBatch from arrays or typed arrays).
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import { INFERENCE_ROWS } from '../../src/nn/workspace-pool.ts';
import { StandardScaler } from '../../src/data/standard-scaler.ts';
import { CheckedBackend } from '../../src/backend/checked-backend.ts';
import { createJsProvider } from '../../src/backend/js/js-backend.ts';
import '../../src/train/fit.ts';
import { JS, randomValues } from '../backend/backends.ts';

/** out = W·x + b for a one-layer linear model with W units × inputs, row-major. */
function affine(x: ArrayLike<number>, w: number[], b: number[], inputs: number): number[] {
  const units = b.length;
  const out: number[] = [];
  for (let r = 0; r < x.length / inputs; r++) {
    for (let j = 0; j < units; j++) {
      let sum = b[j]!;
      for (let p = 0; p < inputs; p++) sum += w[j * inputs + p]! * x[r * inputs + p]!;
      out.push(sum);
    }
  }
  return out;
}

describe('MLP initial parameters', () => {
  it('zero biases, PReLU slopes 0.25, γ 1, β 0, a drawn projection, running mean 0 and variance 1', () => {
    const model = new MLP({ inputs: 3, layers: [{ units: 4, activation: 'prelu', batchNorm: true }, { units: 2, activation: 'tanh', residual: true }, { units: 1 }], seed: 9 }, { backend: JS });
    const [first, second] = model.getWeights();
    expect(Array.from(first!.bias)).toEqual([0, 0, 0, 0]);
    expect(Array.from(first!.slopes!)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(first!.gamma!)).toEqual([1, 1, 1, 1]);
    expect(Array.from(first!.beta!)).toEqual([0, 0, 0, 0]);
    // Glorot uniform over 4 inputs and 2 outputs: |P| ≤ √(6 / 6) = 1, and not all zero.
    const projection = Array.from(second!.projection!);
    expect(projection).toHaveLength(8);
    expect(projection.every((v) => Math.abs(v) <= 1)).toBe(true);
    expect(new Set(projection).size).toBe(8);
    expect(Array.from(model.state)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(model.optimizer).toBeUndefined();
    expect(model.stopTraining).toBe(false);
    expect(model.parameterCount).toBe(model.parameters.length);
    expect(model.layout.total).toBe(4 * 3 + 4 + 4 + 4 + 4 + 2 * 4 + 2 + 2 * 4 + 2 + 1);
  });

  it('initialize(seed) draws again from that seed and resets the running statistics', () => {
    const model = new MLP({ inputs: 3, layers: [{ units: 4, activation: 'relu', batchNorm: true }, { units: 1 }], seed: 1 }, { backend: JS });
    const drawn = Array.from(model.parameters);
    model.parameters.fill(0.5);
    model.state.fill(3);
    model.initialize(1);
    expect(Array.from(model.parameters)).toEqual(drawn);
    expect(Array.from(model.state)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    model.initialize(2);
    expect(Array.from(model.parameters)).not.toEqual(drawn);
  });
});

describe('MLP.setWeights refusals', () => {
  const model = () => new MLP({ inputs: 2, layers: [{ units: 3, activation: 'prelu' }, { units: 1 }], seed: 1 }, { backend: JS });
  const good = () => model().getWeights();

  it('names the layer count it wants', () => {
    expect(() => model().setWeights({} as never)).toThrow(new RangeError('setWeights(layers) must be an array of 2 layers, got Object'));
    expect(() => model().setWeights(good().slice(0, 1))).toThrow(new RangeError('setWeights(layers) must be an array of 2 layers, got "1 layers"'));
  });

  it('names the block, the shape and what came', () => {
    const rows = (n: number, cols: number) => Array.from({ length: n }, () => Array.from({ length: cols }, () => 0.1));
    const cases: [Record<string, unknown>, Error][] = [
      [{ weights: rows(2, 2) }, new RangeError('layers[0].weights must be 3 rows of 2, got "2 rows"')],
      [{ weights: [...rows(2, 2), [0.1, 0.2, 0.3]] }, new RangeError('layers[0].weights[2].length must be 2, got 3')],
      [{ weights: [[0.1, 0.2], [0.3, 0.4], 5] }, new RangeError('layers[0].weights[2].length must be 2, got 5')],
      [{ weights: [0.1, 0.2, 0.3, 0.4, 0.5] }, new RangeError('layers[0].weights.length must be 6 (3 × 2), got 5')],
      [{ bias: [0, Number.NaN, 0] }, new RangeError('layers[0].bias[1] must be a finite number, got NaN')],
      [{ bias: [0, '1', 0] }, new RangeError('layers[0].bias[1] must be a finite number, got "1"')],
      [{ bias: 7 }, new TypeError('layers[0].bias must be an array or Float32Array, got 7')],
      [{ slopes: undefined }, new TypeError('layers[0].slopes must be 3 values (the layer has them), got undefined')],
      [{ gamma: [1, 1, 1] }, new TypeError('layers[0].gamma must be absent (the layer has none), got Array(3)')],
      [{ slopes: [1, 2] }, new RangeError('layers[0].slopes.length must be 3 (3 × 1), got 2')],
    ];
    for (const [change, error] of cases) {
      const layers = good();
      const m = model();
      const before = Array.from(m.parameters);
      expect(() => m.setWeights([{ ...layers[0]!, ...change } as never, layers[1]!])).toThrow(error);
      // Refused before anything of layer 0 was written past the refused block.
      expect(Array.from(m.parameters.subarray(6))).toEqual(before.slice(6));
    }
  });

  it('takes W and a projection as rows (units × inputs) and writes them where getWeights reads them', () => {
    const m = new MLP({ inputs: 3, layers: [{ units: 2, activation: 'tanh', residual: true }, { units: 1 }], seed: 1 }, { backend: JS });
    const layers = m.getWeights();
    m.setWeights([{ ...layers[0]!, weights: [[1, 2, 3], [4, 5, 6]], projection: [[7, 8, 9], [10, 11, 12]] }, layers[1]!]);
    const [first] = m.getWeights();
    expect(Array.from(first!.weights)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(first!.projection!)).toEqual([7, 8, 9, 10, 11, 12]);
    // getWeights hands out copies.
    first!.weights[0] = 99;
    expect(m.getWeights()[0]!.weights[0]).toBe(1);
    expect(() => m.setWeights([{ ...layers[0]!, projection: undefined }, layers[1]!])).toThrow(new TypeError('layers[0].projection must be 6 values (the layer has them), got undefined'));
  });
});

describe('MLP predictions', () => {
  it('predict gives 1 from p = 0.5 up (binary) and the first of tied classes (softmax)', () => {
    const binary = new MLP({ inputs: 1, layers: [{ units: 2, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' }, { backend: JS });
    binary.setWeights([{ weights: [[1], [1]], bias: [0, -1] }]);
    // x = 0: p = (0.5, 0.27); x = 1: p = (0.73, 0.5); x = −1: (0.27, 0.12).
    expect(Array.from(binary.predict([[0], [1], [-1]]))).toEqual([1, 0, 1, 1, 0, 0]);
    const softmax = new MLP({ inputs: 1, layers: [{ units: 3, activation: 'softmax' }], loss: 'categoricalCrossEntropy' }, { backend: JS });
    softmax.setWeights([{ weights: [[0], [1], [1]], bias: [0, 0, 0] }]);
    // x = 0: all tie → 0; x = 1: classes 1 and 2 tie → 1; x = −1: class 0.
    expect(Array.from(softmax.predict([[0], [1], [-1]]))).toEqual([0, 1, 0]);
    softmax.setWeights([{ weights: [[0], [0], [1]], bias: [0, 0, 0] }]);
    expect(Array.from(softmax.predict([[1]]))).toEqual([2]);
    expect(() => new MLP({ inputs: 1, layers: [{ units: 1 }] }, { backend: JS }).predictProba([[1]])).toThrow(
      new TypeError('predictProba must be called on a classifier (loss categoricalCrossEntropy or binaryCrossEntropy), got "mse"'),
    );
  });

  it(`past ${INFERENCE_ROWS} rows every entry point works chunk by chunk and agrees with W·x + b`, () => {
    const rows = 2 * INFERENCE_ROWS + 3;
    const x = randomValues(rows * 2, 5);
    const w = [0.5, -1, 2, 0.25];
    const b = [0.1, -0.3];
    const expected = affine(x, w, b, 2);
    const model = new MLP({ inputs: 2, layers: [{ units: 2 }], loss: 'mse' }, { backend: JS });
    model.setWeights([{ weights: w, bias: b }]);
    const close = (actual: ArrayLike<number>) => Array.from(actual).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    close(model.predict(x));
    const out = new Float32Array(rows * 2);
    model.predictInto(x, out);
    close(out);
    const metrics = model.evaluate(x, Float32Array.from(expected));
    expect(metrics.loss).toBeLessThan(1e-10);
    // A scaler sends even a small batch through the chunked copy; the identity scaler changes nothing.
    const identity = new StandardScaler({ withMean: false, withStd: false }).fit(x, 2);
    model.inputScaler = identity;
    out.fill(0);
    model.predictInto(x, out);
    close(out);
    // Chunk by chunk, rows × outputs entries and no more.
    const longer = new Float32Array(rows * 2 + 1).fill(-1);
    model.predictInto(x, longer);
    expect(longer[rows * 2]).toBe(-1);
    const small = new Float32Array(4);
    model.predictInto(x.subarray(0, 4), small);
    expect(Array.from(small)).toEqual(Array.from(out.subarray(0, 4)));
  });

  it(`binary labels past ${INFERENCE_ROWS} rows: each chunk's labels land at its own rows`, () => {
    const rows = INFERENCE_ROWS + 7;
    const model = new MLP({ inputs: 2, layers: [{ units: 2, activation: 'sigmoid' }], loss: 'binaryCrossEntropy' }, { backend: JS });
    model.setWeights([{ weights: [[1, -1], [0.5, 2]], bias: [0, -0.2] }]);
    const x = randomValues(rows * 2, 9);
    const p = model.predictProba(x);
    expect(Array.from(model.predict(x))).toEqual(Array.from(p, (v) => (v >= 0.5 ? 1 : 0)));
  });

  it('predictInto refuses a short or non-float out, naming the size it needs', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 3 }], loss: 'mse' }, { backend: JS });
    expect(() => model.predictInto(new Float32Array(4), new Float32Array(5))).toThrow(new RangeError('out.length must be at least 6 (rows × outputs), got 5'));
    expect(() => model.predictInto(new Float32Array(4), new Float64Array(6) as never)).toThrow(new RangeError('out.length must be at least 6 (rows × outputs), got 6'));
    expect(() => model.predictInto(new Float32Array(4), Float32Array.of(1, 2, 3, 4, 5, 6, 7))).not.toThrow();
    expect(() => model.predictInto(new Float32Array(4), undefined as never)).toThrow(new RangeError('out.length must be at least 6 (rows × outputs), got undefined'));
  });

  it('predictInto refuses a non-finite input, the first value included, on the one-call path and the layer-by-layer one', () => {
    const plain = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'relu' }, { units: 1 }], loss: 'mse' }, { backend: JS });
    const normalized = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'relu', batchNorm: true }, { units: 1 }], loss: 'mse' }, { backend: JS });
    for (const model of [plain, normalized]) {
      const out = new Float32Array(3).fill(-1);
      expect(() => model.predictInto(Float32Array.of(Number.NaN, 1), out)).toThrow(new RangeError('x[0][0] must be a finite number, got NaN'));
      expect(() => model.predictInto(Float32Array.of(1, 2, 3, Number.POSITIVE_INFINITY), out)).toThrow(new RangeError('x[1][1] must be a finite number, got Infinity'));
      // Rows × outputs entries written, no more.
      model.predictInto(Float32Array.of(1, 2, 3, 4), out);
      expect(Array.from(out.subarray(0, 2))).toEqual(Array.from(model.predict([[1, 2], [3, 4]])));
      expect(out[2]).toBe(-1);
    }
  });

  it('predictInto restores a target scaler\'s units; predict too', () => {
    const model = new MLP({ inputs: 1, layers: [{ units: 1 }], loss: 'mse' }, { backend: JS });
    model.setWeights([{ weights: [[2]], bias: [1] }]);
    model.targetScaler = new StandardScaler().fit([10, 14], 1); // mean 12, std 2
    const out = new Float32Array(2);
    model.predictInto(Float32Array.of(0, 1), out);
    expect(Array.from(out)).toEqual([14, 18]);
    expect(Array.from(model.predict([[0], [1]]))).toEqual([14, 18]);
  });
});

describe('MLP scalers', () => {
  const regressor = () => {
    const model = new MLP({ inputs: 1, layers: [{ units: 1 }], loss: 'mse' }, { backend: JS });
    model.setWeights([{ weights: [[2]], bias: [1] }]);
    return model;
  };

  it('scales inputs on every inference path, and refuses a scaler refitted on other columns', () => {
    const model = regressor();
    // x' = (x − 1) / 2: x = 3 → 1 → 3; x = −1 → −1 → −1.
    const scaler = new StandardScaler().fit([[-1], [3]]);
    model.inputScaler = scaler;
    expect(model.inputScaler).toBe(scaler);
    expect(Array.from(model.predict([[3], [-1]]))).toEqual([3, -1]);
    const out = new Float32Array(2);
    model.predictInto(Float32Array.of(3, -1), out);
    expect(Array.from(out)).toEqual([3, -1]);
    expect(model.evaluate([[3], [-1]], [3, -1]).loss).toBe(0);
    scaler.fit([[1, 2], [3, 4]]);
    const refused = new RangeError("inputScaler.features must be the model's inputs (1); it was refitted after it was attached, got 2");
    expect(() => model.predict([[3]])).toThrow(refused);
    expect(() => model.predictInto(Float32Array.of(3), out)).toThrow(refused);
    expect(() => model.evaluate([[3]], [3])).toThrow(refused);
    model.inputScaler = undefined;
    expect(Array.from(model.predict([[3]]))).toEqual([7]);
  });

  it('a target scaler over two outputs of a two-input model: predictInto restores exactly rows × outputs values, evaluate all of them', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 2 }], loss: 'mse' }, { backend: JS });
    model.setWeights([{ weights: [[1, 0], [0, 1]], bias: [0, 0] }]);
    model.targetScaler = new StandardScaler().fit([[0, 10], [2, 30]]); // means 1, 20; stds 1, 10
    const out = new Float32Array(5).fill(-1);
    model.predictInto(Float32Array.of(1, 2, -1, 0), out);
    expect(Array.from(out)).toEqual([2, 40, 0, 20, -1]);
    // Targets equal to the predictions in original units: every error is 0.
    expect(model.evaluate([[1, 2], [-1, 0]], [[2, 40], [0, 20]]).mse).toBe(0);
    expect(model.evaluate([[1, 2], [-1, 0]], [[2, 40], [0, 30]]).mae).toBeCloseTo(10 / 4, 5);
  });

  it('a target scaler: loss in standardised units, MSE, MAE and predictions in the original ones', () => {
    const model = regressor();
    model.targetScaler = new StandardScaler().fit([10, 14], 1); // mean 12, std 2
    // Standardised outputs 1, 3 → original 14, 18; targets 14, 20 → standardised 1, 4.
    const metrics = model.evaluate([[0], [1]], [14, 20]);
    expect(metrics.loss).toBeCloseTo(0.5, 6);
    expect(metrics.mse).toBeCloseTo(2, 6);
    expect(metrics.mae).toBeCloseTo(1, 6);
    expect(Array.from(model.predict([[0], [1]]))).toEqual([14, 18]);
    model.targetScaler = undefined;
    expect(model.targetScaler).toBeUndefined();
    expect(Array.from(model.predict([[0], [1]]))).toEqual([1, 3]);
  });
});

describe('MLP.evaluate', () => {
  const data = () => {
    const model = new MLP({ inputs: 1, layers: [{ units: 1 }], loss: 'mse', regularization: { l2: 0.1 } }, { backend: JS });
    model.setWeights([{ weights: [[2]], bias: [0] }]);
    return { model, x: [[1], [2], [3]], y: [2, 5, 3] };
  };

  it('scores the rows it is given, and adds the weight penalty to the loss', () => {
    const { model, x, y } = data();
    // Outputs 2, 4, 6; errors 0, −1, 3; penalty 0.1·2² = 0.4.
    expect(model.evaluate(x, y).loss).toBeCloseTo(10 / 3 + 0.4, 5);
    expect(model.evaluate(x, y, { rows: Int32Array.of(2, 1) }).loss).toBeCloseTo(5 + 0.4, 5);
    expect(model.evaluate(x, y, { rows: Int32Array.of(0) }).mae).toBe(0);
    // Again: evaluating twice gives the same loss (the penalty is not accumulated).
    expect(model.evaluate(x, y).loss).toBeCloseTo(10 / 3 + 0.4, 5);
  });

  it('scores a classifier alike from class indices and from one-hot rows', () => {
    const model = new MLP({ inputs: 1, layers: [{ units: 2, activation: 'softmax' }], loss: 'categoricalCrossEntropy' }, { backend: JS });
    model.setWeights([{ weights: [[1], [-1]], bias: [0, 0] }]);
    // x = 1 → class 0, x = −1 → class 1, x = 2 → class 0: two of three right.
    const x = [[1], [-1], [2]];
    const byIndex = model.evaluate(x, [0, 1, 1]);
    expect(byIndex.accuracy).toBeCloseTo(2 / 3, 10);
    expect(model.evaluate(x, [[1, 0], [0, 1], [0, 1]])).toEqual(byIndex);
  });

  it('refuses rows that are not a non-empty Int32Array of indices in range', () => {
    const { model, x, y } = data();
    expect(() => model.evaluate(x, y, { rows: [0, 1] as never })).toThrow(new TypeError('evaluate options.rows must be a non-empty Int32Array of row indices, got Array(2)'));
    expect(() => model.evaluate(x, y, { rows: new Int32Array(0) })).toThrow(TypeError);
    expect(() => model.evaluate(x, y, { rows: Int32Array.of(0, 3) })).toThrow(new RangeError('evaluate options.rows[1] must be a row index in [0, 3), got 3'));
    expect(() => model.evaluate(x, y, { rows: Int32Array.of(-1) })).toThrow(new RangeError('evaluate options.rows[0] must be a row index in [0, 3), got -1'));
    expect(model.evaluate(x, y, { rows: Int32Array.of(2) }).loss).toBeCloseTo(9 + 0.4, 5);
  });
});

describe('MLP training steps', () => {
  const config = { inputs: 3, inputDropout: 0.2, layers: [{ units: 4, activation: 'relu' as const, batchNorm: true, dropout: 0.3 }, { units: 2, activation: 'softmax' as const }], loss: 'categoricalCrossEntropy' as const, seed: 4 };
  const x = randomValues(6 * 3, 3);
  const y = Int32Array.of(0, 1, 1, 0, 1, 0);

  it('computeGradients puts back the running statistics and the dropout stream', () => {
    const model = new MLP(config, { backend: JS });
    const state = Array.from(model.state);
    const first = model.computeGradients(x, y);
    expect(Array.from(model.state)).toEqual(state);
    const second = model.computeGradients(x, y);
    expect(second.loss).toBe(first.loss);
    expect(second.gradients).toEqual(first.gradients);
  });

  it('trainOnBatch compiles the default optimizer and steps alike from typed arrays and plain ones', () => {
    const typed = new MLP(config, { backend: JS });
    const plain = new MLP(config, { backend: JS });
    expect(typed.compile()).toBe(typed);
    const lossTyped = typed.trainOnBatch(Float32Array.from(x), y);
    const lossPlain = plain.trainOnBatch(Array.from(x), Array.from(y));
    expect(plain.optimizer).toBeDefined();
    expect(lossPlain).toBe(lossTyped);
    expect(Array.from(plain.parameters)).toEqual(Array.from(typed.parameters));
    expect(Array.from(plain.state)).toEqual(Array.from(typed.state));
    expect(Array.from(plain.state)).not.toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    // A step moved plain's dropout stream; a copy of its weights on a fresh model draws other
    // masks until both streams are reseeded alike.
    const copy = new MLP(config, { backend: JS });
    copy.setWeights(plain.getWeights());
    copy.state.set(plain.state);
    expect(copy.computeGradients(x, y).loss).not.toBe(plain.computeGradients(x, y).loss);
    copy.reseedDropout(123);
    plain.reseedDropout(123);
    expect(copy.computeGradients(x, y).loss).toBe(plain.computeGradients(x, y).loss);
  });

  it('trainOnBatch steps with the compiled optimizer: plain SGD moves each parameter by −lr·gradient, twice', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 1 }], loss: 'mse', seed: 3 }, { backend: JS });
    model.compile({ optimizer: { type: 'sgd', lr: 0.1 } });
    for (let step = 0; step < 2; step++) {
      const before = Array.from(model.parameters);
      const { loss } = model.computeGradients([[1, 2], [-1, 0.5]], [[1], [0]]);
      const grads = Array.from(model.gradients);
      expect(model.trainOnBatch(Float32Array.of(1, 2, -1, 0.5), Float32Array.of(1, 0))).toBe(loss);
      Array.from(model.parameters).forEach((v, i) => expect(v).toBeCloseTo(before[i]! - 0.1 * grads[i]!, 6));
    }
  });

  it('names x and y in the errors of trainOnBatch and computeGradients', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 1 }], loss: 'mse' }, { backend: JS });
    for (const call of [(a: number[][], b: number[][]) => model.trainOnBatch(a, b), (a: number[][], b: number[][]) => model.computeGradients(a, b)]) {
      expect(() => call([[1, 2]], [[1], [2]])).toThrow(new RangeError('y.length must be 1×1 values, got 2'));
      expect(() => call([[1]], [[1]])).toThrow(new RangeError("x[0].length must be 2 (the model's inputs), got 1"));
    }
  });

  it('draws dropout masks of 0 and 1/(1 − rate) on the inputs and on each layer with dropout', () => {
    const model = new MLP({ inputs: 4, inputDropout: 0.5, layers: [{ units: 8, activation: 'tanh', dropout: 0.75 }, { units: 1 }], loss: 'mse', seed: 2 }, { backend: JS });
    model.computeGradients(randomValues(16 * 4, 1), randomValues(16, 2));
    const ws = model.workspace(16);
    const values = (mask: Float32Array, n: number) => [...new Set(mask.subarray(0, n))].sort();
    expect(values(ws.xMask!, 64)).toEqual([0, 2]);
    expect(values(ws.layers[0]!.mask!, 128)).toEqual([0, 4]);
  });

  it('parametersFinite and gradientSquares read the flat buffers', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 1 }], seed: 1 }, { backend: JS });
    const { gradients } = model.computeGradients([[1, 2], [0.5, -1]], [[1], [0]]);
    const squares = new Float64Array(2);
    model.gradientSquares(squares);
    gradients.forEach((g, l) => expect(squares[l]).toBeCloseTo(g.weights.reduce((s, v) => s + v * v, 0), 10));
    expect(model.parametersFinite()).toBe(true);
    model.parameters[model.parameterCount - 1] = Number.POSITIVE_INFINITY;
    expect(model.parametersFinite()).toBe(false);
    model.parameters[model.parameterCount - 1] = Number.NaN;
    expect(model.parametersFinite()).toBe(false);
  });
});

describe('MLP.fit', () => {
  it('runs the installed loop, and keeps a workspace replaced during it until it ends', () => {
    // The js provider with its release recorded: a replaced workspace is handed back to it.
    const released: unknown[] = [];
    const backend = new CheckedBackend({ ...createJsProvider(), release: (array) => void released.push(array) });
    const model = new MLP({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1 }], seed: 1 }, { backend });
    let during = -1;
    const history = model.fit([[0, 1], [1, 0], [1, 1], [0, 0]], [[1], [1], [0], [0]], {
      epochs: 2,
      batchSize: 4,
      monitorGradients: false,
      callbacks: [{ onEpochEnd: () => void ((during = released.length), model.workspace(64 + during)) }],
    });
    expect(history.epoch).toEqual([0, 1]);
    expect(history.history.loss).toHaveLength(2);
    expect(during).toBe(0);
    expect(released.length).toBeGreaterThan(0);
    // Unpinned again: a larger batch now hands the old buffers back at once.
    const before = released.length;
    model.workspace(4096);
    expect(released.length).toBeGreaterThan(before);
  });
});

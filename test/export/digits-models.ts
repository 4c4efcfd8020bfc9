// Small models trained briefly on the bundled digits, one per thing an exporter must map: every
// activation, batch norm, residual sums (same width and projected), both scalers, and
// classifiers with softmax or sigmoid outputs and a regressor. A few epochs: what matters is
// that the weights are no longer their initial values, not the accuracy.
import { MinMaxScaler, StandardScaler, loadDigitsSplit, oneHot } from '../../src/data/index.ts';
import type { LayerConfig } from '../../src/nn/config.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import type { Scaler } from '../../src/nn/model-file.ts';

export interface DigitsModel {
  name: string;
  model: MLP;
  scaler?: Scaler;
}

/** Raw test pixels (0 … 16), the input an export with its scaler takes. */
export const { train: DIGITS_TRAIN, test: DIGITS_TEST } = loadDigitsSplit();

const HIDDEN: Record<string, LayerConfig> = {
  sigmoid: { units: 24, activation: 'sigmoid' },
  tanh: { units: 24, activation: 'tanh' },
  relu: { units: 24, activation: 'relu' },
  leakyRelu: { units: 24, activation: 'leakyRelu', alpha: 0.2 },
  elu: { units: 24, activation: 'elu' },
  'elu alpha 0.5': { units: 24, activation: 'elu', alpha: 0.5 },
  selu: { units: 24, activation: 'selu' },
  softplus: { units: 24, activation: 'softplus' },
  prelu: { units: 24, activation: 'prelu' },
  linear: { units: 24, activation: 'linear' },
};

function train(name: string, layers: LayerConfig[], options: { scaler?: Scaler; loss?: string; epochs?: number } = {}): DigitsModel {
  const model = new MLP({ inputs: 64, layers, seed: 3, ...(options.loss ? { loss: options.loss } : {}) });
  const scaler = options.scaler?.fit(DIGITS_TRAIN);
  const x = scaler ? scaler.transform(DIGITS_TRAIN).x : DIGITS_TRAIN.x.map((v) => v / 16);
  const labels = DIGITS_TRAIN.y as Int32Array;
  const y = options.loss === 'binaryCrossEntropy' ? oneHot(labels, 10) : options.loss === 'mse' ? Float32Array.from(labels, (v) => v / 9) : labels;
  model.fit(x, y, { epochs: options.epochs ?? 2, batchSize: 64, seed: 5 });
  return { name, model, ...(scaler ? { scaler } : {}) };
}

const softmax: LayerConfig = { units: 10, activation: 'softmax' };

/** Every hidden activation, each behind a StandardScaler, with a softmax output. */
export function activationModels(): DigitsModel[] {
  return Object.entries(HIDDEN).map(([name, hidden]) => train(name, [hidden, { ...hidden, units: 16 }, softmax], { scaler: new StandardScaler() }));
}

/** Batch norm, residual layers, the other scaler, other outputs. */
export function structureModels(): DigitsModel[] {
  return [
    train('batch norm (relu, prelu, elu 0.5)', [
      { units: 32, activation: 'relu', batchNorm: true },
      { units: 24, activation: 'prelu', batchNorm: { momentum: 0.3, eps: 1e-3 } },
      { units: 16, activation: 'elu', alpha: 0.5, batchNorm: true },
      softmax,
    ], { scaler: new StandardScaler(), epochs: 3 }),
    train('residual: projected and same width, with batch norm', [
      { units: 32, activation: 'tanh', residual: true },
      { units: 32, activation: 'leakyRelu', residual: true, batchNorm: true },
      { units: 16, activation: 'selu', residual: true },
      softmax,
    ], { scaler: new StandardScaler() }),
    train('residual on the scaled input itself', [{ units: 64, activation: 'softplus', residual: true }, softmax], { scaler: new MinMaxScaler() }),
    train('MinMaxScaler, sigmoid outputs (binary cross-entropy)', [{ units: 24, activation: 'relu' }, { units: 10, activation: 'sigmoid' }], {
      scaler: new MinMaxScaler({ featureRange: [-1, 1] }),
      loss: 'binaryCrossEntropy',
    }),
    train('no scaler', [{ units: 24, activation: 'relu', dropout: 0.2 }, softmax]),
    train('regressor (linear output, mse)', [{ units: 24, activation: 'tanh' }, { units: 1, activation: 'linear' }], { scaler: new StandardScaler(), loss: 'mse' }),
  ];
}

/** The test pixels an exported file gets: raw (0 … 16) when its scaler is built in, else /16 as in training. */
export function exportInput({ scaler }: DigitsModel): Float32Array {
  return scaler ? DIGITS_TEST.x : DIGITS_TEST.x.map((v) => v / 16);
}

/** What the exported file must reproduce: predictProba (predict for a regressor) on the same rows, scaled in hyperprop. */
export function expectedOutputs(digits: DigitsModel): Float32Array {
  const x = exportInput(digits);
  const input = digits.scaler ? digits.scaler.transform(x) : x;
  return digits.model.config.loss === 'mse' ? (digits.model.predict(input) as Float32Array) : digits.model.predictProba(input);
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

// computeGradients is documented "without updating": it runs the training-mode forward pass (batch
// statistics, dropout) but must leave the model exactly as it was.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { LOADED } from '../backend/backends.ts';

const iris = loadIris();
const x = new StandardScaler().fit(iris).transform(iris).x;

describe('MLP.computeGradients', () => {
  it.each(LOADED)('leaves batch norm’s running statistics and the predictions bit-identical (%s)', (_name, backend) => {
    const model = new MLP({ inputs: 4, layers: [{ units: 8, activation: 'relu', batchNorm: true }, { units: 3, activation: 'softmax' }], seed: 5 }, { backend });
    model.fit(x, iris.y, { epochs: 2, batchSize: 16, monitorGradients: false });
    const state = Array.from(model.state);
    const before = Array.from(model.predictProba(x));
    // A batch whose statistics differ from the running ones, so an update would show.
    const { gradients } = model.computeGradients(x.subarray(0, 4 * 12), iris.y.subarray(0, 12));
    expect(gradients[0]!.gamma!.some((g) => g !== 0)).toBe(true);
    expect(Array.from(model.state)).toEqual(state);
    expect(Array.from(model.predictProba(x))).toEqual(before);
  });

  it.each(LOADED)('draws the same dropout mask on every call: the dropout stream does not advance (%s)', (_name, backend) => {
    const model = new MLP({ inputs: 4, layers: [{ units: 16, activation: 'relu', dropout: 0.5 }, { units: 3, activation: 'softmax' }], seed: 3 }, { backend });
    const first = model.computeGradients(x.subarray(0, 40), iris.y.subarray(0, 10));
    const second = model.computeGradients(x.subarray(0, 40), iris.y.subarray(0, 10));
    expect(second.loss).toBe(first.loss);
    expect(Array.from(second.gradients[0]!.weights)).toEqual(Array.from(first.gradients[0]!.weights));
  });
});

// The output layer's width follows the data and the output activation: one unit per class
// after softmax, but a single sigmoid unit (binary cross-entropy) for a two-class problem.
import { describe, expect, it } from 'vitest';
import { buildModel, mlpConfig } from '../../src/config/build-model.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { validateConfig } from '../../src/config/load-config.ts';
import { Dataset } from '../../src/data/dataset.ts';

const xor = Dataset.fromArrays([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { classNames: ['0', '1'] });
const three = Dataset.fromArrays([[0], [1], [2]], [0, 1, 2], { classNames: ['a', 'b', 'c'] });

function configOf(model: object) {
  return validateConfig({ data: { builtin: 'xor' }, model, training: { epochs: 1, batchSize: 4, optimizer: { type: 'sgd', lr: 0.5 } } });
}

describe('mlpConfig', () => {
  it('gives a two-class problem with a sigmoid output one unit and binary cross-entropy', () => {
    const { model, training } = configOf({ hidden: [{ units: 4, activation: 'sigmoid' }], output: { activation: 'sigmoid' }, seed: 1 });
    expect(mlpConfig(model, xor).layers.at(-1)).toEqual({ units: 1, activation: 'sigmoid' });
    const mlp = buildModel(model, training, xor);
    expect(mlp.outputs).toBe(1);
    expect(mlp.config.loss).toBe('binaryCrossEntropy');
    // Class labels 0/1 are the sigmoid unit's targets: training takes them as they are.
    const history = mlp.fit(xor.x, xor.y, { epochs: 2, batchSize: 4 });
    expect(history.history.loss).toHaveLength(2);
  });

  it('keeps one unit per class after softmax, and for more than two classes', () => {
    const softmax = configOf({ hidden: [{ units: 4 }] }).model;
    expect(mlpConfig(softmax, xor).layers.at(-1)).toEqual({ units: 2, activation: 'softmax' });
    const sigmoid = configOf({ hidden: [{ units: 4 }], output: { activation: 'sigmoid' } }).model;
    expect(mlpConfig(sigmoid, three).layers.at(-1)).toEqual({ units: 3, activation: 'sigmoid' });
  });
});

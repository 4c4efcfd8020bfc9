// Unknown config keys: the message suggests the closest known name at that level (from the
// schema itself), and says nothing more when no known name is close.
import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/config/closest-name.ts';
import { configProblems as problems } from '../fixtures/config-problems.ts';

const iris = { builtin: 'iris' };

describe('unknown config keys', () => {
  it('suggests the closest known name at the same level', () => {
    expect(problems({ data: iris, training: { optimiser: { type: 'sgd' } } })).toEqual(['training.optimiser is not a known setting; did you mean "optimizer"?']);
    expect(problems({ data: iris, training: { epoch: 3 } })).toEqual(['training.epoch is not a known setting; did you mean "epochs"?']);
    expect(problems({ data: iris, trainig: {} })).toEqual(['trainig is not a known setting; did you mean "training"?']);
    expect(problems({ data: iris, training: { optimizer: { type: 'sgd', momentun: 0.9 } } })).toEqual(['training.optimizer.momentun is not a known setting; did you mean "momentum"?']);
  });

  it('looks inside lists, unions and the branch of a discriminated union that the value chose', () => {
    expect(problems({ data: iris, model: { hidden: [{ units: 4, activaton: 'relu' }] } })).toEqual(['model.hidden[0].activaton is not a known setting; did you mean "activation"?']);
    expect(problems({ data: iris, model: { hidden: [{ units: 4, batchNorm: { momentun: 0.1 } }] } })).toEqual(['model.hidden[0].batchNorm.momentun is not a known setting; did you mean "momentum"?']);
    expect(problems({ data: iris, training: { schedule: { type: 'step', stepsize: 2 } } })).toContain('training.schedule.stepsize is not a known setting; did you mean "stepSize"?');
    expect(problems({ data: iris, training: { schedule: { type: 'cosine', epochs: 5, minLR: 0.01 } } })).toEqual(['training.schedule.minLR is not a known setting; did you mean "minLr"?']);
  });

  it('keeps the plain message when no known name is close, and never suggests a key already given', () => {
    expect(problems({ data: iris, training: { learningRate: 0.1 } })).toEqual(['training.learningRate is not a known setting (check its spelling and level)']);
    expect(problems({ data: iris, training: { epochs: 3, epoch: 3 } })).toEqual(['training.epoch is not a known setting (check its spelling and level)']);
  });
});

describe('closestName', () => {
  it('counts a swap of neighbours as one edit and ignores case', () => {
    expect(closestName('trianing', ['training', 'tune'])).toBe('training');
    expect(closestName('BATCHSIZE', ['batchSize', 'epochs'])).toBe('batchSize');
    expect(closestName('lr', ['l1', 'l2'])).toBeUndefined();
    expect(closestName('xyz', [])).toBeUndefined();
  });
});

// Augmentation as a remedy for overfitting, measured: on digits with 30% of the training split
// (431 rows, a 64-128-10 network that fits them perfectly), input noise and mixup each narrow the
// train/test accuracy gap left by no augmentation, averaged over ten seeded subsets. On wine the
// same experiment does not narrow it (bench/augment-gap.ts prints both; docs/overfitting-remedies.md).
import { describe, expect, it } from 'vitest';
import { DIGITS_MAX_PIXEL, loadDigitsSplit } from '../../src/data/builtin.ts';
import { trainTestSplit } from '../../src/data/split.ts';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import type { AugmentOptions } from '../../src/train/augment.ts';

const SEEDS = 10;

const digits = loadDigitsSplit({ scale: 1 / DIGITS_MAX_PIXEL });

function meanGap(augment: AugmentOptions | undefined): { gap: number; testAccuracy: number } {
  let gap = 0;
  let testAccuracy = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const train = trainTestSplit(digits.train, { testSize: 0.7, seed }).train;
    const model = new MLP({ inputs: 64, layers: [{ units: 128, activation: 'relu' }, { units: 10, activation: 'softmax' }], loss: 'categoricalCrossEntropy', seed });
    model.fit(train.x, train.y, { epochs: 100, batchSize: 32, optimizer: { type: 'adam', lr: 3e-3 }, augment, monitorGradients: false, seed });
    const test = model.evaluate(digits.test.x, digits.test.y).accuracy!;
    gap += model.evaluate(train.x, train.y).accuracy! - test;
    testAccuracy += test;
  }
  return { gap: gap / SEEDS, testAccuracy: testAccuracy / SEEDS };
}

describe('augmentation narrows the generalisation gap on a small digits training set', () => {
  const none = meanGap(undefined);

  it('no augmentation leaves a gap of a few points (the model memorises its 431 rows)', () => {
    expect(none.gap).toBeGreaterThan(0.03);
  });

  it.each([
    ['input noise σ = 0.2', { noise: 0.2 }],
    ['mixup α = 0.2', { mixup: 0.2 }],
  ] as const)('%s: gap at least 0.25 points narrower, test accuracy no lower', (_, augment) => {
    const augmented = meanGap(augment);
    expect(augmented.gap).toBeLessThan(none.gap - 0.0025);
    expect(augmented.testAccuracy).toBeGreaterThanOrEqual(none.testAccuracy);
  });
});

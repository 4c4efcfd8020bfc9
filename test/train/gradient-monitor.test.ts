// The gradient monitor's warnings number layers and epochs from 1, as the example's tables, the
// CLI and the report's heatmap do, while history.warnings keeps 0-based indices into
// history.gradientNorms.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../src/nn/mlp.ts';
import '../../src/train/fit.ts'; // installs the loop behind MLP.fit
import { StandardScaler, loadIris } from '../../src/data/index.ts';
import { formatGradientWarning } from '../../src/train/gradient-monitor.ts';
import { JS } from '../backend/backends.ts';

const iris = loadIris();
const x = new StandardScaler().fit(iris).transform(iris).x;

async function warningsOf(run: () => void): Promise<string[]> {
  const messages: string[] = [];
  const listener = (warning: Error & { code?: string }): void => {
    if (warning.code === 'HYPERPROP_GRADIENT') messages.push(warning.message);
  };
  process.on('warning', listener);
  try {
    run();
    // process.emitWarning delivers on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  return messages;
}

describe('gradient warnings', () => {
  it('name the first hidden layer "layer 1" and the first epoch "epoch 1"', async () => {
    const sigmoid = { units: 8, activation: 'sigmoid' } as const;
    const model = new MLP({ inputs: 4, layers: [sigmoid, sigmoid, sigmoid, { units: 3, activation: 'softmax' }], seed: 3 }, { backend: JS });
    let history: ReturnType<MLP['fit']> | undefined;
    // A ratio of 1 flags every layer but the one with the largest norm (here the output layer).
    const messages = await warningsOf(() => {
      history = model.fit(x, iris.y, { epochs: 1, batchSize: 32, optimizer: { type: 'sgd', lr: 0.05 }, monitorGradients: { vanishingRatio: 1 } });
    });
    const warnings = history!.warnings!;
    expect(warnings.map((w) => w.layer)).toEqual([0, 1, 2]);
    expect(warnings.every((w) => w.epoch === 0)).toBe(true);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^hyperprop: layer 1's gradient is vanishing \(mean norm \S+ in epoch 1; /);
    expect(messages[2]).toMatch(/^hyperprop: layer 3's gradient is vanishing/);
    expect(messages.join('\n')).not.toMatch(/layer 0|epoch 0/);
  });

  it('formatGradientWarning states the kind, the norm and both thresholds', () => {
    const text = formatGradientWarning({ epoch: 4, layer: 6, kind: 'exploding', norm: 2345 }, { vanishingRatio: 1e-3, explodingNorm: 1000 });
    expect(text).toBe("hyperprop: layer 7's gradient is exploding (mean norm 2.35e+3 in epoch 5; thresholds: below 0.001× the largest layer's, above 1000)");
  });
});

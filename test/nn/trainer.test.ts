// MLP.fit reaches the training loop of src/train through src/nn/trainer.ts: with src/nn alone it
// refuses with an error that says what to import; once src/train/fit.ts (or the package entry)
// is loaded it trains exactly as fitModel does. Each test starts from a fresh module graph, so
// what one test loads cannot install the loop for the next.
import { beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createBackend } from '../../src/backend/registry.ts';
// Types only (erased at run time), so this file's module graph still starts without the loop.
import type { Callback, FitOptions, History, MLP as PackageMLP } from '../../src/index.ts';

const CONFIG = { inputs: 2, layers: [{ units: 4, activation: 'tanh' as const }, { units: 1, activation: 'linear' as const }], loss: 'mse' as const, seed: 5 };
const X = [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.25], [0.25, 0.75]];
const Y = [0, 1, 1, 0, 0.4, 0.6];
const OPTIONS = { epochs: 3, batchSize: 2, seed: 9, monitorGradients: false };
const backend = createBackend('js');

beforeEach(() => {
  vi.resetModules();
});

describe('MLP.fit through the trainer seam', () => {
  it('throws a TrainerMissingError naming what to import when only src/nn is loaded, and trains nothing', async () => {
    const { MLP } = await import('../../src/nn/mlp.ts');
    const { TrainerMissingError } = await import('../../src/errors.ts');
    const model = new MLP(CONFIG, { backend });
    const before = Float32Array.from(model.parameters);
    expect(() => model.fit(X, Y, OPTIONS)).toThrow(TrainerMissingError);
    expect(() => model.fit(X, Y)).toThrow("MLP.fit needs the training loop, which is not loaded: import the model from the package entry ('hyperprop'), or import src/train/fit.ts once before calling fit");
    expect(model.parameters).toEqual(before);
    expect(model.predict(X).length).toBe(X.length);
  });

  it('trains once src/train/fit.ts is loaded, with the same history and weights as fitModel', async () => {
    const { MLP } = await import('../../src/nn/mlp.ts');
    const { fitModel } = await import('../../src/train/fit.ts');
    const [viaFit, viaLoop] = [new MLP(CONFIG, { backend }), new MLP(CONFIG, { backend })];
    const history = viaFit.fit(X, Y, OPTIONS);
    expect(history).toEqual(fitModel(viaLoop, X, Y, OPTIONS));
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(viaFit.parameters).toEqual(viaLoop.parameters);
  });

  it('trains when the model comes from the package entry', async () => {
    const { MLP } = await import('../../src/index.ts');
    const model = new MLP(CONFIG, { backend });
    const before = Float32Array.from(model.parameters);
    expect(model.fit(X, Y, OPTIONS).status).toBe('completed');
    expect(model.parameters).not.toEqual(before);
  });
});

describe('the types package users see', () => {
  it('MLP.fit takes FitOptions and returns History, both exported by the package entry (checked by npm run typecheck)', () => {
    expectTypeOf<Parameters<PackageMLP['fit']>[2]>().toEqualTypeOf<FitOptions | undefined>();
    expectTypeOf<ReturnType<PackageMLP['fit']>>().toEqualTypeOf<History>();
    expectTypeOf<FitOptions['callbacks']>().toEqualTypeOf<Callback[] | undefined>();
  });
});

// The report's trace tables carry the same formulas as the printed trace (trace-labels.ts),
// batch as rows and layers numbered from 1.
import { describe, expect, it } from 'vitest';
import { MLP } from '../../../src/nn/mlp.ts';
import { traceStep } from '../../../src/nn/trace.ts';
import { traceTables } from '../../../src/report/tables/trace-tables.ts';

describe('traceTables', () => {
  it('captions each table with its batch-as-rows formula and numbers layers from 1', () => {
    const model = new MLP({ inputs: 2, layers: [{ units: 4, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], loss: 'binaryCrossEntropy', seed: 1 });
    const html = traceTables(traceStep(model, [[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { lr: 0.5, apply: false }));
    const captions = [...html.matchAll(/<caption>([^<]*)<\/caption>/g)].map((m) => m[1]);
    expect(captions).toEqual([
      'A(0) = X (rows × features)',
      'Forward: Z(1) = A(0)·W(1)ᵀ + b(1)',
      'A(1) = g(Z(1))',
      'Backward: δ(1) = (δ(2)·W(2)) ⊙ g′(Z(1))',
      '∂E/∂W(1) = δ(1)ᵀ·A(0)',
      'W(1) (units × inputs)',
      'Update: W(1) − lr·∂E/∂W(1)',
      'b(1), ∂E/∂b(1) = Σ rows of δ(1), b(1) − lr·∂E/∂b(1)',
      'Forward: Z(2) = A(1)·W(2)ᵀ + b(2)',
      'A(2) = g(Z(2))',
      'Backward: δ(2) = ∂E/∂Z(2)',
      '∂E/∂W(2) = δ(2)ᵀ·A(1)',
      'W(2) (units × inputs)',
      'Update: W(2) − lr·∂E/∂W(2)',
      'b(2), ∂E/∂b(2) = Σ rows of δ(2), b(2) − lr·∂E/∂b(2)',
    ]);
    expect(html).toContain('<h3>Layer 1 (sigmoid)</h3>');
    expect(html).toContain('<h3>Layer 2 (sigmoid)</h3>');
  });
});

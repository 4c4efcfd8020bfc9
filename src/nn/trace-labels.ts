// The one notation for the backprop math, written the way the code computes it: a batch is a
// matrix with one row per example, W(l) is stored units × inputs (as torch.nn.Linear), layers
// are numbered from 1 and A(0) is the input. The printed trace, the report's trace tables and
// docs/backprop-step-by-step.md all take their formulas from here.
//   Z(l) = A(l−1)·W(l)ᵀ + b(l)          A(l) = g(Z(l))
//   δ(L) = ∂E/∂Z(L)                     δ(l) = (δ(l+1)·W(l+1)) ⊙ g′(Z(l))
//   ∂E/∂W(l) = δ(l)ᵀ·A(l−1)             ∂E/∂b(l) = Σ rows of δ(l)

export interface TraceLabels {
  z: string;
  a: string;
  delta: string;
  weights: string;
  dWeights: string;
  weightsAfter: string;
  /** The three bias columns: b, its gradient, and b after the step. */
  bias: [string, string, string];
}

export const INPUT_LABEL = 'A(0) = X (rows × features)';

/** The formulas of layer `l` (1-based) in a network of `last` layers. */
export function traceLabels(l: number, last: number): TraceLabels {
  const delta = l === last ? `δ(${l}) = ∂E/∂Z(${l})` : `δ(${l}) = (δ(${l + 1})·W(${l + 1})) ⊙ g′(Z(${l}))`;
  return {
    z: `Z(${l}) = A(${l - 1})·W(${l})ᵀ + b(${l})`,
    a: `A(${l}) = g(Z(${l}))`,
    delta,
    weights: `W(${l}) (units × inputs)`,
    dWeights: `∂E/∂W(${l}) = δ(${l})ᵀ·A(${l - 1})`,
    weightsAfter: `W(${l}) − lr·∂E/∂W(${l})`,
    bias: [`b(${l})`, `∂E/∂b(${l}) = Σ rows of δ(${l})`, `b(${l}) − lr·∂E/∂b(${l})`],
  };
}

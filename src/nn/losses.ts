// Loss names, the output activation each needs, and the fused kernel that computes it.
import type { Activation } from './activations.ts';

export type Loss = 'mse' | 'binaryCrossEntropy' | 'categoricalCrossEntropy';
export const LOSSES: readonly Loss[] = ['mse', 'binaryCrossEntropy', 'categoricalCrossEntropy'];

const ALIASES: Record<string, Loss> = {
  meanSquaredError: 'mse',
  mean_squared_error: 'mse',
  binary_crossentropy: 'binaryCrossEntropy',
  binaryCrossentropy: 'binaryCrossEntropy',
  bce: 'binaryCrossEntropy',
  categorical_crossentropy: 'categoricalCrossEntropy',
  categoricalCrossentropy: 'categoricalCrossEntropy',
  sparse_categorical_crossentropy: 'categoricalCrossEntropy',
  crossEntropy: 'categoricalCrossEntropy',
};

export function normalizeLoss(name: string): Loss | undefined {
  if ((LOSSES as readonly string[]).includes(name)) return name as Loss;
  // Own keys only: 'constructor' or 'toString' would otherwise come back as a function.
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}

/**
 * Cross-entropies are computed from the logits with the output activation fused in (stable for
 * any logit), so they need the matching output; MSE works after any output activation.
 */
export const REQUIRED_OUTPUT: Partial<Record<Loss, Activation>> = {
  binaryCrossEntropy: 'sigmoid',
  categoricalCrossEntropy: 'softmax',
};

/** The loss a given output activation implies when the config names none. */
export function defaultLoss(output: Activation): Loss {
  if (output === 'softmax') return 'categoricalCrossEntropy';
  if (output === 'sigmoid') return 'binaryCrossEntropy';
  return 'mse';
}

// Activation names as users write them (Keras/PyTorch spellings accepted) and what each maps to
// on the backend, with its default parameter and initialiser.
import type { LayerActivation } from '../backend/kernel-codes.ts';

export type Activation = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'elu' | 'selu' | 'softplus' | 'prelu' | 'softmax';

export const ACTIVATIONS: readonly Activation[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'selu', 'softplus', 'prelu', 'softmax'];

/** Other spellings users bring from Keras and PyTorch. */
const ALIASES: Record<string, Activation> = {
  identity: 'linear',
  none: 'linear',
  leaky_relu: 'leakyRelu',
  leakyrelu: 'leakyRelu',
  LeakyReLU: 'leakyRelu',
  ReLU: 'relu',
  PReLU: 'prelu',
  ELU: 'elu',
  SELU: 'selu',
};

export function normalizeActivation(name: string): Activation | undefined {
  if ((ACTIVATIONS as readonly string[]).includes(name)) return name as Activation;
  // Own keys only: 'constructor' or 'toString' would otherwise come back as a function.
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
}

export function backendActivation(activation: Activation): LayerActivation {
  return activation === 'linear' ? 'identity' : activation;
}

/** Default scalar parameter: leakyRelu's slope (Keras' 0.01, as PyTorch), elu's α. */
export function defaultActivationParam(activation: Activation): number | undefined {
  if (activation === 'leakyRelu') return 0.01;
  if (activation === 'elu') return 1;
  return undefined;
}

/** PyTorch's nn.PReLU starts every slope at 0.25. */
export const PRELU_INITIAL_SLOPE = 0.25;

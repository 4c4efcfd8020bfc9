// Weight initialisers (Glorot & Bengio 2010, He et al. 2015, LeCun 1998), as Keras and
// PyTorch define them, drawn from the seeded stream. Biases start at zero.
import type { SeededRandom } from '../random/seeded-random.ts';
import type { Activation } from './activations.ts';

export type Initializer = 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'lecunUniform' | 'lecunNormal';
export const INITIALIZERS: readonly Initializer[] = ['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal'];

/** He for the ReLU family, LeCun normal for SELU (self-normalising), Glorot otherwise. */
export function defaultInitializer(activation: Activation): Initializer {
  switch (activation) {
    case 'relu':
    case 'leakyRelu':
    case 'prelu':
    case 'elu':
      return 'heNormal';
    case 'selu':
      return 'lecunNormal';
    default:
      return 'glorotUniform';
  }
}

/** Fills an out × in weight matrix. */
export function initializeWeights(kind: Initializer, fanIn: number, fanOut: number, weights: Float32Array, random: SeededRandom): void {
  const uniform = (limit: number) => {
    for (let i = 0; i < weights.length; i++) weights[i] = (2 * random.uniform() - 1) * limit;
  };
  const normal = (std: number) => {
    for (let i = 0; i < weights.length; i++) weights[i] = random.normal() * std;
  };
  switch (kind) {
    case 'glorotUniform':
      return uniform(Math.sqrt(6 / (fanIn + fanOut)));
    case 'glorotNormal':
      return normal(Math.sqrt(2 / (fanIn + fanOut)));
    case 'heUniform':
      return uniform(Math.sqrt(6 / fanIn));
    case 'heNormal':
      return normal(Math.sqrt(2 / fanIn));
    case 'lecunUniform':
      return uniform(Math.sqrt(3 / fanIn));
    case 'lecunNormal':
      return normal(Math.sqrt(1 / fanIn));
  }
}

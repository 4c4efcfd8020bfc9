// The rules and defaults of the model's and its layers' options, once: resolveConfig checks
// against them and the config schema's model section is built from them. Widths and names
// (units, activation, init, loss) keep their own checks.
import { booleanOption, numberOption } from '../backend/option-rule.ts';

const penalty = (which: string, defaultValue: number | undefined) =>
  numberOption('[0, inf)', defaultValue, `${which} penalty on the layer's weights (not biases), added to the loss`);

const rate = (what: string) => numberOption('[0, 1)', 0, `inverted dropout rate on ${what} during training`);

/** torch.nn.BatchNorm1d's momentum and eps. */
export const BATCH_NORM_OPTIONS = Object.freeze({
  momentum: numberOption('[0, 1]', 0.1, 'weight of the batch in the running statistics'),
  eps: numberOption('(0, inf)', 1e-5, 'added to the variance for numerical stability'),
});

export const LAYER_OPTIONS = Object.freeze({
  // PyTorch checks neither LeakyReLU's negative_slope nor ELU's alpha.
  alpha: numberOption('(-inf, inf)', undefined, "leakyRelu's negative slope (default 0.01) or elu's α (default 1)"),
  l1: penalty('L1 λ·Σ|W|', undefined),
  l2: penalty('L2 λ·ΣW²', undefined),
  dropout: rate("the layer's output"),
  residual: booleanOption(false, 'output = g(W·x + b) + x, with a learnt projection when the widths differ'),
});

/** The model-wide options: the default penalties of every layer and dropout on the inputs. */
export const REGULARIZATION_OPTIONS = Object.freeze({
  l1: penalty('default L1 λ·Σ|W|', 0),
  l2: penalty('default L2 λ·ΣW²', 0),
});

export const INPUT_DROPOUT = rate('the inputs');

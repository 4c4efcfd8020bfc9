// The embedded configuration `hyperprop tune` runs without a file (and `npm start` runs): the
// bundled digits data, the default MLP space, and random search against Bayesian optimisation
// with Hyperband on the same number of trials, so the report has a comparison to show.
import type { ConfigInput } from './schema.ts';

export const DEFAULT_TUNE_CONFIG: ConfigInput = {
  name: 'digits: random search vs Bayesian optimisation + Hyperband',
  data: { builtin: 'digits', scaling: 'minmax', split: { test: 0.2, validation: 0.2, seed: 0 } },
  tune: {
    study: 'digits',
    metric: 'accuracy',
    epochs: 81,
    trials: 50,
    parallelism: 2,
    seed: 1,
    compare: {
      random: { sampler: { type: 'random' } },
      'gp+hyperband': { sampler: { type: 'gp' }, pruner: { type: 'hyperband', minResource: 1, reductionFactor: 3 } },
    },
  },
};

// Median pruning (Optuna's MedianPruner, optuna/pruners/_median.py): the 50th-percentile case of
// PercentilePruner. At the trial's latest step, once nStartupTrials trials are complete and the
// warm-up is over, prune when the trial's best intermediate value so far is worse than the median
// of the complete trials' values at the same step. See percentile-pruner.ts for the details.
import { type PercentileOptions, PercentilePruner } from './percentile-pruner.ts';

export type MedianOptions = PercentileOptions;

export class MedianPruner extends PercentilePruner {
  override readonly name: string = 'MedianPruner';

  constructor(options: MedianOptions = {}) {
    super(50, options, 'MedianPruner');
  }
}

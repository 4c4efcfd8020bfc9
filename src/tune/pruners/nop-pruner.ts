// The pruner that never prunes (Optuna's NopPruner): every trial trains to the end.
import type { FrozenTrial, Pruner, StudyView } from '../types.ts';

export class NopPruner implements Pruner {
  readonly name = 'NopPruner';

  async shouldPrune(_study: StudyView, _trial: FrozenTrial): Promise<boolean> {
    return false;
  }
}

// The study's best-trial rule. The best value wins; on small validation sets many trials reach
// the same value (accuracy 1.0 on 91 rows), and picking the lowest trial number among them is a
// coin toss. So when tied trials recorded a validation loss (the user attr mlpObjective sets: the
// final loss, the mean over folds with k folds), the lower loss wins; only then the lower number.
// An objective that records no loss keeps the plain rule.
import { isBetter } from '../train/direction.ts';
import type { Direction, FrozenTrial } from './types.ts';

/** A complete trial's validation loss at the end of training (mean over folds with k folds). */
export const VALIDATION_LOSS_ATTR = 'validation_loss';
/** A complete k-fold trial: { folds, epochs (per fold), values (each fold's final metric) }. */
export const KFOLD_ATTR = 'kfold';

export interface KfoldAttr {
  folds: number;
  epochs: number;
  values: number[];
}

/** The trial's recorded validation loss, when it is a finite number. */
export function validationLoss(trial: Pick<FrozenTrial, 'userAttrs'>): number | undefined {
  const loss = trial.userAttrs[VALIDATION_LOSS_ATTR];
  return typeof loss === 'number' && Number.isFinite(loss) ? loss : undefined;
}

/**
 * Is `a` a better pick than `b`? A better value, or the same value and a lower validation loss
 * when both recorded one. Trials are visited in number order, so a full tie keeps the lower number.
 */
export function isBetterTrial(direction: Direction, a: FrozenTrial, b: FrozenTrial): boolean {
  if (isBetter(direction, a.value!, b.value!)) return true;
  if (a.value !== b.value) return false;
  const la = validationLoss(a);
  const lb = validationLoss(b);
  return la !== undefined && lb !== undefined && la < lb;
}

/** The best complete trial with a value, by the rule above; undefined when none. */
export function pickBestTrial(trials: readonly FrozenTrial[], direction: Direction): FrozenTrial | undefined {
  let best: FrozenTrial | undefined;
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === null) continue;
    if (best === undefined || isBetterTrial(direction, t, best)) best = t;
  }
  return best;
}

/** How many complete trials reached exactly the best trial's value (1: no tie). */
export function trialsSharingBest(trials: readonly FrozenTrial[], best: FrozenTrial): number {
  return trials.filter((t) => t.state === 'complete' && t.value === best.value).length;
}

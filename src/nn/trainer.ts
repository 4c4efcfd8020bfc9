// The seam between the model and its training loop. The loop (fitModel) lives a layer up, in
// src/train, because it owns schedules, callbacks, augmentation and the gradient monitor; nn
// declares only what MLP.fit needs of it, and src/train/fit.ts installs itself here when it
// loads (the package entry loads it). The option and history types come through the same seam:
// train merges them into TrainerTypes, as tfjs's chained ops add methods to Tensor from the
// layer above, so MLP.fit is typed with train's FitOptions and History without importing them.
import { TrainerMissingError } from '../errors.ts';
import type { FeaturesInput, TargetsInput } from './inputs.ts';
import type { MLP } from './mlp.ts';

/** Filled by src/train/fit.ts with `{ options: FitOptions; history: History }`. */
export interface TrainerTypes {}

/** train's FitOptions once it is loaded; never before, so an options object cannot be passed untyped. */
export type TrainerOptions = TrainerTypes extends { options: infer O } ? O : never;
/** train's History once it is loaded. */
export type TrainerHistory = TrainerTypes extends { history: infer H } ? H : never;

export interface Trainer {
  fit(model: MLP, x: FeaturesInput, y: TargetsInput, options: TrainerOptions | undefined): TrainerHistory;
}

let installed: Trainer | undefined;

/** Plugs the training loop in; called once by src/train/fit.ts as it loads (a second call replaces it). */
export function installTrainer(trainer: Trainer): void {
  installed = trainer;
}

/** The installed training loop, or a TrainerMissingError that says what to import. */
export function currentTrainer(): Trainer {
  if (installed === undefined) {
    throw new TrainerMissingError(
      "MLP.fit needs the training loop, which is not loaded: import the model from the package entry ('hyperprop'), or import src/train/fit.ts once before calling fit",
    );
  }
  return installed;
}

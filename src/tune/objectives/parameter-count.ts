// The size of the MLP a trial's hyperparameters build: weights and biases of every dense layer,
// input to output. A second objective that needs no measurement (unlike a latency), so a study
// that trades accuracy against model size stays reproducible.
import type { MlpHyperparameters } from './default-space.ts';

/** Weights and biases of an MLP with `inputs` features, hyper.units hidden units and `outputs` outputs. */
export function mlpParameterCount(hyper: Pick<MlpHyperparameters, 'units'>, inputs: number, outputs: number): number {
  let count = 0;
  let fanIn = inputs;
  for (const units of [...hyper.units, outputs]) {
    count += fanIn * units + units;
    fanIn = units;
  }
  return count;
}

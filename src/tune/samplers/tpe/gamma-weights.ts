// How many observations count as good, and how much each one weighs (Optuna's default_gamma,
// hyperopt_default_gamma and default_weights). Observations reach the weights in trial-number
// order, so with more than 25 the oldest weigh least: the good set is small enough that every
// member weighs 1, while the bad set forgets its early, random trials gradually.

/** min(⌈0.1·n⌉, 25): the good set is the best tenth, at most 25 trials (Optuna's default). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** min(⌈0.25·√n⌉, 25), hyperopt 0.1.2's rule. */
export function hyperoptDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/** n ones below 25; beyond, a ramp from 1/n to 1 over the oldest n − 25, then 25 ones. */
export function defaultWeights(n: number): Float64Array {
  const weights = new Float64Array(n).fill(1);
  if (n < 25) return weights;
  const ramp = n - 25;
  // numpy's linspace(1/n, 1, num=ramp): both ends included, a single point is the start.
  for (let i = 0; i < ramp; i++) weights[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1);
  return weights;
}

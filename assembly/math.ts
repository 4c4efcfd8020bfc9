// Scalar helpers shared by activations and losses. Transcendentals run in float64 (the
// results are rounded to float32 once, on store).

/** Numerically stable logistic function. */
// @ts-ignore: decorator
@inline
export function sigmoid64(z: f64): f64 {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** softplus(z) = max(z, 0) + log1p(e^−|z|), stable for any |z|. */
// @ts-ignore: decorator
@inline
export function softplus64(z: f64): f64 {
  return max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

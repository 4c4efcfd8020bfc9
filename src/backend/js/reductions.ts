// Norms, clipping and L1/L2 penalty gradients over flat buffers.

export function sumSquares(n: number, x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]! * x[i]!;
  return sum;
}

/** torch.nn.utils.clip_grad_norm_: scale by maxNorm / (‖g‖ + 1e-6) when that is below 1. */
export function clipByNorm(n: number, g: Float32Array, maxNorm: number): number {
  const norm = Math.sqrt(sumSquares(n, g));
  const coef = Math.fround(maxNorm / (norm + 1e-6));
  if (coef < 1) for (let i = 0; i < n; i++) g[i] = g[i]! * coef;
  return norm;
}

export function clipByValue(n: number, g: Float32Array, limit: number): void {
  for (let i = 0; i < n; i++) g[i] = Math.min(limit, Math.max(-limit, g[i]!));
}

export function l1Penalty(n: number, w: Float32Array, g: Float32Array, lambda: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    sum += Math.abs(v);
    g[i] = g[i]! + lambda * Math.sign(v);
  }
  return lambda * sum;
}

export function l2Penalty(n: number, w: Float32Array, g: Float32Array, lambda: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    sum += v * v;
    g[i] = g[i]! + 2 * lambda * v;
  }
  return lambda * sum;
}

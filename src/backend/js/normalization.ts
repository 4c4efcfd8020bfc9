// Batch normalisation (Ioffe & Szegedy 2015) with PyTorch's running statistics, in double
// precision: the reference for the compiled kernels.
import { BATCH_NORM_FLAGS } from '../kernel-codes.ts';
import { BATCH_NORM_FORWARD_EPS, BATCH_NORM_FORWARD_MOMENTUM } from '../kernel-abi.ts';

export function batchNormForward(
  rows: number, cols: number, x: Float32Array, gamma: Float32Array, beta: Float32Array, runningMean: Float32Array, runningVar: Float32Array,
  mean: Float32Array, invStd: Float32Array, xhat: Float32Array, y: Float32Array, flags: number, s: Float64Array,
): void {
  const momentum = s[BATCH_NORM_FORWARD_MOMENTUM]!;
  const eps = s[BATCH_NORM_FORWARD_EPS]!;
  const training = (flags & BATCH_NORM_FLAGS.training) !== 0;
  for (let j = 0; j < cols; j++) {
    let mu: number;
    let variance: number;
    if (training) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += x[i * cols + j]!;
      mu = sum / rows;
      let squares = 0;
      for (let i = 0; i < rows; i++) squares += (x[i * cols + j]! - mu) ** 2;
      variance = squares / rows;
      runningMean[j] = (1 - momentum) * runningMean[j]! + momentum * mu;
      if (rows > 1) runningVar[j] = (1 - momentum) * runningVar[j]! + (momentum * squares) / (rows - 1);
    } else {
      mu = runningMean[j]!;
      variance = runningVar[j]!;
    }
    const inv = 1 / Math.sqrt(variance + eps);
    mean[j] = mu;
    invStd[j] = inv;
    for (let i = 0; i < rows; i++) {
      const o = i * cols + j;
      const h = (x[o]! - mu) * inv;
      xhat[o] = h;
      y[o] = gamma[j]! * h + beta[j]!;
    }
  }
}

export function batchNormBackward(
  rows: number, cols: number, dy: Float32Array, xhat: Float32Array, gamma: Float32Array, invStd: Float32Array, dx: Float32Array, dGamma: Float32Array, dBeta: Float32Array,
): void {
  for (let j = 0; j < cols; j++) {
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let i = 0; i < rows; i++) {
      const o = i * cols + j;
      sumDy += dy[o]!;
      sumDyXhat += dy[o]! * xhat[o]!;
    }
    dBeta[j] = sumDy;
    dGamma[j] = sumDyXhat;
    const scale = (gamma[j]! * invStd[j]!) / rows;
    for (let i = 0; i < rows; i++) {
      const o = i * cols + j;
      dx[o] = scale * (rows * dy[o]! - sumDy - xhat[o]! * sumDyXhat);
    }
  }
}

// Reference activations, their derivatives and softmax (see backend.ts for the formulas).
import { ACTIVATION_CODES as A, SELU_ALPHA, SELU_SCALE } from '../kernel-codes.ts';
import { ACTIVATION_BACKWARD_ALPHA, ACTIVATION_FORWARD_ALPHA } from '../kernel-abi.ts';

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** g(z) in double precision (the js kernels and the float64 reference network share it). */
export function activationValue(code: number, z: number, alpha: number): number {
  switch (code) {
    case A.identity: return z;
    case A.sigmoid: return sigmoid(z);
    case A.tanh: return Math.tanh(z);
    // Stryker disable next-line EqualityOperator: both sides give 0 at z = 0
    case A.relu: return z > 0 ? z : 0;
    // Stryker disable next-line EqualityOperator: both sides give 0 at z = 0
    case A.leakyRelu: return z > 0 ? z : alpha * z;
    // Stryker disable next-line EqualityOperator: both sides give 0 at z = 0
    case A.elu: return z > 0 ? z : alpha * Math.expm1(z);
    // Stryker disable next-line EqualityOperator: both sides give 0 at z = 0
    case A.selu: return SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
    case A.softplus: return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    default: throw new RangeError(`activation code ${code} is unknown`);
  }
}

/** g'(z), given z and a = g(z), in double precision. */
export function activationDerivative(code: number, z: number, a: number, alpha: number): number {
  switch (code) {
    case A.identity: return 1;
    case A.sigmoid: return a * (1 - a);
    case A.tanh: return 1 - a * a;
    case A.relu: return z > 0 ? 1 : 0;
    case A.leakyRelu: return z > 0 ? 1 : alpha;
    case A.elu: return z > 0 ? 1 : a + alpha;
    case A.selu: return z > 0 ? SELU_SCALE : a + SELU_SCALE * SELU_ALPHA;
    case A.softplus: return sigmoid(z);
    default: throw new RangeError(`activation code ${code} is unknown`);
  }
}

export function activationForward(code: number, n: number, z: Float32Array, a: Float32Array, s: Float64Array): void {
  const alpha = s[ACTIVATION_FORWARD_ALPHA]!;
  for (let i = 0; i < n; i++) a[i] = activationValue(code, z[i]!, alpha);
}

export function activationBackward(code: number, n: number, z: Float32Array, a: Float32Array, dA: Float32Array, dZ: Float32Array, s: Float64Array): void {
  const alpha = s[ACTIVATION_BACKWARD_ALPHA]!;
  for (let i = 0; i < n; i++) dZ[i] = dA[i]! * activationDerivative(code, z[i]!, a[i]!, alpha);
}

export function preluForward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, a: Float32Array): void {
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, o++) {
      const v = z[o]!;
      // Stryker disable next-line EqualityOperator: both sides give 0 at v = 0
      a[o] = v > 0 ? v : alpha[j]! * v;
    }
  }
}

export function preluBackward(rows: number, cols: number, z: Float32Array, alpha: Float32Array, dA: Float32Array, dZ: Float32Array, dAlpha: Float32Array): void {
  dAlpha.fill(0, 0, cols);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++, o++) {
      const v = z[o]!;
      const g = dA[o]!;
      if (v > 0) dZ[o] = g;
      else {
        dZ[o] = g * alpha[j]!;
        dAlpha[j] = dAlpha[j]! + g * v;
      }
    }
  }
}

export function softmaxForward(rows: number, cols: number, z: Float32Array, a: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, z[base + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(z[base + j]! - max);
    for (let j = 0; j < cols; j++) a[base + j] = Math.exp(z[base + j]! - max) / sum;
  }
}

export function softmaxBackward(rows: number, cols: number, a: Float32Array, dA: Float32Array, dZ: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dA[base + j]! * a[base + j]!;
    for (let j = 0; j < cols; j++) dZ[base + j] = a[base + j]! * (dA[base + j]! - dot);
  }
}

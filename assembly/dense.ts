// Fused dense-layer kernels: one call per layer and direction, so the JS side makes no small
// per-op calls. They chain the GEMM core (gemm.ts) with the existing bias, activation, prelu
// and softmax passes; each pass runs over the whole rows×units block right after the GEMM that
// produced it, while it is still in cache.
import { ACT_PRELU, ACT_SOFTMAX, DENSE_GRADIENT_GIVEN, DENSE_INPUT_GRADIENT } from './kernel-codes';
import { gemmF32 } from './gemm';
import { columnSums } from './bias';
import { activationForward, activationBackward, preluForward, preluBackward } from './activations';
import { softmaxForward, softmaxBackward } from './softmax';

/**
 * z = x·wᵀ + bias (x rows×inputs, w units×inputs, z rows×units), then a = g(z) for `code`:
 * 0–7 element-wise (s = [alpha]: leakyRelu slope, elu α), ACT_PRELU with slopes[units],
 * ACT_SOFTMAX per row. a may alias z. slopes is read only for prelu.
 */
export function denseForward(
  rows: i32, inputs: i32, units: i32, x: usize, w: usize, bias: usize, z: usize, a: usize,
  code: i32, slopes: usize, s: usize,
): void {
  if (rows <= 0 || units <= 0) return;
  // z ← bias in every row, then z += x·wᵀ (beta = 1): the bias costs no separate pass.
  const rowBytes = <usize>units << 2;
  for (let i = 0; i < rows; i++) memory.copy(z + <usize>i * rowBytes, bias, rowBytes);
  gemmF32(false, true, rows, units, inputs, x, w, z, 1, 1);
  if (code == ACT_PRELU) {
    preluForward(rows, units, z, slopes, a);
  } else if (code == ACT_SOFTMAX) {
    softmaxForward(rows, units, z, a);
  } else {
    activationForward(code, rows * units, z, a, s);
  }
}

/**
 * Unless flags has DENSE_GRADIENT_GIVEN: dZ = dA ⊙ g'(z, a) (prelu also overwrites
 * dSlopes[j] = Σ_i dA·(z > 0 ? 0 : z); softmax dZ = a ⊙ (dA − Σ_j dA·a)); otherwise dZ already
 * holds ∂E/∂z and z, a, dA, slopes, dSlopes are not touched. Then dW = dZᵀ·x (units×inputs),
 * dB[j] = Σ_i dZ[i, j], and with DENSE_INPUT_GRADIENT dX = dZ·w (rows×inputs; dX is not touched
 * without it). Every output is overwritten. s = [alpha].
 */
export function denseBackward(
  rows: i32, inputs: i32, units: i32, x: usize, w: usize, z: usize, a: usize, dA: usize, dZ: usize,
  dW: usize, dB: usize, dX: usize, code: i32, slopes: usize, dSlopes: usize, flags: i32, s: usize,
): void {
  rows = max(rows, 0);
  inputs = max(inputs, 0);
  units = max(units, 0);
  if ((flags & DENSE_GRADIENT_GIVEN) == 0) {
    if (code == ACT_PRELU) {
      preluBackward(rows, units, z, slopes, dA, dZ, dSlopes);
    } else if (code == ACT_SOFTMAX) {
      softmaxBackward(rows, units, a, dA, dZ);
    } else {
      activationBackward(code, rows * units, z, a, dA, dZ, s);
    }
  }
  // dW = dZᵀ·x: op(A) = dZᵀ (dZ stored rows×units = k×m), B = x (k×n).
  gemmF32(true, false, units, inputs, rows, dZ, x, dW, 1, 0);
  columnSums(rows, units, dZ, dB);
  if ((flags & DENSE_INPUT_GRADIENT) != 0) {
    // dX = dZ·w: dZ rows×units, w units×inputs.
    gemmF32(false, false, rows, inputs, units, dZ, w, dX, 1, 0);
  }
}

// Element-wise products and scaled sums over flat buffers (dropout masks, residual connections).
import { AXPY_ALPHA } from '../kernel-abi.ts';

export function multiply(n: number, x: Float32Array, y: Float32Array, out: Float32Array): void {
  for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
}

export function axpy(n: number, x: Float32Array, out: Float32Array, s: Float64Array): void {
  const alpha = s[AXPY_ALPHA]!;
  for (let i = 0; i < n; i++) out[i] = out[i]! + alpha * x[i]!;
}

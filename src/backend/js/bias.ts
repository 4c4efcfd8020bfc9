// Bias broadcast-add and its gradient, the column sums.

/** x[i, j] += bias[j] */
export function biasAdd(rows: number, cols: number, x: Float32Array, bias: Float32Array): void {
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < cols; j++, o++) x[o] = x[o]! + bias[j]!;
}

/** out[j] = Σ_i x[i, j] */
export function columnSums(rows: number, cols: number, x: Float32Array, out: Float32Array): void {
  out.fill(0, 0, cols);
  for (let i = 0, o = 0; i < rows; i++) for (let j = 0; j < cols; j++, o++) out[j] = out[j]! + x[o]!;
}

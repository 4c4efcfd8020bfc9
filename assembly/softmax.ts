// Row-wise softmax and its backward pass.

/** Maximum of row [p, p + cols·4). */
// @ts-ignore: decorator
@inline
export function rowMax(p: usize, cols: i32): f32 {
  let m: f32 = -Infinity;
  for (let j = 0; j < cols; j++) m = max(m, load<f32>(p + (<usize>j << 2)));
  return m;
}

/** a = softmax(z) per row, shifted by the row maximum; sums in float64. a may alias z. */
export function softmaxForward(rows: i32, cols: i32, z: usize, a: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const zr = z + <usize>i * rowBytes;
    const ar = a + <usize>i * rowBytes;
    const m = <f64>rowMax(zr, cols);
    let sum: f64 = 0;
    for (let o: usize = 0; o < rowBytes; o += 4) sum += Math.exp(<f64>load<f32>(zr + o) - m);
    const inv = 1 / sum;
    for (let o: usize = 0; o < rowBytes; o += 4) store<f32>(ar + o, <f32>(Math.exp(<f64>load<f32>(zr + o) - m) * inv));
  }
}

/** dZ = a ⊙ (dA − Σ_j dA·a) per row. dZ may alias dA. */
export function softmaxBackward(rows: i32, cols: i32, a: usize, dA: usize, dZ: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const off = <usize>i * rowBytes;
    let dot: f64 = 0;
    for (let o: usize = 0; o < rowBytes; o += 4) dot += <f64>load<f32>(dA + off + o) * <f64>load<f32>(a + off + o);
    for (let o: usize = 0; o < rowBytes; o += 4) {
      store<f32>(dZ + off + o, <f32>(<f64>load<f32>(a + off + o) * (<f64>load<f32>(dA + off + o) - dot)));
    }
  }
}

// The bias gradient of a dense layer: column sums.

/** out[j] = Σ_i x[i, j] (overwrites out), summed in row order in float32. */
export function columnSums(rows: i32, cols: i32, x: usize, out: usize): void {
  const rowBytes = <usize>cols << 2;
  memory.fill(out, 0, rowBytes);
  for (let i = 0; i < rows; i++) {
    const xr = x + <usize>i * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(xr + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(xr + o));
    }
  }
}

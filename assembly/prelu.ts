// PReLU with one learnable slope per column (unit).

/** a[i, j] = z > 0 ? z : alpha[j]·z. */
export function preluForward(rows: i32, cols: i32, z: usize, alpha: usize, a: usize): void {
  const rowBytes = <usize>cols << 2;
  const zero = f32x4.splat(0);
  for (let i = 0; i < rows; i++) {
    const zr = z + <usize>i * rowBytes;
    const ar = a + <usize>i * rowBytes;
    let o: usize = 0;
    for (; o + 16 <= rowBytes; o += 16) {
      const v = v128.load(zr + o);
      v128.store(ar + o, v128.bitselect(v, f32x4.mul(v128.load(alpha + o), v), f32x4.gt(v, zero)));
    }
    for (; o < rowBytes; o += 4) {
      const v = load<f32>(zr + o);
      store<f32>(ar + o, v > 0 ? v : load<f32>(alpha + o) * v);
    }
  }
}

/** dZ = dA·(z > 0 ? 1 : alpha[j]); dAlpha[j] = Σ_i dA·(z > 0 ? 0 : z) (overwritten). */
export function preluBackward(rows: i32, cols: i32, z: usize, alpha: usize, dA: usize, dZ: usize, dAlpha: usize): void {
  const rowBytes = <usize>cols << 2;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  memory.fill(dAlpha, 0, rowBytes);
  for (let i = 0; i < rows; i++) {
    const off = <usize>i * rowBytes;
    const zr = z + off;
    const gr = dA + off;
    const dr = dZ + off;
    let o: usize = 0;
    for (; o + 16 <= rowBytes; o += 16) {
      const v = v128.load(zr + o);
      const g = v128.load(gr + o);
      const pos = f32x4.gt(v, zero);
      v128.store(dAlpha + o, f32x4.add(v128.load(dAlpha + o), f32x4.mul(g, v128.andnot(v, pos))));
      v128.store(dr + o, f32x4.mul(g, v128.bitselect(one, v128.load(alpha + o), pos)));
    }
    for (; o < rowBytes; o += 4) {
      const v = load<f32>(zr + o);
      const g = load<f32>(gr + o);
      const pos = v > 0;
      store<f32>(dAlpha + o, load<f32>(dAlpha + o) + g * (pos ? 0 : v));
      store<f32>(dr + o, g * (pos ? 1 : load<f32>(alpha + o)));
    }
  }
}

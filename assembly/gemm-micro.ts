// Register-blocked micro-kernel of GEMM (f32x4; wasm SIMD has no FMA, so mul + add).

// C[0:4, 0:8] = alpha·(Ap·Bp) + beta·C, Ap packed 4×kc (k-major), Bp packed kc×8.
// @ts-ignore: decorator
@inline
export function microKernel4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, alpha: f32, beta: f32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp, 0);
    const b1 = v128.load(bp, 16);
    let a: v128;
    a = v128.load32_splat(ap, 0);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += 32;
  }
  const va = f32x4.splat(alpha);
  if (beta == 0) {
    v128.store(c, f32x4.mul(va, c00), 0);
    v128.store(c, f32x4.mul(va, c01), 16);
    c += ldc;
    v128.store(c, f32x4.mul(va, c10), 0);
    v128.store(c, f32x4.mul(va, c11), 16);
    c += ldc;
    v128.store(c, f32x4.mul(va, c20), 0);
    v128.store(c, f32x4.mul(va, c21), 16);
    c += ldc;
    v128.store(c, f32x4.mul(va, c30), 0);
    v128.store(c, f32x4.mul(va, c31), 16);
  } else {
    const vb = f32x4.splat(beta);
    v128.store(c, f32x4.add(f32x4.mul(va, c00), f32x4.mul(vb, v128.load(c, 0))), 0);
    v128.store(c, f32x4.add(f32x4.mul(va, c01), f32x4.mul(vb, v128.load(c, 16))), 16);
    c += ldc;
    v128.store(c, f32x4.add(f32x4.mul(va, c10), f32x4.mul(vb, v128.load(c, 0))), 0);
    v128.store(c, f32x4.add(f32x4.mul(va, c11), f32x4.mul(vb, v128.load(c, 16))), 16);
    c += ldc;
    v128.store(c, f32x4.add(f32x4.mul(va, c20), f32x4.mul(vb, v128.load(c, 0))), 0);
    v128.store(c, f32x4.add(f32x4.mul(va, c21), f32x4.mul(vb, v128.load(c, 16))), 16);
    c += ldc;
    v128.store(c, f32x4.add(f32x4.mul(va, c30), f32x4.mul(vb, v128.load(c, 0))), 0);
    v128.store(c, f32x4.add(f32x4.mul(va, c31), f32x4.mul(vb, v128.load(c, 16))), 16);
  }
}

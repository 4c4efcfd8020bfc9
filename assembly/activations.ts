// Element-wise activations: a = g(z) and dZ = dA ⊙ g'(·). The cheap ones run on f32x4; the
// transcendental ones compute in float64 and round once. Then PReLU, one slope per column.
import {
  ACT_IDENTITY, ACT_SIGMOID, ACT_TANH, ACT_RELU, ACT_LEAKY_RELU, ACT_ELU, ACT_SELU, ACT_SOFTPLUS,
  SELU_ALPHA, SELU_SCALE,
} from './kernel-codes';
import { sigmoid64, softplus64 } from './math';
import { ACTIVATION_BACKWARD_ALPHA, ACTIVATION_FORWARD_ALPHA } from './kernel-slots';

const SELU_SCALE_ALPHA: f32 = SELU_SCALE * SELU_ALPHA;

/**
 * a = g(z) over n elements. a may alias z. Scalar block s = [alpha]: the slope of leakyRelu or
 * the α of elu.
 */
export function activationForward(code: i32, n: i32, z: usize, a: usize, s: usize): void {
  const alpha = load<f64>(s, ACTIVATION_FORWARD_ALPHA);
  const bytes = <usize>max(n, 0) << 2;
  const alpha32 = <f32>alpha;
  let o: usize = 0;
  switch (code) {
    case ACT_IDENTITY: {
      if (a != z) memory.copy(a, z, bytes);
      return;
    }
    case ACT_RELU: {
      // z > 0 ? z : 0 (NaN and −0 give 0)
      const zero = f32x4.splat(0);
      for (; o + 16 <= bytes; o += 16) {
        const v = v128.load(z + o);
        v128.store(a + o, v128.and(v, f32x4.gt(v, zero)));
      }
      for (; o < bytes; o += 4) {
        const v = load<f32>(z + o);
        store<f32>(a + o, v > 0 ? v : 0);
      }
      return;
    }
    case ACT_LEAKY_RELU: {
      // z > 0 ? z : alpha·z
      const zero = f32x4.splat(0);
      const va = f32x4.splat(alpha32);
      for (; o + 16 <= bytes; o += 16) {
        const v = v128.load(z + o);
        v128.store(a + o, v128.bitselect(v, f32x4.mul(va, v), f32x4.gt(v, zero)));
      }
      for (; o < bytes; o += 4) {
        const v = load<f32>(z + o);
        store<f32>(a + o, v > 0 ? v : alpha32 * v);
      }
      return;
    }
    case ACT_SIGMOID: {
      for (; o < bytes; o += 4) store<f32>(a + o, <f32>sigmoid64(<f64>load<f32>(z + o)));
      return;
    }
    case ACT_TANH: {
      for (; o < bytes; o += 4) store<f32>(a + o, <f32>Math.tanh(<f64>load<f32>(z + o)));
      return;
    }
    case ACT_ELU: {
      // z > 0 ? z : alpha·(e^z − 1)
      for (; o < bytes; o += 4) {
        const v = <f64>load<f32>(z + o);
        store<f32>(a + o, <f32>(v > 0 ? v : alpha * Math.expm1(v)));
      }
      return;
    }
    case ACT_SELU: {
      // SELU_SCALE·(z > 0 ? z : SELU_ALPHA·(e^z − 1))
      const scale = <f64>SELU_SCALE;
      const salpha = <f64>SELU_ALPHA;
      for (; o < bytes; o += 4) {
        const v = <f64>load<f32>(z + o);
        store<f32>(a + o, <f32>(scale * (v > 0 ? v : salpha * Math.expm1(v))));
      }
      return;
    }
    case ACT_SOFTPLUS: {
      // max(z, 0) + log1p(e^−|z|)
      for (; o < bytes; o += 4) store<f32>(a + o, <f32>softplus64(<f64>load<f32>(z + o)));
      return;
    }
  }
}

/**
 * dZ = dA ⊙ g'(·), from z or from a = g(z), whichever is cheaper:
 * identity 1; sigmoid a(1 − a); tanh 1 − a²; relu z > 0 ? 1 : 0; leakyRelu z > 0 ? 1 : alpha;
 * elu z > 0 ? 1 : a + alpha; selu z > 0 ? SCALE : a + SCALE·ALPHA; softplus sigmoid(z).
 * dZ may alias dA. Scalar block s = [alpha].
 */
export function activationBackward(code: i32, n: i32, z: usize, a: usize, dA: usize, dZ: usize, s: usize): void {
  const alpha = load<f64>(s, ACTIVATION_BACKWARD_ALPHA);
  const bytes = <usize>max(n, 0) << 2;
  const alpha32 = <f32>alpha;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let o: usize = 0;
  switch (code) {
    case ACT_IDENTITY: {
      if (dZ != dA) memory.copy(dZ, dA, bytes);
      return;
    }
    case ACT_SIGMOID: {
      for (; o + 16 <= bytes; o += 16) {
        const av = v128.load(a + o);
        v128.store(dZ + o, f32x4.mul(v128.load(dA + o), f32x4.mul(av, f32x4.sub(one, av))));
      }
      for (; o < bytes; o += 4) {
        const av = load<f32>(a + o);
        store<f32>(dZ + o, load<f32>(dA + o) * (av * (1 - av)));
      }
      return;
    }
    case ACT_TANH: {
      for (; o + 16 <= bytes; o += 16) {
        const av = v128.load(a + o);
        v128.store(dZ + o, f32x4.mul(v128.load(dA + o), f32x4.sub(one, f32x4.mul(av, av))));
      }
      for (; o < bytes; o += 4) {
        const av = load<f32>(a + o);
        store<f32>(dZ + o, load<f32>(dA + o) * (1 - av * av));
      }
      return;
    }
    case ACT_RELU: {
      for (; o + 16 <= bytes; o += 16) {
        v128.store(dZ + o, v128.and(v128.load(dA + o), f32x4.gt(v128.load(z + o), zero)));
      }
      for (; o < bytes; o += 4) store<f32>(dZ + o, load<f32>(z + o) > 0 ? load<f32>(dA + o) : 0);
      return;
    }
    case ACT_LEAKY_RELU: {
      const va = f32x4.splat(alpha32);
      for (; o + 16 <= bytes; o += 16) {
        const slope = v128.bitselect(one, va, f32x4.gt(v128.load(z + o), zero));
        v128.store(dZ + o, f32x4.mul(v128.load(dA + o), slope));
      }
      for (; o < bytes; o += 4) store<f32>(dZ + o, load<f32>(dA + o) * (load<f32>(z + o) > 0 ? <f32>1 : alpha32));
      return;
    }
    case ACT_ELU: {
      const va = f32x4.splat(alpha32);
      for (; o + 16 <= bytes; o += 16) {
        const slope = v128.bitselect(one, f32x4.add(v128.load(a + o), va), f32x4.gt(v128.load(z + o), zero));
        v128.store(dZ + o, f32x4.mul(v128.load(dA + o), slope));
      }
      for (; o < bytes; o += 4) {
        const slope: f32 = load<f32>(z + o) > 0 ? 1 : load<f32>(a + o) + alpha32;
        store<f32>(dZ + o, load<f32>(dA + o) * slope);
      }
      return;
    }
    case ACT_SELU: {
      const vs = f32x4.splat(SELU_SCALE);
      const vsa = f32x4.splat(SELU_SCALE_ALPHA);
      for (; o + 16 <= bytes; o += 16) {
        const slope = v128.bitselect(vs, f32x4.add(v128.load(a + o), vsa), f32x4.gt(v128.load(z + o), zero));
        v128.store(dZ + o, f32x4.mul(v128.load(dA + o), slope));
      }
      for (; o < bytes; o += 4) {
        const slope: f32 = load<f32>(z + o) > 0 ? SELU_SCALE : load<f32>(a + o) + SELU_SCALE_ALPHA;
        store<f32>(dZ + o, load<f32>(dA + o) * slope);
      }
      return;
    }
    case ACT_SOFTPLUS: {
      for (; o < bytes; o += 4) {
        store<f32>(dZ + o, <f32>(<f64>load<f32>(dA + o) * sigmoid64(<f64>load<f32>(z + o))));
      }
      return;
    }
  }
}

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

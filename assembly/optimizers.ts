// Optimizer steps (PyTorch definitions), per element in float32, f32x4 body + scalar tail.
// Scalars that depend on the step count (bias corrections, decayed learning rates) arrive
// precomputed from TypeScript (src/backend/optimizer-scalars.ts). wasm SIMD has no FMA, so the
// vector and scalar paths round identically.
import {
  ADAGRAD_STEP_CLR, ADAGRAD_STEP_EPS, ADAGRAD_STEP_WEIGHT_DECAY, ADAM_STEP_BETA1, ADAM_STEP_BETA2, ADAM_STEP_COUPLED_WEIGHT_DECAY,
  ADAM_STEP_DECOUPLED_DECAY, ADAM_STEP_EPS, ADAM_STEP_SQRT_BIAS_CORRECTION2, ADAM_STEP_STEP_SIZE, RMSPROP_STEP_ALPHA, RMSPROP_STEP_CENTERED,
  RMSPROP_STEP_EPS, RMSPROP_STEP_LR, RMSPROP_STEP_MOMENTUM, RMSPROP_STEP_WEIGHT_DECAY, SGD_STEP_DAMPENING, SGD_STEP_FIRST_STEP, SGD_STEP_LR,
  SGD_STEP_MOMENTUM, SGD_STEP_NESTEROV, SGD_STEP_WEIGHT_DECAY,
} from './kernel-slots';

/**
 * torch.optim.SGD:
 *   d = g + wd·p                                   (when wd ≠ 0)
 *   if momentum ≠ 0:
 *     buf = firstStep ? d : momentum·buf + (1 − dampening)·d
 *     d = nesterov ? d + momentum·buf : buf
 *   p −= lr·d
 * Scalar block s = [lr, momentum, dampening, nesterov (0/1), weightDecay, firstStep (0/1)].
 */
export function sgdStep(n: i32, p: usize, g: usize, buf: usize, s: usize): void {
  const lr = load<f64>(s, SGD_STEP_LR), momentum = load<f64>(s, SGD_STEP_MOMENTUM), dampening = load<f64>(s, SGD_STEP_DAMPENING);
  const nesterov = load<f64>(s, SGD_STEP_NESTEROV), weightDecay = load<f64>(s, SGD_STEP_WEIGHT_DECAY), firstStep = load<f64>(s, SGD_STEP_FIRST_STEP);
  const bytes = <usize>max(n, 0) << 2;
  const lr32 = <f32>lr, mu = <f32>momentum, damp = <f32>(1 - dampening), wd = <f32>weightDecay;
  const useWd = weightDecay != 0, useMomentum = momentum != 0, nest = nesterov != 0, first = firstStep != 0;
  const vlr = f32x4.splat(lr32), vmu = f32x4.splat(mu), vdamp = f32x4.splat(damp), vwd = f32x4.splat(wd);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (useWd) d = f32x4.add(d, f32x4.mul(vwd, pv));
    if (useMomentum) {
      const b = first ? d : f32x4.add(f32x4.mul(vmu, v128.load(buf + o)), f32x4.mul(vdamp, d));
      v128.store(buf + o, b);
      d = nest ? f32x4.add(d, f32x4.mul(vmu, b)) : b;
    }
    v128.store(p + o, f32x4.sub(pv, f32x4.mul(vlr, d)));
  }
  for (; o < bytes; o += 4) {
    const pv = load<f32>(p + o);
    let d = load<f32>(g + o);
    if (useWd) d = d + wd * pv;
    if (useMomentum) {
      const b = first ? d : mu * load<f32>(buf + o) + damp * d;
      store<f32>(buf + o, b);
      d = nest ? d + mu * b : b;
    }
    store<f32>(p + o, pv - lr32 * d);
  }
}

/**
 * torch.optim.RMSprop:
 *   d = g + wd·p                                   (when wd ≠ 0)
 *   sq = alpha·sq + (1 − alpha)·d²
 *   if centered: gavg = alpha·gavg + (1 − alpha)·d; avg = sqrt(sq − gavg²) + eps
 *   else:        avg = sqrt(sq) + eps
 *   if momentum > 0: buf = momentum·buf + d/avg; p −= lr·buf
 *   else:            p −= lr·d/avg
 * Scalar block s = [lr, alpha, eps, weightDecay, momentum, centered (0/1)].
 */
export function rmspropStep(n: i32, p: usize, g: usize, sq: usize, buf: usize, gavg: usize, s: usize): void {
  const lr = load<f64>(s, RMSPROP_STEP_LR), alpha = load<f64>(s, RMSPROP_STEP_ALPHA), eps = load<f64>(s, RMSPROP_STEP_EPS);
  const weightDecay = load<f64>(s, RMSPROP_STEP_WEIGHT_DECAY), momentum = load<f64>(s, RMSPROP_STEP_MOMENTUM), centered = load<f64>(s, RMSPROP_STEP_CENTERED);
  const bytes = <usize>max(n, 0) << 2;
  const lr32 = <f32>lr, al = <f32>alpha, oneMinusAl = <f32>(1 - alpha), eps32 = <f32>eps, wd = <f32>weightDecay, mu = <f32>momentum;
  const useWd = weightDecay != 0, useMomentum = momentum > 0, isCentered = centered != 0;
  const vlr = f32x4.splat(lr32), val = f32x4.splat(al), v1al = f32x4.splat(oneMinusAl), veps = f32x4.splat(eps32), vwd = f32x4.splat(wd), vmu = f32x4.splat(mu);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (useWd) d = f32x4.add(d, f32x4.mul(vwd, pv));
    const sv = f32x4.add(f32x4.mul(val, v128.load(sq + o)), f32x4.mul(v1al, f32x4.mul(d, d)));
    v128.store(sq + o, sv);
    let avg: v128;
    if (isCentered) {
      const ga = f32x4.add(f32x4.mul(val, v128.load(gavg + o)), f32x4.mul(v1al, d));
      v128.store(gavg + o, ga);
      avg = f32x4.add(f32x4.sqrt(f32x4.sub(sv, f32x4.mul(ga, ga))), veps);
    } else {
      avg = f32x4.add(f32x4.sqrt(sv), veps);
    }
    if (useMomentum) {
      const b = f32x4.add(f32x4.mul(vmu, v128.load(buf + o)), f32x4.div(d, avg));
      v128.store(buf + o, b);
      v128.store(p + o, f32x4.sub(pv, f32x4.mul(vlr, b)));
    } else {
      v128.store(p + o, f32x4.sub(pv, f32x4.div(f32x4.mul(vlr, d), avg)));
    }
  }
  for (; o < bytes; o += 4) {
    const pv = load<f32>(p + o);
    let d = load<f32>(g + o);
    if (useWd) d = d + wd * pv;
    const sv = al * load<f32>(sq + o) + oneMinusAl * (d * d);
    store<f32>(sq + o, sv);
    let avg: f32;
    if (isCentered) {
      const ga = al * load<f32>(gavg + o) + oneMinusAl * d;
      store<f32>(gavg + o, ga);
      avg = Mathf.sqrt(sv - ga * ga) + eps32;
    } else {
      avg = Mathf.sqrt(sv) + eps32;
    }
    if (useMomentum) {
      const b = mu * load<f32>(buf + o) + d / avg;
      store<f32>(buf + o, b);
      store<f32>(p + o, pv - lr32 * b);
    } else {
      store<f32>(p + o, pv - lr32 * d / avg);
    }
  }
}

/**
 * torch.optim.Adam (decoupledDecay = 0) and AdamW (coupledWd = 0):
 *   if decoupledDecay ≠ 0: p *= (1 − decoupledDecay)       (decoupledDecay = lr·wd, AdamW)
 *   d = g + coupledWd·p                                    (when coupledWd ≠ 0, Adam)
 *   m = b1·m + (1 − b1)·d
 *   v = b2·v + (1 − b2)·d²
 *   p −= stepSize·m / (sqrt(v)/sqrtBc2 + eps)              (stepSize = lr / (1 − b1^t))
 * Scalar block s = [beta1, beta2, eps, stepSize, sqrtBc2, coupledWd, decoupledDecay].
 */
export function adamStep(n: i32, p: usize, g: usize, m: usize, v: usize, s: usize): void {
  const beta1 = load<f64>(s, ADAM_STEP_BETA1), beta2 = load<f64>(s, ADAM_STEP_BETA2), eps = load<f64>(s, ADAM_STEP_EPS);
  const stepSize = load<f64>(s, ADAM_STEP_STEP_SIZE), sqrtBc2 = load<f64>(s, ADAM_STEP_SQRT_BIAS_CORRECTION2);
  const coupledWd = load<f64>(s, ADAM_STEP_COUPLED_WEIGHT_DECAY), decoupledDecay = load<f64>(s, ADAM_STEP_DECOUPLED_DECAY);
  const bytes = <usize>max(n, 0) << 2;
  const b1 = <f32>beta1, ob1 = <f32>(1 - beta1), b2 = <f32>beta2, ob2 = <f32>(1 - beta2), eps32 = <f32>eps;
  const step = <f32>stepSize, bc2 = <f32>sqrtBc2, wd = <f32>coupledWd, decay = <f32>(1 - decoupledDecay);
  const useWd = coupledWd != 0, useDecay = decoupledDecay != 0;
  const vb1 = f32x4.splat(b1), vob1 = f32x4.splat(ob1), vb2 = f32x4.splat(b2), vob2 = f32x4.splat(ob2), veps = f32x4.splat(eps32);
  const vstep = f32x4.splat(step), vbc2 = f32x4.splat(bc2), vwd = f32x4.splat(wd), vdecay = f32x4.splat(decay);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    let pv = v128.load(p + o);
    if (useDecay) pv = f32x4.mul(pv, vdecay);
    let d = v128.load(g + o);
    if (useWd) d = f32x4.add(d, f32x4.mul(vwd, pv));
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(vob1, d));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(vob2, f32x4.mul(d, d)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), vbc2), veps);
    v128.store(p + o, f32x4.sub(pv, f32x4.div(f32x4.mul(vstep, mv), denom)));
  }
  for (; o < bytes; o += 4) {
    let pv = load<f32>(p + o);
    if (useDecay) pv = pv * decay;
    let d = load<f32>(g + o);
    if (useWd) d = d + wd * pv;
    const mv = b1 * load<f32>(m + o) + ob1 * d;
    const vv = b2 * load<f32>(v + o) + ob2 * (d * d);
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, pv - step * mv / (Mathf.sqrt(vv) / bc2 + eps32));
  }
}

/**
 * torch.optim.Adagrad:
 *   d = g + wd·p                                   (when wd ≠ 0)
 *   sum += d²
 *   p −= clr·d / (sqrt(sum) + eps)                 (clr = lr / (1 + (t − 1)·lrDecay))
 * Scalar block s = [clr, eps, weightDecay].
 */
export function adagradStep(n: i32, p: usize, g: usize, sum: usize, s: usize): void {
  const clr = load<f64>(s, ADAGRAD_STEP_CLR), eps = load<f64>(s, ADAGRAD_STEP_EPS), weightDecay = load<f64>(s, ADAGRAD_STEP_WEIGHT_DECAY);
  const bytes = <usize>max(n, 0) << 2;
  const clr32 = <f32>clr, eps32 = <f32>eps, wd = <f32>weightDecay;
  const useWd = weightDecay != 0;
  const vclr = f32x4.splat(clr32), veps = f32x4.splat(eps32), vwd = f32x4.splat(wd);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (useWd) d = f32x4.add(d, f32x4.mul(vwd, pv));
    const sv = f32x4.add(v128.load(sum + o), f32x4.mul(d, d));
    v128.store(sum + o, sv);
    v128.store(p + o, f32x4.sub(pv, f32x4.div(f32x4.mul(vclr, d), f32x4.add(f32x4.sqrt(sv), veps))));
  }
  for (; o < bytes; o += 4) {
    const pv = load<f32>(p + o);
    let d = load<f32>(g + o);
    if (useWd) d = d + wd * pv;
    const sv = load<f32>(sum + o) + d * d;
    store<f32>(sum + o, sv);
    store<f32>(p + o, pv - clr32 * d / (Mathf.sqrt(sv) + eps32));
  }
}

// Optimizer updates over one flat parameter buffer, exactly as PyTorch defines them.
// Coefficients that depend on the step count arrive precomputed (optimizer-scalars.ts).
import * as slot from '../kernel-abi.ts';

/**
 * torch.optim.SGD: d = g + λp; with momentum μ: buf = (first step ? d : μ·buf + (1 − τ)·d),
 * d = nesterov ? d + μ·buf : buf; p ← p − lr·d.
 */
export function sgdStep(n: number, p: Float32Array, g: Float32Array, buf: Float32Array, s: Float64Array): void {
  const lr = s[slot.SGD_STEP_LR]!, momentum = s[slot.SGD_STEP_MOMENTUM]!, dampening = s[slot.SGD_STEP_DAMPENING]!, nesterov = s[slot.SGD_STEP_NESTEROV] !== 0;
  const weightDecay = s[slot.SGD_STEP_WEIGHT_DECAY]!, firstStep = s[slot.SGD_STEP_FIRST_STEP] !== 0;
  for (let i = 0; i < n; i++) {
    let d = g[i]! + weightDecay * p[i]!;
    if (momentum !== 0) {
      const b = firstStep ? d : momentum * buf[i]! + (1 - dampening) * d;
      buf[i] = b;
      d = nesterov ? d + momentum * Math.fround(b) : Math.fround(b);
    }
    p[i] = p[i]! - lr * d;
  }
}

/**
 * torch.optim.RMSprop: d = g + λp; v = α·v + (1 − α)·d²; centered: ḡ = α·ḡ + (1 − α)·d,
 * avg = √(v − ḡ²) + ε, else avg = √v + ε; momentum μ: buf = μ·buf + d/avg, p ← p − lr·buf;
 * otherwise p ← p − lr·d/avg.
 */
export function rmspropStep(n: number, p: Float32Array, g: Float32Array, squareAvg: Float32Array, momentumBuf: Float32Array, gradAvg: Float32Array, s: Float64Array): void {
  const lr = s[slot.RMSPROP_STEP_LR]!, alpha = s[slot.RMSPROP_STEP_ALPHA]!, eps = s[slot.RMSPROP_STEP_EPS]!, weightDecay = s[slot.RMSPROP_STEP_WEIGHT_DECAY]!;
  const momentum = s[slot.RMSPROP_STEP_MOMENTUM]!, centered = s[slot.RMSPROP_STEP_CENTERED] !== 0;
  for (let i = 0; i < n; i++) {
    const d = g[i]! + weightDecay * p[i]!;
    const v = Math.fround(alpha * squareAvg[i]! + (1 - alpha) * d * d);
    squareAvg[i] = v;
    let avg: number;
    if (centered) {
      const mean = Math.fround(alpha * gradAvg[i]! + (1 - alpha) * d);
      gradAvg[i] = mean;
      avg = Math.sqrt(v - mean * mean) + eps;
    } else {
      avg = Math.sqrt(v) + eps;
    }
    if (momentum > 0) {
      const b = Math.fround(momentum * momentumBuf[i]! + d / avg);
      momentumBuf[i] = b;
      p[i] = p[i]! - lr * b;
    } else {
      p[i] = p[i]! - (lr * d) / avg;
    }
  }
}

/**
 * torch.optim.Adam / AdamW: AdamW first shrinks p ← p·(1 − lr·λ); Adam adds d = g + λp.
 * m = β1·m + (1 − β1)·d; v = β2·v + (1 − β2)·d²;
 * p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
 */
export function adamStep(n: number, p: Float32Array, g: Float32Array, expAvg: Float32Array, expAvgSq: Float32Array, s: Float64Array): void {
  const beta1 = s[slot.ADAM_STEP_BETA1]!, beta2 = s[slot.ADAM_STEP_BETA2]!, eps = s[slot.ADAM_STEP_EPS]!, stepSize = s[slot.ADAM_STEP_STEP_SIZE]!;
  const sqrtBiasCorrection2 = s[slot.ADAM_STEP_SQRT_BIAS_CORRECTION2]!, coupledWeightDecay = s[slot.ADAM_STEP_COUPLED_WEIGHT_DECAY]!, decoupledDecay = s[slot.ADAM_STEP_DECOUPLED_DECAY]!;
  for (let i = 0; i < n; i++) {
    let w = p[i]!;
    // Stryker disable next-line ConditionalExpression: with no decay, w · (1 − 0) is w again
    if (decoupledDecay !== 0) w = Math.fround(w * (1 - decoupledDecay));
    const d = g[i]! + coupledWeightDecay * w;
    const m = Math.fround(beta1 * expAvg[i]! + (1 - beta1) * d);
    const v = Math.fround(beta2 * expAvgSq[i]! + (1 - beta2) * d * d);
    expAvg[i] = m;
    expAvgSq[i] = v;
    p[i] = w - (stepSize * m) / (Math.sqrt(v) / sqrtBiasCorrection2 + eps);
  }
}

/** torch.optim.Adagrad: d = g + λp; s = s + d²; p ← p − clr·d/(√s + ε), clr = lr/(1 + (t − 1)·decay). */
export function adagradStep(n: number, p: Float32Array, g: Float32Array, sum: Float32Array, s: Float64Array): void {
  const clr = s[slot.ADAGRAD_STEP_CLR]!, eps = s[slot.ADAGRAD_STEP_EPS]!, weightDecay = s[slot.ADAGRAD_STEP_WEIGHT_DECAY]!;
  for (let i = 0; i < n; i++) {
    const d = g[i]! + weightDecay * p[i]!;
    const s = Math.fround(sum[i]! + d * d);
    sum[i] = s;
    p[i] = p[i]! - (clr * d) / (Math.sqrt(s) + eps);
  }
}

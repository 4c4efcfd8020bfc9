// Box-constrained BFGS (a small projected quasi-Newton method): the inverse-Hessian BFGS
// direction over the free variables, variables at a bound whose gradient pushes outward are held
// fixed, and an Armijo backtracking search along the projected path x(t) = clamp(x + t·p). Used
// for the GP's log-hyperparameters and for refining the acquisition in the unit cube; both have
// under ~25 variables, so a dense inverse Hessian is cheap.

/**
 * f(x), writing ∇f(x) into `gradient`; +Infinity where f cannot be evaluated. With
 * `valueOnly` (passed only under BfgsOptions.lazyGradient) the gradient may be skipped; BFGS
 * then asks again, at the same x, for the gradient of a step it accepts.
 */
export type Objective = (x: Float64Array, gradient: Float64Array, valueOnly?: boolean) => number;

export interface BoxMinimum {
  x: Float64Array;
  value: number;
  evaluations: number;
}

export interface BfgsOptions {
  maxIterations?: number;
  /** Stop when one step improves f by less than this times max(1, |f|) (default 1e-7). */
  relativeTolerance?: number;
  /** Stop when the projected gradient's largest entry is below this (default 1e-6). */
  gradientTolerance?: number;
  /**
   * Score line-search trials by value alone and evaluate the gradient only at accepted steps
   * (for objectives whose gradient costs more than the value and that cache the last point).
   */
  lazyGradient?: boolean;
}

function resetInverseHessian(h: Float64Array, m: number, scale: number): void {
  h.fill(0);
  for (let i = 0; i < m; i++) h[i * m + i] = scale;
}

/** Minimises f over the box [lower, upper] from x0 (clamped into it). */
export function minimizeInBox(f: Objective, x0: Float64Array, lower: Float64Array, upper: Float64Array, options: BfgsOptions = {}): BoxMinimum {
  const m = x0.length;
  const maxIterations = options.maxIterations ?? 100;
  const relativeTolerance = options.relativeTolerance ?? 1e-7;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const lazy = options.lazyGradient ?? false;
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) x[i] = Math.min(Math.max(x0[i]!, lower[i]!), upper[i]!);
  const g = new Float64Array(m);
  let value = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(value)) return { x, value, evaluations };

  const h = new Float64Array(m * m);
  let scale = 1;
  resetInverseHessian(h, m, scale);
  const free = new Uint8Array(m);
  const previousFree = new Uint8Array(m);
  const direction = new Float64Array(m);
  const trial = new Float64Array(m);
  const trialGradient = new Float64Array(m);
  const s = new Float64Array(m);
  const yDiff = new Float64Array(m);
  const hy = new Float64Array(m);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // Free variables: inside the box, or at a bound with the gradient pointing inwards.
    let projected = 0;
    let changed = false;
    for (let i = 0; i < m; i++) {
      const blocked = (x[i]! <= lower[i]! && g[i]! > 0) || (x[i]! >= upper[i]! && g[i]! < 0);
      free[i] = blocked ? 0 : 1;
      if (free[i] !== previousFree[i]) changed = true;
      previousFree[i] = free[i]!;
      if (!blocked) projected = Math.max(projected, Math.abs(g[i]!));
    }
    if (projected < gradientTolerance) break;
    if (changed && iteration > 0) resetInverseHessian(h, m, scale);

    let slope = 0;
    let largest = 0;
    for (let i = 0; i < m; i++) {
      let sum = 0;
      if (free[i] === 1) for (let j = 0; j < m; j++) if (free[j] === 1) sum -= h[i * m + j]! * g[j]!;
      direction[i] = sum;
      slope += sum * g[i]!;
      largest = Math.max(largest, Math.abs(sum));
    }
    if (!(slope < 0)) {
      resetInverseHessian(h, m, scale);
      slope = 0;
      largest = 0;
      for (let i = 0; i < m; i++) {
        direction[i] = free[i] === 1 ? -scale * g[i]! : 0;
        slope += direction[i]! * g[i]!;
        largest = Math.max(largest, Math.abs(direction[i]!));
      }
    }

    // The first step moves no coordinate by more than 1 (the box's natural unit here).
    let step = iteration === 0 ? Math.min(1, 1 / largest) : 1;
    let trialValue = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let backtrack = 0; backtrack < 30; backtrack++) {
      let decrease = 0;
      for (let i = 0; i < m; i++) {
        trial[i] = Math.min(Math.max(x[i]! + step * direction[i]!, lower[i]!), upper[i]!);
        decrease += g[i]! * (trial[i]! - x[i]!);
      }
      trialValue = lazy ? f(trial, trialGradient, true) : f(trial, trialGradient);
      evaluations++;
      if (Number.isFinite(trialValue) && trialValue <= value + 1e-4 * decrease) {
        accepted = true;
        if (lazy) trialValue = f(trial, trialGradient);
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;

    let sy = 0;
    let yy = 0;
    for (let i = 0; i < m; i++) {
      s[i] = trial[i]! - x[i]!;
      yDiff[i] = trialGradient[i]! - g[i]!;
      sy += s[i]! * yDiff[i]!;
      yy += yDiff[i]! * yDiff[i]!;
    }
    const improvement = value - trialValue;
    x.set(trial);
    g.set(trialGradient);
    value = trialValue;
    if (improvement <= relativeTolerance * Math.max(1, Math.abs(value))) break;
    if (sy <= 1e-12 * Math.max(yy, 1e-300)) continue;
    if (iteration === 0) {
      // Shanno–Phua scaling of the first inverse-Hessian guess.
      scale = sy / yy;
      resetInverseHessian(h, m, scale);
    }
    // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
    const rho = 1 / sy;
    let yHy = 0;
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += h[i * m + j]! * yDiff[j]!;
      hy[i] = sum;
      yHy += yDiff[i]! * sum;
    }
    const factor = rho * rho * yHy + rho;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        h[i * m + j] = h[i * m + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + factor * s[i]! * s[j]!;
      }
    }
  }
  return { x, value, evaluations };
}

// Hyperband's bracket schedule, exactly as Algorithm 1 of Li, Jamieson, DeSalvo, Rostamizadeh and
// Talwalkar, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization",
// JMLR 18 (2018):
//
//   s_max = ⌊log_η(R)⌋,  B = (s_max + 1)·R
//   for s = s_max … 0:  n = ⌈(B/R)·η^s / (s + 1)⌉,  r = R·η^−s
//     successive halving, rounds i = 0 … s:  n_i = ⌊n·η^−i⌋ configurations for r_i = r·η^i each
//
// All integer parts are computed in integer arithmetic (s_max by repeated multiplication, so
// log_3(81) is 4, not 3.9999…). HyperbandPruner maps these brackets onto asynchronous successive
// halving; this file is the schedule itself, for planning budgets and for documentation.
import { integerAtLeast } from './options.ts';

export interface HyperbandRound {
  /** n_i: configurations evaluated in this round. */
  n: number;
  /** r_i: resource (epochs) each of them has been trained for by the end of the round. */
  r: number;
}

export interface HyperbandBracket {
  /** The bracket index s (s_max is the most aggressive: most configurations, least resource). */
  s: number;
  /** Rounds i = 0 … s of successive halving. */
  rounds: HyperbandRound[];
}

/** ⌊log_base(x)⌋ for integers x ≥ 1, base ≥ 2: the largest s with base^s ≤ x. */
export function floorLog(x: number, base: number): number {
  let s = 0;
  let power = base;
  while (power <= x) {
    s += 1;
    power *= base;
  }
  return s;
}

/** ⌈a/b⌉ for non-negative integers, without trusting the rounding of a/b. */
export function ceilDiv(a: number, b: number): number {
  const q = Math.floor(a / b);
  return q * b < a ? q + 1 : q;
}

/** ⌊a/b⌋ for non-negative integers. */
function floorDiv(a: number, b: number): number {
  const q = Math.floor(a / b);
  return q * b > a ? q - 1 : q;
}

/** Li et al.'s brackets for maximum resource R and reduction factor η, from s = s_max down to 0. */
export function hyperbandBrackets(R: number, eta: number): HyperbandBracket[] {
  integerAtLeast('hyperbandBrackets: R', R, 1);
  integerAtLeast('hyperbandBrackets: eta', eta, 2);
  const sMax = floorLog(R, eta);
  const brackets: HyperbandBracket[] = [];
  for (let s = sMax; s >= 0; s -= 1) {
    const etaS = eta ** s;
    // B/R = s_max + 1 exactly, so n = ⌈(s_max + 1)·η^s / (s + 1)⌉.
    const n = ceilDiv((sMax + 1) * etaS, s + 1);
    const rounds: HyperbandRound[] = [];
    for (let i = 0; i <= s; i += 1) {
      const etaI = eta ** i;
      // r_i = R·η^(i−s), as R·η^i / η^s so that exact powers stay exact.
      rounds.push({ n: floorDiv(n, etaI), r: (R * etaI) / etaS });
    }
    brackets.push({ s, rounds });
  }
  return brackets;
}

/** Σ n_0 over the brackets: the configurations Hyperband samples (143 for R = 81, η = 3). */
export function hyperbandTotalConfigurations(brackets: readonly HyperbandBracket[]): number {
  let total = 0;
  // Stryker disable next-line OptionalChaining: every bracket has a round 0 (s >= 0)
  for (const bracket of brackets) total += bracket.rounds[0]?.n ?? 0;
  return total;
}

export interface HyperbandResourceOptions {
  /**
   * true: a promoted configuration continues from its checkpoint, so round i costs
   * n_i·(r_i − r_(i−1)) (1581 epochs for R = 81, η = 3). This is what pruning with
   * report()/shouldPrune() does: the objective keeps training the same model.
   * false (the paper's accounting): every round retrains from scratch, n_i·r_i (1902 epochs).
   */
  promotedContinue?: boolean;
}

/** Σ over brackets and rounds of the resource spent (epochs). */
export function hyperbandTotalResource(brackets: readonly HyperbandBracket[], options: HyperbandResourceOptions = {}): number {
  const promotedContinue = options.promotedContinue ?? false;
  let total = 0;
  for (const bracket of brackets) {
    let previousR = 0;
    for (const { n, r } of bracket.rounds) {
      total += n * (promotedContinue ? r - previousR : r);
      previousR = r;
    }
  }
  return total;
}

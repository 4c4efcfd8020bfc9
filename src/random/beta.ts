// Symmetric Beta(α, α) draws from a SeededRandom, for mixup's λ: X/(X + Y) with X, Y ~ Gamma(α)
// by Marsaglia and Tsang (ACM TOMS 2000), a squeeze and one rejection test, about 1.03 normal
// draws per gamma; α < 1 through Gamma(α + 1)·U^(1/α). This runs once per training step, so
// the constants are fixed up front and results land in Float64Array slots: a double passed to
// or returned from a call V8 does not inline is a heap allocation.
import { rangeError } from '../errors.ts';
import type { SeededRandom } from './seeded-random.ts';

export class SymmetricBetaSampler {
  private readonly normal = new Float64Array(1);
  private readonly uniform = new Float64Array(1);
  private readonly gamma = new Float64Array(2);
  private readonly boosted: boolean;
  private readonly d: number;
  private readonly c: number;
  private readonly inverseAlpha: number;
  /** The last draw. */
  readonly value = new Float64Array(1);

  constructor(private readonly rng: SeededRandom, alpha: number) {
    if (!(typeof alpha === 'number' && alpha > 0 && Number.isFinite(alpha))) throw rangeError('SymmetricBetaSampler: alpha', 'a finite number > 0', alpha);
    this.boosted = alpha < 1;
    this.d = (this.boosted ? alpha + 1 : alpha) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.inverseAlpha = 1 / alpha;
  }

  /** Gamma(α, 1) into this.gamma[slot]. */
  private drawGamma(slot: number): void {
    const { d, c } = this;
    for (;;) {
      this.rng.fillNormal(this.normal, 1);
      const x = this.normal[0]!;
      const root = 1 + c * x;
      if (root <= 0) continue;
      const v = root * root * root;
      this.rng.fillUniform(this.uniform, 1);
      const u = this.uniform[0]!;
      if (u < 1 - 0.0331 * x * x * x * x || (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))) {
        this.gamma[slot] = d * v;
        break;
      }
    }
    if (!this.boosted) return;
    do this.rng.fillUniform(this.uniform, 1);
    while (this.uniform[0] === 0);
    this.gamma[slot] = this.gamma[slot]! * Math.exp(Math.log(this.uniform[0]!) * this.inverseAlpha);
  }

  /** A Beta(α, α) draw into this.value[0]. */
  draw(): void {
    this.drawGamma(0);
    this.drawGamma(1);
    const sum = this.gamma[0]! + this.gamma[1]!;
    this.value[0] = sum > 0 ? this.gamma[0]! / sum : 0.5;
  }
}

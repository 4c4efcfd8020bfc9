// The EI maximiser's candidate stage, seen through a stand-in GP that records the points it is
// asked about: how many candidates, which are drawn around the incumbents and at what scales,
// one-hot groups, the ranking and its tie-break, and which candidates the exclusions leave.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src/random/seeded-random.ts';
import { logExpectedImprovement, logNormalCdf, maximizeExpectedImprovement } from '../../../../src/tune/samplers/bayes/acquisition.ts';
import type { GaussianProcess, PredictionWithGradient } from '../../../../src/tune/samplers/bayes/gaussian-process.ts';

/** A stand-in GP: μ and σ² from plain functions, the batched points recorded, gradient calls counted. */
class RecordingGp {
  points = new Float64Array(0);
  m = 0;
  gradientCalls = 0;
  constructor(
    private readonly mean: (x: Float64Array, at: number) => number = () => 0,
    private readonly variance: (x: Float64Array, at: number) => number = () => 1,
  ) {}
  predict(points: Float64Array, m: number, mean: Float64Array, variance: Float64Array): void {
    this.points = Float64Array.from(points);
    this.m = m;
    for (let p = 0; p < m; p++) {
      mean[p] = this.mean(points, p * (points.length / m));
      variance[p] = this.variance(points, p * (points.length / m));
    }
  }
  predictWithGradient(point: Float64Array, out: PredictionWithGradient): PredictionWithGradient {
    this.gradientCalls++;
    out.mean = this.mean(point, 0);
    out.variance = this.variance(point, 0);
    out.meanGradient.fill(0);
    out.varianceGradient.fill(0);
    return out;
  }
  asGp(): GaussianProcess {
    return this as unknown as GaussianProcess;
  }
}

const line = { dimension: 1, continuous: [0], groups: [] };
const rms = (values: number[]): number => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);

describe('maximizeExpectedImprovement: candidates', () => {
  it('scores 1000 candidates by default and at least one', () => {
    const gp = new RecordingGp();
    maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(1), layout: line, refine: 0 });
    expect(gp.m).toBe(1000);
    maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(1), layout: line, refine: 0, candidates: 0 });
    expect(gp.m).toBe(1);
  });

  it('draws the first quarter around the incumbents in turn, at scales 0.01, 0.05 and 0.2, the rest uniformly', () => {
    const gp = new RecordingGp();
    // Two incumbents far apart: candidate c starts from incumbent c mod 2, scale index ⌊c/2⌋ mod 3.
    const incumbents = Float64Array.from([0.3, 0.7]);
    maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(2), layout: line, refine: 0, candidates: 1200, incumbents });
    const x = Array.from(gp.points);
    const byScale: number[][] = [[], [], []];
    for (let c = 0; c < 300; c++) byScale[Math.floor(c / 2) % 3]!.push(x[c]! - incumbents[c % 2]!);
    const spreads = byScale.map(rms);
    expect(spreads[0]).toBeGreaterThan(0.006);
    expect(spreads[0]).toBeLessThan(0.015);
    expect(spreads[1]).toBeGreaterThan(0.035);
    expect(spreads[1]).toBeLessThan(0.07);
    expect(spreads[2]).toBeGreaterThan(0.14);
    expect(spreads[2]).toBeLessThan(0.26);
    // The rest: uniform on [0, 1) (mean ½, spread 1/√12 ≈ 0.29), with no pull toward 0.3 or 0.7.
    const rest = x.slice(300);
    for (const v of rest) expect(v >= 0 && v < 1).toBe(true);
    expect(Math.abs(rest.reduce((s, v) => s + v, 0) / rest.length - 0.5)).toBeLessThan(0.04);
    expect(rms(rest.map((v) => v - 0.5))).toBeGreaterThan(0.26);
    // Without incumbents (or with none in the array) every candidate is uniform.
    for (const none of [undefined, new Float64Array(0)]) {
      maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(2), layout: line, refine: 0, candidates: 1200, ...(none === undefined ? {} : { incumbents: none }) });
      const near = Array.from(gp.points.subarray(0, 300)).filter((v) => Math.abs(v - 0.3) < 0.02 || Math.abs(v - 0.7) < 0.02);
      expect(near.length).toBeLessThan(40);
    }
  });

  it('clips the perturbed incumbents into [0, 1]', () => {
    const gp = new RecordingGp();
    maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(3), layout: line, refine: 0, candidates: 400, incumbents: Float64Array.from([0.99]) });
    const local = Array.from(gp.points.subarray(0, 100));
    for (const v of local) expect(v >= 0 && v <= 1).toBe(true);
    expect(local.filter((v) => v === 1).length).toBeGreaterThan(10);
  });

  it('keeps one-hot groups valid: uniform candidates pick any choice, local ones keep the incumbent\'s four times in five', () => {
    const gp = new RecordingGp();
    const layout = { dimension: 4, continuous: [0], groups: [{ start: 1, size: 3 }] };
    maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(4), layout, refine: 0, candidates: 2000, incumbents: Float64Array.from([0.5, 0, 0, 1]) });
    const p = gp.points;
    const choice = (c: number): number => {
      const row = [p[c * 4 + 1]!, p[c * 4 + 2]!, p[c * 4 + 3]!];
      expect([...row].sort()).toEqual([0, 0, 1]);
      return row.indexOf(1);
    };
    // Local: kept with probability 0.8 + 0.2 · 1/3.
    let kept = 0;
    for (let c = 0; c < 500; c++) if (choice(c) === 2) kept++;
    expect(kept / 500).toBeGreaterThan(0.8);
    expect(kept / 500).toBeLessThan(0.93);
    const counts = [0, 0, 0];
    for (let c = 500; c < 2000; c++) counts[choice(c)]!++;
    for (const n of counts) expect(n / 1500).toBeGreaterThan(0.28);
  });
  it('draws in stream order: incumbent + scale·N(0, 1) per coordinate (clipped), a group redrawn one time in five, then uniforms', () => {
    const gp = new RecordingGp();
    // A one-hot group of three ahead of the continuous coordinate, so each must stay in its own slots.
    const layout = { dimension: 4, continuous: [3], groups: [{ start: 0, size: 3 }] };
    const incumbents = Float64Array.from([0, 1, 0, 0.2, 1, 0, 0, 0.9]);
    maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(9), layout, refine: 0, candidates: 60, incumbents });
    const rng = new SeededRandom(9);
    const scales = [0.01, 0.05, 0.2];
    const expected: number[] = [];
    const oneHot = (chosen: number): number[] => [0, 1, 2].map((j) => (j === chosen ? 1 : 0));
    for (let c = 0; c < 60; c++) {
      if (c < 15) {
        const source = (c % 2) * 4;
        const x = Math.min(Math.max(incumbents[source + 3]! + scales[Math.floor(c / 2) % 3]! * rng.normal(), 0), 1);
        const group = rng.uniform() < 0.2 ? oneHot(rng.below(3)) : Array.from(incumbents.subarray(source, source + 3));
        expected.push(...group, x);
      } else {
        const x = rng.uniform();
        expected.push(...oneHot(rng.below(3)), x);
      }
    }
    expect(Array.from(gp.points)).toEqual(expected);
  });
});

describe('maximizeExpectedImprovement: ranking and exclusions', () => {
  it('without refinement answers the candidate of the largest score: log EI plus log P(feasible)', () => {
    // μ = (x − 0.3)², σ² = 0.01 + 0.1x; constraint μ_c = x, σ_c² = 0.04 below t = 0.25.
    const gp = new RecordingGp((x, at) => (x[at]! - 0.3) ** 2, (x, at) => 0.01 + 0.1 * x[at]!);
    const constraint = new RecordingGp((x, at) => x[at]!, () => 0.04);
    const score = (v: number, best: number): number => (Number.isFinite(best) ? logExpectedImprovement((v - 0.3) ** 2, 0.01 + 0.1 * v, best) : 0) + logNormalCdf((0.25 - v) / 0.2);
    for (const best of [0.01, Number.POSITIVE_INFINITY]) {
      const { point, logEi } = maximizeExpectedImprovement(gp.asGp(), best, { rng: new SeededRandom(5), layout: line, refine: 0, candidates: 50, feasibility: [{ gp: constraint.asGp(), threshold: 0.25 }] });
      const xs = Array.from(gp.points);
      const expected = xs.reduce((a, b) => (score(b, best) > score(a, best) ? b : a));
      expect(point[0]).toBe(expected);
      expect(logEi).toBeCloseTo(score(expected, best), 12);
    }
    // The 'mean' criterion ranks by −(μ − κσ).
    const { point } = maximizeExpectedImprovement(gp.asGp(), 0.01, { rng: new SeededRandom(5), layout: line, refine: 0, candidates: 50, criterion: 'mean', kappa: 2 });
    const lcb = (v: number): number => (v - 0.3) ** 2 - 2 * Math.sqrt(0.01 + 0.1 * v);
    expect(point[0]).toBe(Array.from(gp.points).reduce((a, b) => (lcb(b) < lcb(a) ? b : a)));
  });

  it('breaks ties by candidate order and skips candidates near an excluded point or inside a region', () => {
    const gp = new RecordingGp();
    const options = { rng: new SeededRandom(6), layout: line, refine: 0, candidates: 20 };
    // Every score equal: the first candidate wins.
    const first = maximizeExpectedImprovement(gp.asGp(), 0, options);
    const xs = Array.from(gp.points);
    expect(first.point[0]).toBe(xs[0]);
    // An observation 0.0009 from candidate 0 excludes it (default 1e-3); one 0.0011 from candidate 1 does not.
    const exclude = Float64Array.from([xs[0]! + 0.0009, xs[1]! - 0.0011]);
    expect(maximizeExpectedImprovement(gp.asGp(), 0, { ...options, rng: new SeededRandom(6), exclude }).point[0]).toBe(xs[1]);
    // minDistance widens it; the region around candidate 2 (radius 1 in units of 0.001) too.
    const wide = maximizeExpectedImprovement(gp.asGp(), 0, { ...options, rng: new SeededRandom(6), exclude, minDistance: 0.002 });
    expect(wide.point[0]).toBe(xs[2]);
    const region = { center: Float64Array.from([xs[2]!]), inverseScale: Float64Array.from([1000]), radius: 1 };
    const both = maximizeExpectedImprovement(gp.asGp(), 0, { ...options, rng: new SeededRandom(6), exclude, minDistance: 0.002, excludeRegions: [region] });
    expect(both.point[0]).toBe(xs[3]);
    // Everything excluded: the cube has no room left, so the best candidate all the same.
    const all = maximizeExpectedImprovement(gp.asGp(), 0, { ...options, rng: new SeededRandom(6), exclude: Float64Array.from(xs) });
    expect(all.point[0]).toBe(xs[0]);
  });

  it('refines the best five by default, at most as many as there are candidates, and never a purely categorical point', () => {
    const gp = new RecordingGp();
    const run = (extra: object, layout: { dimension: number; continuous: number[]; groups: { start: number; size: number }[] } = line): number => {
      gp.gradientCalls = 0;
      // refineIterations 0: each refinement evaluates its start once and stops.
      maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(7), layout, candidates: 20, refineIterations: 0, ...extra });
      return gp.gradientCalls;
    };
    expect(run({})).toBe(5);
    expect(run({ refine: 2 })).toBe(2);
    expect(run({ candidates: 3 })).toBe(3);
    expect(run({}, { dimension: 2, continuous: [], groups: [{ start: 0, size: 2 }] })).toBe(0);
  });

  it('measures the distance to excluded points over every coordinate, row by row', () => {
    const gp = new RecordingGp();
    const plane = { dimension: 2, continuous: [0, 1], groups: [] };
    const options = { layout: plane, refine: 0, candidates: 20 };
    maximizeExpectedImprovement(gp.asGp(), 0, { ...options, rng: new SeededRandom(6) });
    const p = Array.from(gp.points);
    const answer = (exclude: number[]): number[] => Array.from(maximizeExpectedImprovement(gp.asGp(), 0, { ...options, rng: new SeededRandom(6), exclude: Float64Array.from(exclude) }).point);
    // 0.0006 off in each coordinate: 0.00085 away, excluded; 0.0006 and 0.0009: 0.00108 away, not.
    expect(answer([p[0]! + 0.0006, p[1]! + 0.0006])).toEqual(p.slice(2, 4));
    expect(answer([p[0]! + 0.0006, p[1]! + 0.0009])).toEqual(p.slice(0, 2));
    // The near row second: every row is checked. Candidates 0 and 1 both excluded: candidate 2.
    expect(answer([2, 2, p[0]!, p[1]! - 0.0005])).toEqual(p.slice(2, 4));
    expect(answer([p[0]!, p[1]!, p[2]!, p[3]!])).toEqual(p.slice(4, 6));
  });

  it('keeps the best candidate when no refinement beats it', () => {
    // refineIterations 0: each refinement scores its start, the best refinement ties the best candidate.
    const gp = new RecordingGp((x, at) => (x[at]! - 0.3) ** 2);
    const { point } = maximizeExpectedImprovement(gp.asGp(), 0, { rng: new SeededRandom(8), layout: line, candidates: 20, refine: 3, refineIterations: 0, criterion: 'mean' });
    const xs = Array.from(gp.points);
    expect(point[0]).toBe(xs.reduce((a, b) => (Math.abs(b - 0.3) < Math.abs(a - 0.3) ? b : a)));
  });
});

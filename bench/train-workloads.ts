// The MLP workloads of the training benchmark, shared by bench/train.ts and bench/anchor-worker.ts:
// the peers' harness definitions (shared anchors, perf/src/spec.ts and workers/common.ts) so the
// data, the start weights and the work per step are the same in every column, and the figures
// REFERENCE.md measured for the peers on the reference machine.
import type { Backend } from '../src/backend/backend.ts';
import { MLP, type LayerWeights } from '../src/nn/mlp.ts';

export interface MlpWorkload {
  name: string;
  /** [inputs, hidden..., classes]: ReLU between, softmax cross-entropy on top. */
  layers: number[];
  batch: number;
  /** The synthetic dataset is nBatches × batch rows, cycled. */
  nBatches: number;
  /** Adam, betas (0.9, 0.999), eps 1e-8. */
  lr: number;
}

export const WORKLOADS: Record<'S' | 'M' | 'L', MlpWorkload> = {
  S: { name: 'S', layers: [64, 128, 64, 10], batch: 64, nBatches: 16, lr: 1e-3 },
  M: { name: 'M', layers: [784, 256, 128, 10], batch: 128, nBatches: 16, lr: 1e-3 },
  L: { name: 'L', layers: [784, 1024, 1024, 10], batch: 256, nBatches: 8, lr: 1e-3 },
};

/** FLOP of one row through the layers' matrix products (2 per multiply-add); biases and activations are left out. */
export function inferFlopsPerSample(w: MlpWorkload): number {
  let flops = 0;
  for (let l = 1; l < w.layers.length; l++) flops += 2 * w.layers[l - 1]! * w.layers[l]!;
  return flops;
}

/**
 * FLOP of one training row: the forward products, the weight gradients (as many again) and the
 * input gradients of every layer but the first (nothing asks for the gradient of the data).
 */
export function trainFlopsPerSample(w: MlpWorkload): number {
  const firstLayer = 2 * w.layers[0]! * w.layers[1]!;
  const forward = inferFlopsPerSample(w);
  return 3 * forward - firstLayer;
}

/** The harness's seed (perf/src/run.ts), so bench:train uses the same data as the side-by-side run. */
export const HARNESS_SEED = 20240601;

/**
 * REFERENCE.md, measured on the reference machine (2 cores, Zen 5 class, its table of
 * 2026-12-03), 1 thread. That table has no tfjs-node CPU column (NaN prints as "-").
 */
export const REFERENCE = {
  train: {
    S: { torch: 239_000, tfjsWasm: 27_200, tfjsCpu: NaN, plainTs: 13_600 },
    M: { torch: 68_800, tfjsWasm: 3_400, tfjsCpu: NaN, plainTs: 1_280 },
    L: { torch: 14_700, tfjsWasm: 152, tfjsCpu: NaN, plainTs: 117 },
  },
  inferLatencyUs: { torch: 32.5, tfjsWasm: 47.7, tfjsCpu: NaN, plainTs: 345 },
  inferBatch1024Sps: { torch: 377_000, tfjsWasm: 74_800, tfjsCpu: NaN, plainTs: 2_400 },
  peakRssMB: { torch: 274, tfjsWasm: 133, tfjsCpu: NaN, plainTs: 62 },
} as const;

// ---- the harness's deterministic data: a counter-based hash RNG (perf/src/workers/common.ts)
export function hash32(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform in [-1, 1), exactly representable in float32: stream `seed`, index `i`. */
export function uniformAt(seed: number, i: number): number {
  return (hash32((i + Math.imul(seed, 0x9e3779b9)) >>> 0) >>> 8) / 8388608 - 1;
}

export function uniformArray(seed: number, length: number, out = new Float32Array(length)): Float32Array {
  for (let i = 0; i < length; i++) out[i] = uniformAt(seed, i);
  return out;
}

export interface Dataset {
  /** rows × inputs, row-major. */
  x: Float32Array;
  labels: Int32Array;
  rows: number;
}

/** Inputs U[-1, 1); labels = argmax of a fixed random linear teacher (float64), as the harness. */
export function makeDataset(w: MlpWorkload, seed: number): Dataset {
  const nIn = w.layers[0]!;
  const nc = w.layers[w.layers.length - 1]!;
  const rows = w.batch * w.nBatches;
  const x = uniformArray(seed, rows * nIn);
  const teacher = uniformArray(seed + 1, nIn * nc);
  const labels = new Int32Array(rows);
  const s = new Float64Array(nc);
  for (let r = 0; r < rows; r++) {
    s.fill(0);
    for (let i = 0; i < nIn; i++) {
      const xv = x[r * nIn + i]!;
      for (let c = 0; c < nc; c++) s[c] = s[c]! + xv * teacher[i * nc + c]!;
    }
    let best = 0;
    for (let c = 1; c < nc; c++) if (s[c]! > s[best]!) best = c;
    labels[r] = best;
  }
  return { x, labels, rows };
}

/**
 * The check bench's shared start weights, W_l[in, out] (row-major) = sqrt(6/in)·uniformAt(seed +
 * 100 + l, i), biases 0, transposed into our units × inputs layout.
 */
export function harnessWeights(layers: number[], seed: number): LayerWeights[] {
  const out: LayerWeights[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    const nin = layers[l]!;
    const nout = layers[l + 1]!;
    const bound = Math.sqrt(6 / nin);
    const weights = new Float32Array(nin * nout);
    for (let i = 0; i < nin; i++) for (let o = 0; o < nout; o++) weights[o * nin + i] = bound * uniformAt(seed + 100 + l, i * nout + o);
    out.push({ weights, bias: new Float32Array(nout) });
  }
  return out;
}

/** The workload's model on `backend`, started from the harness's weights, compiled with Adam. */
export function buildModel(w: MlpWorkload, backend: Backend, seed: number): MLP {
  const hidden = w.layers.slice(1, -1).map((units) => ({ units, activation: 'relu' as const }));
  const model = new MLP(
    {
      inputs: w.layers[0]!,
      layers: [...hidden, { units: w.layers[w.layers.length - 1]!, activation: 'softmax' as const }],
      loss: 'categoricalCrossEntropy',
      seed,
    },
    { backend },
  );
  model.setWeights(harnessWeights(w.layers, seed));
  model.compile({ optimizer: { type: 'adam', lr: w.lr } });
  return model;
}

/** One training step per call on the dataset's batches in order, cycled; the last loss is kept. */
export function trainLoop(model: MLP, w: MlpWorkload, ds: Dataset): { step: () => void; state: { steps: number; lossFirst: number; loss: number } } {
  const nIn = w.layers[0]!;
  const xs: Float32Array[] = [];
  const ys: Int32Array[] = [];
  for (let b = 0; b < w.nBatches; b++) {
    xs.push(ds.x.subarray(b * w.batch * nIn, (b + 1) * w.batch * nIn));
    ys.push(ds.labels.subarray(b * w.batch, (b + 1) * w.batch));
  }
  const state = { steps: 0, lossFirst: NaN, loss: NaN };
  const step = (): void => {
    const b = state.steps % w.nBatches;
    state.loss = model.trainOnBatch(xs[b]!, ys[b]!);
    if (state.steps === 0) state.lossFirst = state.loss;
    state.steps++;
  };
  return { step, state };
}

// The one declaration of every kernel of the compiled ABI (compiled-kernels.ts): its name, the
// file it lives in (`group`, the same name in native/include + native/src, src/backend/js and
// assembly), its arguments in order and the slots of its scalar block. `npm run gen:codes`
// writes from this table the typed NativeAddon and WasmExports interfaces, the WASM adapter,
// addon.cc's argument unpacking, AssemblyScript's slot offsets and assembly/index.ts, and the
// rows of the raw parity and hostile-call tests; test/backend/kernel-codes.test.ts fails when a
// generated file is stale. Adding a kernel is one row here and one compute body per language.
import { ACTIVATION_CODES, BATCH_NORM_FLAGS, DENSE_FLAGS } from './kernel-codes.ts';

/** A dimension (a name of a size argument) or a constant; an array's length is their product. */
export type Factor = string | number;

export type KernelArg =
  /** An integer >= 0 (a dimension): `long` in C++, i32 in WASM. */
  | { readonly name: string; readonly kind: 'size' }
  /** An int32 code or flag set (ACTIVATION_CODES, DENSE_FLAGS, BATCH_NORM_FLAGS); `sample` feeds the test rows. */
  | { readonly name: string; readonly kind: 'code'; readonly sample: number }
  /** A boolean (0/1 in WASM). */
  | { readonly name: string; readonly kind: 'bool'; readonly sample: boolean }
  /**
   * A typed array the kernel reads or writes: at least `length` (a product) elements. With
   * `when` (a C++ expression over the kernel's codes and scalar slots), the kernel touches it
   * only when that holds and it may be empty otherwise. `fill` says what the test rows put in it.
   * Without `length` the binding checks it by hand (the dense-stack plan and the arrays it sizes).
   */
  | {
      readonly name: string;
      readonly kind: 'f32' | 'i32' | 'u32' | 'f64';
      readonly length?: readonly Factor[];
      readonly when?: string;
      readonly fill?: 'signed' | 'positive' | 'labels' | 'state';
    };

/** How the binding hands a scalar slot to the C++ compute code (the slot itself is always an f64). */
export type SlotType = 'f32' | 'f64' | 'bool' | 'u32';

export interface ScalarSlot {
  readonly name: string;
  readonly type: SlotType;
  /** The value the test rows put in the slot (chosen to switch optional buffers on). */
  readonly sample: number;
}

export interface KernelRow {
  readonly name: string;
  readonly group: string;
  readonly doc: string;
  readonly args: readonly KernelArg[];
  /** Inputs of the scalar block, slot i at index i. A block argument `s` comes last when there are inputs or results. */
  readonly scalars?: readonly ScalarSlot[];
  /** Outputs the kernel writes into the scalar block, slot i at index i (over any input there). */
  readonly results?: readonly string[];
  /** The binding checks this kernel's arguments by hand (see addon.cc); everything else is generated. */
  readonly customBinding?: boolean;
  /**
   * addon.cc calls the C++ compute code itself (it takes a call struct or the addon's threads and
   * workspace). Otherwise the generated binding calls `name(arguments..., scalar slots...)` from
   * the group's header and stores its return value in the first result slot, if any.
   */
  readonly nativeCall?: 'custom';
}

const size = (name: string) => ({ name, kind: 'size' }) as const;
const code = (name: string, sample: number) => ({ name, kind: 'code', sample }) as const;
const bool = (name: string, sample: boolean) => ({ name, kind: 'bool', sample }) as const;
const f32 = (name: string, length: readonly Factor[], extra: { when?: string; fill?: 'positive' } = {}) => ({ name, kind: 'f32', length, ...extra }) as const;
const f32s = (names: string, length: readonly Factor[]) => names.split(' ').map((name) => f32(name, length));
const slot = (name: string, type: SlotType, sample = 0.5): ScalarSlot => ({ name, type, sample });

const RC = ['rows', 'cols'];
const RU = ['rows', 'units'];

export const KERNEL_TABLE: readonly KernelRow[] = [
  {
    name: 'gemm',
    group: 'gemm',
    doc: 'C = alpha·op(A)·op(B) + beta·C; op(A) m×k (A stored k×m when transA), op(B) k×n (B stored n×k when transB).',
    args: [bool('transA', false), bool('transB', true), size('m'), size('n'), size('k'), f32('a', ['m', 'k']), f32('b', ['k', 'n']), f32('c', ['m', 'n'])],
    scalars: [slot('alpha', 'f32', 1), slot('beta', 'f32', 0.5)],
    nativeCall: 'custom',
  },
  {
    name: 'activationForward',
    group: 'activations',
    doc: 'a = g(z) over n elements for an element-wise ACTIVATION_CODES entry; alpha is the leakyRelu slope or the elu α.',
    args: [code('code', ACTIVATION_CODES.elu), size('n'), ...f32s('z a', ['n'])],
    scalars: [slot('alpha', 'f32')],
  },
  {
    name: 'activationBackward',
    group: 'activations',
    doc: 'dZ = dA ⊙ g\'(z), using z or a = g(z).',
    args: [code('code', ACTIVATION_CODES.tanh), size('n'), ...f32s('z a dA dZ', ['n'])],
    scalars: [slot('alpha', 'f32')],
  },
  {
    name: 'preluForward',
    group: 'activations',
    doc: 'a = z > 0 ? z : alpha[j]·z, one slope per column.',
    args: [size('rows'), size('cols'), f32('z', RC), f32('alpha', ['cols']), f32('a', RC)],
  },
  {
    name: 'preluBackward',
    group: 'activations',
    doc: 'dZ = dA ⊙ (z > 0 ? 1 : alpha[j]); dAlpha[j] = Σ_i dA·min(z, 0) (overwritten).',
    args: [size('rows'), size('cols'), f32('z', RC), f32('alpha', ['cols']), f32('dA', RC), f32('dZ', RC), f32('dAlpha', ['cols'])],
  },
  ...(['softmaxCrossEntropyIndex', 'softmaxCrossEntropyOneHot', 'sigmoidBinaryCrossEntropy'] as const).map(
    (name): KernelRow => ({
      name,
      group: 'losses',
      doc: 'Fused loss from logits: writes probs and dLogits = ∂(mean loss)/∂logits; the mean loss lands in the result slot.',
      args: [
        size('rows'),
        size('cols'),
        f32('logits', RC),
        name === 'softmaxCrossEntropyIndex' ? { name: 'labels', kind: 'i32', length: ['rows'], fill: 'labels' } : f32('targets', RC),
        ...f32s('probs dLogits', RC),
      ],
      results: ['loss'],
    }),
  ),
  {
    name: 'meanSquaredError',
    group: 'losses',
    doc: 'Mean squared error over rows × cols; dPred = 2(pred − targets)/(rows·cols).',
    args: [size('rows'), size('cols'), ...f32s('pred targets dPred', RC)],
    results: ['loss'],
  },
  {
    name: 'sgdStep',
    group: 'optimizers',
    doc: 'torch.optim.SGD. buf is touched only with momentum; firstStep copies the gradient into it (as torch does).',
    args: [size('n'), ...f32s('p g', ['n']), f32('buf', ['n'], { when: 'momentum != 0' })],
    scalars: [slot('lr', 'f32', 0.1), slot('momentum', 'f32', 0.9), slot('dampening', 'f32', 0), slot('nesterov', 'bool', 0), slot('weightDecay', 'f32', 0.01), slot('firstStep', 'bool', 0)],
  },
  {
    name: 'rmspropStep',
    group: 'optimizers',
    doc: 'torch.optim.RMSprop. momentumBuf is touched only with momentum > 0, gradAvg only when centered.',
    args: [size('n'), ...f32s('p g', ['n']), f32('squareAvg', ['n'], { fill: 'positive' }), f32('momentumBuf', ['n'], { when: 'momentum > 0' }), f32('gradAvg', ['n'], { when: 'centered' })],
    scalars: [slot('lr', 'f32', 0.01), slot('alpha', 'f32', 0.99), slot('eps', 'f32', 1e-8), slot('weightDecay', 'f32', 0), slot('momentum', 'f32', 0.5), slot('centered', 'bool', 1)],
  },
  {
    name: 'adamStep',
    group: 'optimizers',
    doc: 'torch.optim.Adam (decoupledDecay = 0) and AdamW (coupledWeightDecay = 0); stepSize = lr/(1 − β1^t), sqrtBiasCorrection2 = √(1 − β2^t).',
    args: [size('n'), ...f32s('p g expAvg', ['n']), f32('expAvgSq', ['n'], { fill: 'positive' })],
    scalars: [
      slot('beta1', 'f32', 0.9),
      slot('beta2', 'f32', 0.999),
      slot('eps', 'f32', 1e-8),
      slot('stepSize', 'f32', 0.01),
      slot('sqrtBiasCorrection2', 'f32', 0.05),
      slot('coupledWeightDecay', 'f32', 0),
      slot('decoupledDecay', 'f32', 1e-4),
    ],
  },
  {
    name: 'adagradStep',
    group: 'optimizers',
    doc: 'torch.optim.Adagrad; clr = lr/(1 + (t − 1)·lrDecay).',
    args: [size('n'), ...f32s('p g', ['n']), f32('sum', ['n'], { fill: 'positive' })],
    scalars: [slot('clr', 'f32', 0.1), slot('eps', 'f32', 1e-10), slot('weightDecay', 'f32', 0.01)],
  },
  { name: 'sumSquares', group: 'reductions', doc: 'Σ x² over n elements, accumulated in double precision.', args: [size('n'), f32('x', ['n'])], results: ['sum'] },
  {
    name: 'clipByNorm',
    group: 'reductions',
    doc: 'torch.nn.utils.clip_grad_norm_: scales g so ‖g‖ ≤ maxNorm; the norm before clipping lands in the result slot.',
    args: [size('n'), f32('g', ['n'])],
    scalars: [slot('maxNorm', 'f64', 0.5)],
    results: ['norm'],
  },
  { name: 'clipByValue', group: 'reductions', doc: 'Clamps g to [−limit, limit].', args: [size('n'), f32('g', ['n'])], scalars: [slot('limit', 'f32', 0.25)] },
  {
    name: 'l1Penalty',
    group: 'reductions',
    doc: 'g += λ·sign(w); the penalty λ·Σ|w| lands in the result slot.',
    args: [size('n'), ...f32s('w g', ['n'])],
    scalars: [slot('lambda', 'f32', 0.1)],
    results: ['penalty'],
  },
  {
    name: 'l2Penalty',
    group: 'reductions',
    doc: 'g += 2λ·w; the penalty λ·Σw² lands in the result slot.',
    args: [size('n'), ...f32s('w g', ['n'])],
    scalars: [slot('lambda', 'f32', 0.1)],
    results: ['penalty'],
  },
  {
    name: 'dropoutMask',
    group: 'random',
    doc: 'mask[i] = (next() >>> 8) >= threshold ? scale : 0 from the xoshiro128** state (4 words, advanced in place).',
    args: [{ name: 'state', kind: 'u32', length: [4], fill: 'state' }, size('n'), f32('mask', ['n'])],
    scalars: [slot('threshold', 'u32', 8388608), slot('scale', 'f32', 2)],
  },
  {
    name: 'denseForward',
    group: 'dense',
    doc: 'One dense layer: z = x·wᵀ + bias (w units × inputs as torch.nn.Linear), a = g(z) for any ACTIVATION_CODES entry (prelu reads slopes). a may be z.',
    args: [
      size('rows'),
      size('inputs'),
      size('units'),
      f32('x', ['rows', 'inputs']),
      f32('w', ['units', 'inputs']),
      f32('bias', ['units']),
      ...f32s('z a', RU),
      code('code', ACTIVATION_CODES.prelu),
      f32('slopes', ['units'], { when: 'code == ACT_PRELU' }),
    ],
    scalars: [slot('alpha', 'f32')],
    nativeCall: 'custom',
  },
  {
    name: 'denseBackward',
    group: 'dense',
    doc:
      'One dense layer backward. Unless flags has DENSE_GRADIENT_GIVEN, dZ = dA ⊙ g\'(z, a) first (prelu also writes dSlopes); then dW = dZᵀ·x, ' +
      'dB = Σ_rows dZ and, with DENSE_INPUT_GRADIENT, dX = dZ·w. Outputs are overwritten.',
    args: [
      size('rows'),
      size('inputs'),
      size('units'),
      f32('x', ['rows', 'inputs']),
      f32('w', ['units', 'inputs']),
      ...f32s('z a', RU),
      f32('dA', RU, { when: '(flags & DENSE_GRADIENT_GIVEN) == 0' }),
      f32('dZ', RU),
      f32('dW', ['units', 'inputs']),
      f32('dB', ['units']),
      f32('dX', ['rows', 'inputs'], { when: '(flags & DENSE_INPUT_GRADIENT) != 0' }),
      code('code', ACTIVATION_CODES.prelu),
      f32('slopes', ['units'], { when: 'code == ACT_PRELU && (flags & DENSE_GRADIENT_GIVEN) == 0' }),
      f32('dSlopes', ['units'], { when: 'code == ACT_PRELU && (flags & DENSE_GRADIENT_GIVEN) == 0' }),
      code('flags', DENSE_FLAGS.inputGradient),
    ],
    scalars: [slot('alpha', 'f32')],
    nativeCall: 'custom',
  },
  {
    name: 'denseStackForward',
    group: 'dense-stack',
    doc:
      'An inference pass through a stack of dense layers described by plan (a Float64Array, slots in DENSE_STACK_PLAN); the binding checks ' +
      'the plan against params and sizes x, scratch and out from it. Six arguments: the most node-addon-api\'s CallbackInfo holds without a heap allocation.',
    args: [size('rows'), { name: 'plan', kind: 'f64' }, ...['params', 'x', 'scratch', 'out'].map((name) => ({ name, kind: 'f32' }) as const)],
    customBinding: true,
  },
  { name: 'multiply', group: 'elementwise', doc: 'out[i] = x[i]·y[i] over n elements; out may be x or y.', args: [size('n'), ...f32s('x y out', ['n'])] },
  { name: 'axpy', group: 'elementwise', doc: 'out[i] += alpha·x[i] over n elements.', args: [size('n'), ...f32s('x out', ['n'])], scalars: [slot('alpha', 'f32', 0.75)] },
  {
    name: 'batchNormForward',
    group: 'normalization',
    doc: 'Batch normalisation per column (PyTorch running statistics); with BATCH_NORM_TRAINING the batch statistics, else the running ones. y may be x.',
    args: [
      size('rows'),
      size('cols'),
      f32('x', RC),
      ...f32s('gamma beta runningMean', ['cols']),
      f32('runningVar', ['cols'], { fill: 'positive' }),
      ...f32s('mean invStd', ['cols']),
      ...f32s('xhat y', RC),
      code('flags', BATCH_NORM_FLAGS.training),
    ],
    scalars: [slot('momentum', 'f64', 0.1), slot('eps', 'f64', 1e-5)],
    nativeCall: 'custom',
  },
  {
    name: 'batchNormBackward',
    group: 'normalization',
    doc: 'Training-mode batch-norm backward: dx (may be dy), dGamma = Σ dy·xhat, dBeta = Σ dy per column.',
    args: [size('rows'), size('cols'), ...f32s('dy xhat', RC), ...f32s('gamma invStd', ['cols']), f32('dx', RC), ...f32s('dGamma dBeta', ['cols'])],
    nativeCall: 'custom',
  },
];

/** Slots of the scalar block: the most any kernel reads or writes. */
export const SCALAR_BLOCK_LENGTH = 8;

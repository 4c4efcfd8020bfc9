// The one declaration of every kernel of the compiled ABI (compiled-kernels.ts): its name, the
// file it lives in (`group`, the same name in native/include + native/src, src/backend/js and
// assembly), its arguments in order, the slots of its scalar block and how the public Backend
// method takes and checks them (`surface`; kernel-row.ts). `npm run gen:codes` writes from this
// table CheckedBackend's argument checks (checked-kernels.ts), the typed NativeAddon and
// WasmExports interfaces, the WASM adapter, addon.cc's argument unpacking, AssemblyScript's slot
// offsets and assembly/index.ts, and the rows of the raw parity and hostile-call tests;
// test/backend/kernel-codes.test.ts fails when a generated file is stale. Adding a kernel is one
// row here and one compute body per language.
import { ACTIVATION_CODES, BATCH_NORM_FLAGS, DENSE_FLAGS } from './kernel-codes.ts';
import { bool, code, f32, f32s, plain, renamed, ruled, size, slot, type KernelRow } from './kernel-row.ts';

export type { Factor, KernelArg, KernelRow, ScalarSlot, SlotType, Surface, SurfaceArg, SurfaceRule } from './kernel-row.ts';

const RESULT = ruled('result', 'result');
const POSITIVE_SHAPE = [ruled('rows', 'positive'), ruled('cols', 'positive')];

const RC = ['rows', 'cols'];
/** A reduction over x[0:n] whose one value lands in the result slot `result`. */
const scan = (name: string, result: string, doc: string): KernelRow => ({
  name,
  group: 'reductions',
  doc,
  args: [size('n'), f32('x', ['n'])],
  results: [result],
  surface: { args: ['n', 'x', RESULT] },
});
const RU = ['rows', 'units'];

export const KERNEL_TABLE: readonly KernelRow[] = [
  {
    name: 'gemm',
    group: 'gemm',
    doc: 'C = alpha·op(A)·op(B) + beta·C; op(A) m×k (A stored k×m when transA), op(B) k×n (B stored n×k when transB).',
    args: [bool('transA', false), bool('transB', true), size('m'), size('n'), size('k'), f32('a', ['m', 'k']), f32('b', ['k', 'n']), f32('c', ['m', 'n'])],
    scalars: [slot('alpha', 'f32', 1), slot('beta', 'f32', 0.5)],
    surface: { args: plain('transA transB m n k alpha a b beta c') },
    nativeCall: 'custom',
  },
  {
    name: 'activationForward',
    banded: true,
    group: 'activations',
    doc: 'a = g(z) over n elements for an element-wise ACTIVATION_CODES entry; alpha is the leakyRelu slope or the elu α.',
    args: [code('code', ACTIVATION_CODES.elu), size('n'), ...f32s('z a', ['n'])],
    scalars: [slot('alpha', 'f32')],
    surface: { args: [ruled('kind', 'elementwiseActivation', 'code'), ...plain('n z a'), ruled('alpha', 'activationAlpha')] },
  },
  {
    name: 'activationBackward',
    banded: true,
    group: 'activations',
    doc: 'dZ = dA ⊙ g\'(z), using z or a = g(z).',
    args: [code('code', ACTIVATION_CODES.tanh), size('n'), ...f32s('z a dA dZ', ['n'])],
    scalars: [slot('alpha', 'f32')],
    surface: { args: [ruled('kind', 'elementwiseActivation', 'code'), ...plain('n z a dA dZ'), ruled('alpha', 'activationAlpha')] },
  },
  {
    name: 'preluForward',
    group: 'activations',
    doc: 'a = z > 0 ? z : alpha[j]·z, one slope per column.',
    args: [size('rows'), size('cols'), f32('z', RC), f32('alpha', ['cols']), f32('a', RC)],
    surface: { args: plain('rows cols z alpha a') },
  },
  {
    name: 'preluBackward',
    group: 'activations',
    doc: 'dZ = dA ⊙ (z > 0 ? 1 : alpha[j]); dAlpha[j] = Σ_i dA·min(z, 0) (overwritten).',
    args: [size('rows'), size('cols'), f32('z', RC), f32('alpha', ['cols']), f32('dA', RC), f32('dZ', RC), f32('dAlpha', ['cols'])],
    surface: { args: plain('rows cols z alpha dA dZ dAlpha') },
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
      surface: {
        args: [...POSITIVE_SHAPE, 'logits', name === 'softmaxCrossEntropyIndex' ? ruled('labels', 'classLabels') : 'targets', 'probs', 'dLogits', RESULT],
      },
    }),
  ),
  {
    name: 'meanSquaredError',
    group: 'losses',
    doc: 'Mean squared error over rows × cols; dPred = 2(pred − targets)/(rows·cols).',
    args: [size('rows'), size('cols'), ...f32s('pred targets dPred', RC)],
    results: ['loss'],
    surface: { args: [...POSITIVE_SHAPE, ...plain('pred targets dPred'), RESULT] },
  },
  // The optimizer steps have no surface: their options and state objects are read and resolved
  // by optimizer-scalars.ts, and CheckedBackend checks the state arrays against params by hand.
  {
    name: 'sgdStep',
    banded: true,
    group: 'optimizers',
    doc: 'torch.optim.SGD. buf is touched only with momentum; firstStep copies the gradient into it (as torch does).',
    args: [size('n'), ...f32s('p g', ['n']), f32('buf', ['n'], { when: 'momentum != 0' })],
    scalars: [slot('lr', 'f32', 0.1), slot('momentum', 'f32', 0.9), slot('dampening', 'f32', 0), slot('nesterov', 'bool', 0), slot('weightDecay', 'f32', 0.01), slot('firstStep', 'bool', 0)],
  },
  {
    name: 'rmspropStep',
    banded: true,
    group: 'optimizers',
    doc: 'torch.optim.RMSprop. momentumBuf is touched only with momentum > 0, gradAvg only when centered.',
    args: [size('n'), ...f32s('p g', ['n']), f32('squareAvg', ['n'], { fill: 'positive' }), f32('momentumBuf', ['n'], { when: 'momentum > 0' }), f32('gradAvg', ['n'], { when: 'centered' })],
    scalars: [slot('lr', 'f32', 0.01), slot('alpha', 'f32', 0.99), slot('eps', 'f32', 1e-8), slot('weightDecay', 'f32', 0), slot('momentum', 'f32', 0.5), slot('centered', 'bool', 1)],
  },
  {
    name: 'adamStep',
    banded: true,
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
    banded: true,
    group: 'optimizers',
    doc: 'torch.optim.Adagrad; clr = lr/(1 + (t − 1)·lrDecay).',
    args: [size('n'), ...f32s('p g', ['n']), f32('sum', ['n'], { fill: 'positive' })],
    scalars: [slot('clr', 'f32', 0.1), slot('eps', 'f32', 1e-10), slot('weightDecay', 'f32', 0.01)],
  },
  scan('sumSquares', 'sum', 'Σ x² over n elements, accumulated in double precision.'),
  scan('firstNonFinite', 'index', 'The index of the first NaN or infinity among n elements, or −1: the finiteness check of a batch the kernels read in place.'),
  {
    name: 'clipByNorm',
    group: 'reductions',
    doc: 'torch.nn.utils.clip_grad_norm_: scales grads so ‖grads‖ ≤ maxNorm; the norm before clipping lands in the result slot.',
    args: [size('n'), f32('grads', ['n'])],
    scalars: [slot('maxNorm', 'f64', 0.5)],
    results: ['norm'],
    surface: { args: ['n', 'grads', ruled('maxNorm', 'nonNegative'), RESULT] },
  },
  {
    name: 'clipByValue',
    banded: true,
    group: 'reductions',
    doc: 'Clamps grads to [−limit, limit].',
    args: [size('n'), f32('grads', ['n'])],
    scalars: [slot('limit', 'f32', 0.25)],
    surface: { args: ['n', 'grads', ruled('limit', 'nonNegative')] },
  },
  {
    name: 'l1Penalty',
    group: 'reductions',
    doc: 'grads += λ·sign(weights); the penalty λ·Σ|weights| lands in the result slot.',
    args: [size('n'), ...f32s('weights grads', ['n'])],
    scalars: [slot('lambda', 'f32', 0.1)],
    results: ['penalty'],
    surface: { args: ['n', 'weights', 'grads', ruled('lambda', 'nonNegative'), RESULT] },
  },
  {
    name: 'l2Penalty',
    group: 'reductions',
    doc: 'grads += 2λ·weights; the penalty λ·Σweights² lands in the result slot.',
    args: [size('n'), ...f32s('weights grads', ['n'])],
    scalars: [slot('lambda', 'f32', 0.1)],
    results: ['penalty'],
    surface: { args: ['n', 'weights', 'grads', ruled('lambda', 'nonNegative'), RESULT] },
  },
  // No surface: CheckedBackend turns the public rate into the threshold and scale slots.
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
    surface: {
      named: 'DenseForwardArgs',
      args: [ruled('activation', 'layerActivation', 'code'), ...plain('rows inputs units x'), renamed('weights', 'w'), ...plain('bias z a'), ruled('param', 'layerParam', 'slopes')],
    },
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
    surface: {
      named: 'DenseBackwardArgs',
      args: [
        ruled('activation', 'layerActivation', 'code'),
        ...plain('rows inputs units x'),
        renamed('weights', 'w'),
        ...plain('z a dZ'),
        renamed('dWeights', 'dW'),
        renamed('dBias', 'dB'),
        { name: 'dA', flag: { bit: 'DENSE_FLAGS.gradientGiven', set: 'null' } },
        { name: 'dX', flag: { bit: 'DENSE_FLAGS.inputGradient', set: 'given' } },
        ruled('param', 'layerParam', 'slopes'),
        'dSlopes',
      ],
    },
    nativeCall: 'custom',
  },
  // No surface: the sizes come from the stack's private spec (dense-stack.ts), not from arguments.
  {
    name: 'denseStackForward',
    group: 'dense-stack',
    doc:
      'An inference pass through a stack of dense layers described by plan (a Float64Array, slots in DENSE_STACK_PLAN); the binding checks ' +
      'the plan against params and sizes x, scratch and out from it. Six arguments: the most node-addon-api\'s CallbackInfo holds without a heap allocation.',
    args: [size('rows'), { name: 'plan', kind: 'f64' }, ...['params', 'x', 'scratch', 'out'].map((name) => ({ name, kind: 'f32' }) as const)],
    customBinding: true,
  },
  {
    name: 'multiply',
    banded: true,
    group: 'elementwise',
    doc: 'out[i] = x[i]·y[i] over n elements; out may be x or y.',
    args: [size('n'), ...f32s('x y out', ['n'])],
    surface: { args: plain('n x y out') },
  },
  {
    name: 'axpy',
    banded: true,
    group: 'elementwise',
    doc: 'out[i] += alpha·x[i] over n elements.',
    args: [size('n'), ...f32s('x out', ['n'])],
    scalars: [slot('alpha', 'f32', 0.75)],
    surface: { args: plain('n alpha x out') },
  },
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
    surface: {
      named: 'BatchNormForwardArgs',
      args: [
        ruled('rows', 'positive'),
        ...plain('cols x xhat y gamma beta runningMean runningVar mean invStd'),
        { name: 'training', flag: { bit: 'BATCH_NORM_FLAGS.training', set: 'true' } },
        { name: 'momentum', rule: 'unitInterval', default: 0.1 },
        { name: 'eps', rule: 'positiveFinite', default: 1e-5 },
      ],
    },
    nativeCall: 'custom',
  },
  {
    name: 'batchNormBackward',
    group: 'normalization',
    doc: 'Training-mode batch-norm backward: dx (may be dy), dGamma = Σ dy·xhat, dBeta = Σ dy per column.',
    args: [size('rows'), size('cols'), ...f32s('dy xhat', RC), ...f32s('gamma invStd', ['cols']), f32('dx', RC), ...f32s('dGamma dBeta', ['cols'])],
    surface: { named: 'BatchNormBackwardArgs', args: [ruled('rows', 'positive'), ...plain('cols dy xhat dx gamma invStd dGamma dBeta')] },
    nativeCall: 'custom',
  },
];

/** Slots of the scalar block: the most any kernel reads or writes. */
export const SCALAR_BLOCK_LENGTH = 8;

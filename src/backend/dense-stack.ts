// A stack of plain dense layers encoded once as the plan of the denseStackForward kernel (slots
// in kernel-codes.ts), so an inference forward pass is one backend call: no per-layer argument
// checks, no per-layer crossing into C++ or WASM. The plan is validated when it is built and is
// private to the backend that built it; each call checks only the arrays against its sizes.
import { rangeError, typeError } from '../errors.ts';
import { ACTIVATION_CODES, DENSE_STACK_PLAN as P, type LayerActivation } from './kernel-codes.ts';
import { checkFinite, checkPositiveInteger, checkSize } from './validate.ts';

/** One dense layer of a stack: z = x·Wᵀ + b, a = g(z). Parameter positions are offsets into one flat buffer. */
export interface DenseStackLayer {
  inputs: number;
  units: number;
  activation: LayerActivation;
  /** Offset of W (units × inputs, row-major, as torch.nn.Linear). */
  weights: number;
  /** Offset of b (units). */
  bias: number;
  /** Offset of the PReLU slopes (units); prelu only. */
  slopes?: number;
  /** The leakyRelu slope (default 0.01) or the elu α (default 1). */
  alpha?: number;
}

const TOKEN = Symbol('denseStack');
let planOf: (stack: DenseStack) => Float64Array;
let ownerOf: (stack: DenseStack) => object;

/**
 * A validated stack of dense layers (Backend.denseStack), for Backend.denseStackForward on the
 * backend that built it. Its plan cannot be reached from outside, so it stays as validated.
 */
export class DenseStack {
  /** Features per input row (the first layer's inputs). */
  readonly inputs: number;
  /** Values per output row (the last layer's units). */
  readonly outputs: number;
  /** Floats of scratch per row: two of the widest layer. */
  readonly scratchPerRow: number;
  /** The parameter buffer must hold at least this many floats. */
  readonly paramsLength: number;
  readonly #plan: Float64Array;
  readonly #owner: object;

  static {
    planOf = (stack) => stack.#plan;
    ownerOf = (stack) => stack.#owner;
  }

  constructor(token: typeof TOKEN, owner: object, allocatePlan: (length: number) => Float64Array, layers: readonly DenseStackLayer[]) {
    const kernel = 'denseStack';
    if (token !== TOKEN) throw new TypeError(`${kernel}: build a DenseStack with backend.denseStack(layers)`);
    if (!Array.isArray(layers) || layers.length === 0) throw typeError(`${kernel}: layers`, 'a non-empty array of dense layers', layers);
    const codes: number[] = [];
    let width = 0;
    let paramsLength = 0;
    const end = (field: string, offset: unknown, length: number) => {
      paramsLength = Math.max(paramsLength, checkSize(kernel, field, offset) + length);
      return offset as number;
    };
    layers.forEach((layer, l) => {
      const at = `layers[${l}]`;
      if (typeof layer !== 'object' || layer === null) throw typeError(`${kernel}: ${at}`, 'an object', layer);
      const inputs = checkPositiveInteger(kernel, `${at}.inputs`, layer.inputs);
      const units = checkPositiveInteger(kernel, `${at}.units`, layer.units);
      const previous = l > 0 ? layers[l - 1]!.units : inputs;
      if (inputs !== previous) throw rangeError(`${kernel}: ${at}.inputs`, `layers[${l - 1}].units = ${previous}`, inputs);
      const activation = layer.activation;
      if (typeof activation !== 'string' || !Object.hasOwn(ACTIVATION_CODES, activation)) {
        throw typeError(`${kernel}: ${at}.activation`, `one of ${Object.keys(ACTIVATION_CODES).join(', ')}`, activation);
      }
      end(`${at}.weights`, layer.weights, units * inputs);
      end(`${at}.bias`, layer.bias, units);
      if (activation === 'prelu') end(`${at}.slopes`, layer.slopes, units);
      else if (layer.slopes !== undefined) throw typeError(`${kernel}: ${at}.slopes`, 'absent (only prelu layers have slopes)', layer.slopes);
      if (layer.alpha !== undefined) checkFinite(kernel, `${at}.alpha`, layer.alpha);
      codes.push(ACTIVATION_CODES[activation as LayerActivation]);
      width = Math.max(width, units);
    });
    const plan = allocatePlan(P.header + P.stride * layers.length);
    plan[P.layers] = layers.length;
    plan[P.result] = -1;
    layers.forEach((layer, l) => {
      const slot = P.header + P.stride * l;
      plan[slot + P.inputs] = layer.inputs;
      plan[slot + P.units] = layer.units;
      plan[slot + P.weights] = layer.weights;
      plan[slot + P.bias] = layer.bias;
      plan[slot + P.slopes] = layer.slopes ?? 0;
      plan[slot + P.activation] = codes[l]!;
      plan[slot + P.alpha] = layer.alpha ?? (layer.activation === 'leakyRelu' ? 0.01 : 1);
    });
    this.#plan = plan;
    this.#owner = owner;
    this.inputs = layers[0]!.inputs;
    this.outputs = layers[layers.length - 1]!.units;
    this.scratchPerRow = 2 * width;
    this.paramsLength = paramsLength;
  }
}

/** A DenseStack for `owner` (a backend), its plan in memory from `allocatePlan`. */
export function createDenseStack(owner: object, allocatePlan: (length: number) => Float64Array, layers: readonly DenseStackLayer[]): DenseStack {
  return new DenseStack(TOKEN, owner, allocatePlan, layers);
}

/** The plan of a stack built by `owner`, or undefined (not a DenseStack, or another backend's). */
export function denseStackPlan(stack: unknown, owner: object): Float64Array | undefined {
  return stack instanceof DenseStack && ownerOf(stack) === owner ? planOf(stack) : undefined;
}

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

/**
 * What denseStackForward checks its arrays against and hands the kernel, fixed when the stack
 * is built. `plan` is in the backend's memory (the kernel reads it); `validated` is the plan as
 * checked, held where no caller can reach. WASM memory is visible through any of its arrays, so
 * there the two differ and each call copies `validated` over `plan` first; elsewhere the plan
 * is an array of its own that only the stack holds, and they are the same array.
 */
export interface DenseStackSpec {
  readonly plan: Float64Array;
  readonly validated: Float64Array;
  readonly inputs: number;
  readonly outputs: number;
  readonly scratchPerRow: number;
  readonly paramsLength: number;
}

let specOf: (stack: DenseStack) => DenseStackSpec;
let isDenseStack: (value: unknown) => value is DenseStack;
let ownerOf: (stack: DenseStack) => object;

/** One layer as validated: every field read from the caller's object exactly once. */
interface CheckedLayer {
  inputs: number;
  units: number;
  code: number;
  weights: number;
  bias: number;
  slopes: number;
  alpha: number;
}

/**
 * Reads and checks every layer. Each field is read once into a local: a getter that answered
 * differently on a second read would otherwise put unchecked sizes into the plan.
 */
function checkLayers(kernel: string, layers: readonly DenseStackLayer[]): { checked: CheckedLayer[]; width: number; paramsLength: number } {
  if (!Array.isArray(layers)) throw typeError(`${kernel}: layers`, 'a non-empty array of dense layers', layers);
  const count = layers.length;
  if (count === 0) throw typeError(`${kernel}: layers`, 'a non-empty array of dense layers', layers);
  const checked: CheckedLayer[] = [];
  let width = 0;
  let paramsLength = 0;
  const end = (field: string, offset: unknown, length: number) => {
    const start = checkSize(kernel, field, offset);
    paramsLength = Math.max(paramsLength, start + length);
    return start;
  };
  for (let l = 0; l < count; l++) {
    const at = `layers[${l}]`;
    const layer: unknown = layers[l];
    if (typeof layer !== 'object' || layer === null) throw typeError(`${kernel}: ${at}`, 'an object', layer);
    const { inputs: rawInputs, units: rawUnits, activation, weights, bias, slopes, alpha } = layer as DenseStackLayer;
    const inputs = checkPositiveInteger(kernel, `${at}.inputs`, rawInputs);
    const units = checkPositiveInteger(kernel, `${at}.units`, rawUnits);
    const previous = l > 0 ? checked[l - 1]!.units : inputs;
    if (inputs !== previous) throw rangeError(`${kernel}: ${at}.inputs`, `layers[${l - 1}].units = ${previous}`, inputs);
    if (typeof activation !== 'string' || !Object.hasOwn(ACTIVATION_CODES, activation)) {
      throw typeError(`${kernel}: ${at}.activation`, `one of ${Object.keys(ACTIVATION_CODES).join(', ')}`, activation);
    }
    const weightsAt = end(`${at}.weights`, weights, units * inputs);
    const biasAt = end(`${at}.bias`, bias, units);
    let slopesAt = 0;
    if (activation === 'prelu') slopesAt = end(`${at}.slopes`, slopes, units);
    else if (slopes !== undefined) throw typeError(`${kernel}: ${at}.slopes`, 'absent (only prelu layers have slopes)', slopes);
    const slope = alpha === undefined ? (activation === 'leakyRelu' ? 0.01 : 1) : checkFinite(kernel, `${at}.alpha`, alpha);
    checked.push({ inputs, units, code: ACTIVATION_CODES[activation as LayerActivation], weights: weightsAt, bias: biasAt, slopes: slopesAt, alpha: slope });
    width = Math.max(width, units);
  }
  if (!Number.isSafeInteger(paramsLength)) throw rangeError(`${kernel}: layers`, 'parameter offsets that end below 2^53', paramsLength);
  return { checked, width, paramsLength };
}

function writePlan(plan: Float64Array, layers: readonly CheckedLayer[]): void {
  plan[P.layers] = layers.length;
  plan[P.result] = -1;
  layers.forEach((layer, l) => {
    const slot = P.header + P.stride * l;
    plan[slot + P.inputs] = layer.inputs;
    plan[slot + P.units] = layer.units;
    plan[slot + P.weights] = layer.weights;
    plan[slot + P.bias] = layer.bias;
    plan[slot + P.slopes] = layer.slopes;
    plan[slot + P.activation] = layer.code;
    plan[slot + P.alpha] = layer.alpha;
  });
}

/**
 * A validated stack of dense layers (Backend.denseStack), for Backend.denseStackForward on the
 * backend that built it. Frozen, and the backend reads its sizes and plan from private state:
 * changing a field (it is readonly only to TypeScript) cannot change what the kernel is given.
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
  readonly #spec: DenseStackSpec;
  readonly #owner: object;

  static {
    specOf = (stack) => stack.#spec;
    isDenseStack = (value): value is DenseStack => typeof value === 'object' && value !== null && #spec in value;
    ownerOf = (stack) => stack.#owner;
  }

  constructor(token: typeof TOKEN, owner: object, allocatePlan: PlanAllocator, layers: readonly DenseStackLayer[]) {
    const kernel = 'denseStack';
    if (token !== TOKEN) throw new TypeError(`${kernel}: build a DenseStack with backend.denseStack(layers)`);
    const { checked, width, paramsLength } = checkLayers(kernel, layers);
    const validated = new Float64Array(P.header + P.stride * checked.length);
    writePlan(validated, checked);
    const plan = allocatePlan.allocate(validated.length);
    plan.set(validated);
    const spec: DenseStackSpec = {
      plan,
      validated: allocatePlan.visible ? validated : plan,
      inputs: checked[0]!.inputs,
      outputs: checked[checked.length - 1]!.units,
      scratchPerRow: 2 * width,
      paramsLength,
    };
    this.#spec = Object.freeze(spec);
    this.#owner = owner;
    this.inputs = spec.inputs;
    this.outputs = spec.outputs;
    this.scratchPerRow = spec.scratchPerRow;
    this.paramsLength = spec.paramsLength;
    Object.freeze(this);
  }
}

/** Where a backend keeps plans, and whether callers can reach that memory (WASM's). */
export interface PlanAllocator {
  allocate(length: number): Float64Array;
  visible: boolean;
}

/** A DenseStack for `owner` (a backend), its plan in memory from `allocatePlan`. */
export function createDenseStack(owner: object, allocatePlan: PlanAllocator, layers: readonly DenseStackLayer[]): DenseStack {
  return new DenseStack(TOKEN, owner, allocatePlan, layers);
}

/**
 * The validated sizes and plan of a stack built by `owner`, or undefined (not a DenseStack, a
 * proxy of one, or another backend's). A brand check, not instanceof: prototypes can be faked.
 */
export function denseStackSpec(stack: unknown, owner: object): DenseStackSpec | undefined {
  return isDenseStack(stack) && ownerOf(stack) === owner ? specOf(stack) : undefined;
}

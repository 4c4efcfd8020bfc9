// The shape of a row of the kernel table (kernel-table.ts): a kernel's compiled arguments and
// scalar slots, and how the public Backend method takes and checks them (its surface).
import type { BATCH_NORM_FLAGS, DENSE_FLAGS } from './kernel-codes.ts';

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
   * `when` (an expression over the kernel's codes and scalar slots, read as C++ and as
   * TypeScript), the kernel touches it only when that holds and it may be empty otherwise.
   * `fill` says what the test rows put in it. Without `length` the binding checks it by hand
   * (the dense-stack plan and the arrays it sizes).
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

/**
 * A rule of the public surface beyond what the kind of its target implies (a size >= 0, a
 * boolean, an array at least as long as the table says, a finite scalar):
 * - positive: a size >= 1; nonNegative, positiveFinite, unitInterval: a scalar >= 0, > 0 and
 *   finite, in [0, 1];
 * - elementwiseActivation, layerActivation: an activation's name, passed on as its code;
 * - activationAlpha: the optional α of the surface's elementwise activation (leakyRelu 0.01, else 1);
 * - layerParam: the layer activation's parameter: prelu's slopes (the target array), else its α
 *   (the kernel's alpha slot, 0 for softmax);
 * - classLabels: int32 labels, each a column index (in [0, cols));
 * - result: a Float64Array whose [0] receives the kernel's first result slot.
 */
export type SurfaceRule =
  | 'positive'
  | 'nonNegative'
  | 'positiveFinite'
  | 'unitInterval'
  | 'elementwiseActivation'
  | 'layerActivation'
  | 'activationAlpha'
  | 'layerParam'
  | 'classLabels'
  | 'result';

/** A flag bit, as `DENSE_FLAGS.inputGradient`. */
export type FlagBit = `DENSE_FLAGS.${keyof typeof DENSE_FLAGS}` | `BATCH_NORM_FLAGS.${keyof typeof BATCH_NORM_FLAGS}`;

export interface SurfaceArg {
  /** The Backend method's argument (or field of its argument object). */
  readonly name: string;
  /** The kernel argument or scalar slot it fills, when that is named otherwise. */
  readonly into?: string;
  readonly rule?: SurfaceRule;
  /** An optional scalar, and the value used when it is left out. */
  readonly default?: number;
  /**
   * Sets `bit` in the code argument `flags`: a boolean when it is true, an array (or null)
   * when it is null or when it is given; the array is then checked when the kernel's `when` holds.
   */
  readonly flag?: { readonly bit: FlagBit; readonly set: 'true' | 'null' | 'given' };
}

/** How the Backend method takes the kernel's arguments; CheckedBackend's checks are generated from it. */
export interface Surface {
  /** The method takes one object of this type (backend.ts), read once before anything is checked. */
  readonly named?: string;
  /** In the order they are checked (and, unless named, passed). */
  readonly args: readonly (string | SurfaceArg)[];
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
  /**
   * The Backend method's arguments and checks (checked-kernels.ts is generated from them).
   * Without one, CheckedBackend writes the method by hand (say why in the row's doc).
   */
  readonly surface?: Surface;
  /** The binding checks this kernel's arguments by hand (see addon.cc); everything else is generated. */
  readonly customBinding?: boolean;
  /**
   * addon.cc calls the C++ compute code itself (it takes a call struct or the addon's threads and
   * workspace). Otherwise the generated binding calls `name(arguments..., scalar slots...)` from
   * the group's header and stores its return value in the first result slot, if any.
   */
  readonly nativeCall?: 'custom';
  /**
   * Element-wise over the size argument `n`: every array is n long (or empty when its condition
   * does not hold) and element i depends only on element i of each. The native binding may then
   * split [0, n) into bands on the addon's thread pool (native/include/banded.h); the result is
   * the same bit for bit.
   */
  readonly banded?: true;
}

// Builders the table's rows are written with.
export const size = (name: string) => ({ name, kind: 'size' }) as const;
export const code = (name: string, sample: number) => ({ name, kind: 'code', sample }) as const;
export const bool = (name: string, sample: boolean) => ({ name, kind: 'bool', sample }) as const;
export const f32 = (name: string, length: readonly Factor[], extra: { when?: string; fill?: 'positive' } = {}) => ({ name, kind: 'f32', length, ...extra }) as const;
export const f32s = (names: string, length: readonly Factor[]) => names.split(' ').map((name) => f32(name, length));
export const slot = (name: string, type: SlotType, sample = 0.5): ScalarSlot => ({ name, type, sample });

/** Surface arguments checked by their target's kind alone, by name. */
export const plain = (names: string) => names.split(' ');
/** A surface argument with a rule, filling the kernel argument or slot `into` when named otherwise. */
export const ruled = (name: string, rule: SurfaceRule, into?: string): SurfaceArg => ({ name, rule, ...(into === undefined ? {} : { into }) });
export const renamed = (name: string, into: string): SurfaceArg => ({ name, into });

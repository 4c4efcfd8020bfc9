// Fixed scratch region for GEMM packing, reserved between the module's static data and the
// first byte the JS arena may use. The module never allocates: kernels take byte offsets into
// memory the caller owns, and GEMM packs its panels here. Each worker thread instantiates its
// own module with its own memory, so one region per instance is enough (kernels never re-enter).
import { MC, KC, NC, MR, NR } from './gemm-blocking';

/** Bytes of the packed A block: MC rows (rounded up to MR) × KC. */
export const PACK_A_BYTES: usize = <usize>(((MC + MR - 1) / MR) * MR * KC * 4);
/** Bytes of the packed B block: KC × NC columns (rounded up to NR). */
export const PACK_B_BYTES: usize = <usize>(KC * ((NC + NR - 1) / NR) * NR * 4);
/** One MR × NR tile for edge blocks. */
export const TILE_BYTES: usize = <usize>(MR * NR * 4);

const ALIGN: usize = 64;

// @ts-ignore: decorator
@inline
function alignUp(x: usize): usize {
  return (x + ALIGN - 1) & ~(ALIGN - 1);
}

// @ts-ignore: decorator
@inline
export function packABase(): usize {
  return alignUp(__heap_base);
}

// @ts-ignore: decorator
@inline
export function packBBase(): usize {
  return packABase() + alignUp(PACK_A_BYTES);
}

// @ts-ignore: decorator
@inline
export function tileBase(): usize {
  return packBBase() + alignUp(PACK_B_BYTES);
}

/** First free byte for the JS arena: after static data and the GEMM scratch, 64-byte aligned. */
export function heapBase(): usize {
  return tileBase() + alignUp(TILE_BYTES);
}

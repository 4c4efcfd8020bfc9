// GEMM block sizes (BLIS names). MR × NR is the register tile of the micro-kernel; an MR × KC
// sliver of A and a KC × NR sliver of B stream through L1, the MC × KC block of A stays in L2,
// and the KC × NC block of B in L2/L3.
// 4×8 (8 f32x4 accumulators) is the largest tile V8 keeps in registers: measured on Zen 4 with
// Node 20, 4×8 runs at ~48–50 GFLOP/s while 6×8, 5×8, 8×8, 4×12 and 3×16 spill and drop to
// 10–25 GFLOP/s (x64 V8 has 15 allocatable xmm registers, and mul + add needs a temporary).
export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 128;
export const NC: i32 = 1024;

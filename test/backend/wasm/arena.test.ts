// The WASM arena: first-fit reuse, coalescing, zero-filled blocks, alignment, and memory
// growth that never detaches the arrays callers already hold (the memory is shared).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WasmArena } from '../../../src/backend/wasm/arena.ts';
import { createWasmBackend } from '../../../src/backend/wasm/wasm-backend.ts';

const PROBE = fileURLToPath(new URL('../../fixtures/arena-after-gc.mjs', import.meta.url));

function arena(pages = 1) {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 1024, shared: true });
  return { memory, arena: new WasmArena(memory, 100) };
}

describe('WasmArena', () => {
  it('aligns blocks to 64 bytes above the heap base and zero-fills them', () => {
    const { memory, arena: a } = arena();
    const first = a.allocate(10);
    const second = a.allocate(10);
    expect(first).toBe(128);
    expect(second).toBe(192);
    new Uint8Array(memory.buffer, second, 10).fill(7);
    a.release(second);
    const again = a.allocate(10);
    expect(again).toBe(second);
    expect([...new Uint8Array(memory.buffer, again, 10)]).toEqual(new Array(10).fill(0));
  });

  it('reuses and coalesces released blocks', () => {
    const { arena: a } = arena();
    const x = a.allocate(64);
    const y = a.allocate(64);
    const z = a.allocate(64);
    a.release(x);
    a.release(y);
    expect(a.allocate(128)).toBe(x); // x and y merged into one free block
    a.release(z);
    expect(() => a.release(z)).toThrow(/was not allocated by this backend or was already released/);
  });

  it('grows the memory when needed', () => {
    const { memory, arena: a } = arena(1);
    const offset = a.allocate(200_000);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(offset + 200_000);
    expect(a.owns(new Float32Array(memory.buffer, offset, 4))).toBe(true);
    expect(a.owns(new Float32Array(4))).toBe(false);
  });
});

describe('WasmArena after garbage collection', () => {
  it('owns views on the memory\'s buffer after the engine replaced the buffer object it hands out', () => {
    // Once a shared memory at the backend's maximum has grown, V8 may collect the buffer object
    // memory.buffer returned and hand out a new one for the same bytes; every array the backend
    // allocated after such a collection was refused as "on a separate buffer". A child process
    // with --expose-gc: inside the test worker the engine kept its buffer object.
    const run = spawnSync(process.execPath, ['--expose-gc', PROBE], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ ownsNewView: true, backendError: null, relu: [0, 0, 1, 2] });
  });
});

describe('wasm backend memory growth', () => {
  it('arrays allocated before the memory grew stay valid and computable', () => {
    const backend = createWasmBackend();
    const a = backend.allocate(4);
    const b = backend.allocate(4);
    const c = backend.allocate(4);
    a.set([1, 2, 3, 4]);
    b.set([5, 6, 7, 8]);
    const big = backend.allocate(16 * 1024 * 1024); // 64 MiB forces memory.grow
    big[big.length - 1] = 1;
    expect(a.length).toBe(4);
    backend.gemm(false, false, 2, 2, 2, 1, a, b, 0, c);
    expect([...c]).toEqual([19, 22, 43, 50]);
    backend.gemm(false, false, 1, 1, 1, 1, big.subarray(big.length - 1), a, 0, c);
    expect(c[0]).toBe(1);
    backend.release(big);
  });
});

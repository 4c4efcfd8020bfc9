// A scalar block allocated when the WASM memory must grow: the view has to be made on the grown
// buffer (a shared memory's old buffer keeps its old length), or the allocation throws.
import { describe, expect, it } from 'vitest';
import { createWasmProvider } from '../../../src/backend/wasm/wasm-backend.ts';

describe('wasm allocateScalarBlock', () => {
  it('works when the allocation grows the memory', () => {
    const provider = createWasmProvider();
    // A page (64 KiB) each: the memory grows at least once within 64 of them, whatever its size at start.
    for (let i = 0; i < 64; i++) {
      const block = provider.allocateScalarBlock(8192);
      expect(block.length).toBe(8192);
      block[8191] = i;
      expect(block[8191]).toBe(i);
    }
  });
});

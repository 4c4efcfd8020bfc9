// A first-fit allocator over the WASM module's memory, kept in JS so the module itself never
// allocates. Blocks are 64-byte aligned (a cache line; enough for f32x4 loads). Memory is
// shared, so growing it never detaches the views callers already hold.
import { typedArrayBuffer } from '../typed-arrays.ts';

const ALIGN = 64;
const PAGE = 65536;

interface Block {
  offset: number;
  size: number;
}

export class WasmArena {
  private readonly free: Block[] = [];
  private readonly used = new Map<number, number>();
  private top: number;
  /** Every ArrayBuffer this memory has exposed; views on any of them are ours. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();

  constructor(private readonly memory: WebAssembly.Memory, heapBase: number) {
    this.top = alignUp(heapBase);
    this.buffers.add(memory.buffer);
  }

  owns(array: ArrayBufferView): boolean {
    const buffer = typedArrayBuffer(array);
    return this.buffers.has(buffer) || buffer === this.buffer;
  }

  /** Returns the byte offset of a zero-filled block of at least `bytes` bytes. */
  allocate(bytes: number): number {
    const size = alignUp(Math.max(bytes, 1));
    const index = this.free.findIndex((block) => block.size >= size);
    let offset: number;
    if (index >= 0) {
      const block = this.free[index]!;
      offset = block.offset;
      if (block.size === size) this.free.splice(index, 1);
      else {
        block.offset += size;
        block.size -= size;
      }
    } else {
      offset = this.top;
      this.ensure(offset + size);
      this.top = offset + size;
    }
    this.used.set(offset, size);
    new Uint8Array(this.memory.buffer, offset, size).fill(0);
    return offset;
  }

  release(offset: number): void {
    const size = this.used.get(offset);
    if (size === undefined) throw new RangeError(`release: the array was not allocated by this backend or was already released (offset ${offset})`);
    this.used.delete(offset);
    this.free.push({ offset, size });
    this.free.sort((x, y) => x.offset - y.offset);
    for (let i = this.free.length - 1; i > 0; i--) {
      const before = this.free[i - 1]!;
      const after = this.free[i]!;
      if (before.offset + before.size === after.offset) {
        before.size += after.size;
        this.free.splice(i, 1);
      }
    }
    const last = this.free[this.free.length - 1];
    if (last && last.offset + last.size === this.top) {
      this.top = last.offset;
      this.free.pop();
    }
  }

  /**
   * The memory's buffer now. Once a shared memory has grown, V8 may collect the buffer object it
   * handed out and hand out a new one for the same bytes, so every object seen here is recorded.
   */
  get buffer(): ArrayBufferLike {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return buffer;
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE));
      this.buffers.add(this.memory.buffer);
    }
  }
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

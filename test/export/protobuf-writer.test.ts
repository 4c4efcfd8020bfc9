// The protobuf encoder against the wire format's own examples (protobuf.dev, "Encoding").
import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from '../../src/export/protobuf-writer.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('ProtobufWriter', () => {
  it('writes varints, negative int64 as ten bytes, strings, floats and nested messages', () => {
    expect(hex(new ProtobufWriter().integer(1, 150).finish())).toBe('089601');
    expect(hex(new ProtobufWriter().integer(1, 300).finish())).toBe('08ac02');
    expect(hex(new ProtobufWriter().integer(3, -1).finish())).toBe('18ffffffffffffffffff01');
    expect(hex(new ProtobufWriter().integer(1, 2 ** 40).finish())).toBe('08808080808020');
    expect(hex(new ProtobufWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtobufWriter().float(2, 1.5).finish())).toBe('150000c03f');
    const inner = new ProtobufWriter().integer(1, 150);
    expect(hex(new ProtobufWriter().message(3, inner).finish())).toBe('1a03089601');
  });

  it('refuses an integer it cannot encode exactly', () => {
    expect(() => new ProtobufWriter().integer(1, 2 ** 53)).toThrow(new RangeError('protobuf varint must be a safe integer, got 9007199254740992'));
    expect(() => new ProtobufWriter().integer(1, 0.5)).toThrow(RangeError);
  });
});

// The generator of CheckedBackend's checks refuses a table row whose surface cannot be turned
// into checks, naming the kernel, instead of writing code that passes an unchecked argument.
import { describe, expect, it } from 'vitest';
import { renderCheckedKernels } from '../../../src/backend/codegen/render-checked.ts';
import { f32, plain, ruled, size, slot, type KernelRow } from '../../../src/backend/kernel-row.ts';

const scale: KernelRow = {
  name: 'scale',
  group: 'elementwise',
  doc: 'out = alpha·x.',
  args: [size('n'), f32('x', ['n']), f32('out', ['n'])],
  scalars: [slot('alpha', 'f32')],
  surface: { args: plain('n alpha x out') },
};

describe('renderCheckedKernels', () => {
  it('writes a checked method for a row with a surface: sizes, arrays from the length expression, the slot', () => {
    const source = renderCheckedKernels([scale]);
    expect(source).toContain('  scale(n: number, alpha: number, x: Float32Array, out: Float32Array): void {');
    expect(source).toContain("this.#f32(K, 'x', x, n, 'n');");
    expect(source).toContain("s[SCALE_ALPHA] = checkFinite(K, 'alpha', alpha);");
    expect(source).toContain('this.#k.scale(n, x, out, s);');
  });

  it('refuses a surface that leaves a kernel argument unfilled', () => {
    expect(() => renderCheckedKernels([{ ...scale, surface: { args: plain('n alpha x') } }])).toThrow('scale: no surface argument fills out');
  });

  it('refuses a rule on the wrong kind of target and a slot the row lacks', () => {
    expect(() => renderCheckedKernels([{ ...scale, surface: { args: [...plain('n x out'), ruled('alpha', 'classLabels')] } }])).toThrow(
      'scale: alpha: rule classLabels does not apply to a scalar slot',
    );
    expect(() => renderCheckedKernels([{ ...scale, surface: { args: plain('n beta x out') } }])).toThrow('scale: has no scalar slot beta');
    expect(() => renderCheckedKernels([{ ...scale, surface: { args: ['n', 'alpha', ruled('x', 'classLabels'), 'out'] } }])).toThrow(
      'scale: x: rule classLabels does not apply to a f32 argument',
    );
    expect(() => renderCheckedKernels([{ ...scale, surface: { args: [ruled('n', 'layerActivation'), 'alpha', 'x', 'out'] } }])).toThrow(
      'scale: n: rule layerActivation does not apply to a size argument',
    );
  });

  it('refuses a condition that names no code constant, and a nullable array the kernel always reads', () => {
    const conditional = { ...scale, args: [size('n'), f32('x', ['n'], { when: 'MODE_X != 0' }), f32('out', ['n'])] };
    expect(() => renderCheckedKernels([conditional])).toThrow("scale: x's condition names MODE_X, which is no code constant");
    const nullable: KernelRow = { ...scale, surface: { args: ['n', 'alpha', { name: 'x', flag: { bit: 'DENSE_FLAGS.inputGradient', set: 'given' } }, 'out'] } };
    expect(() => renderCheckedKernels([nullable])).toThrow('scale: x may be null but x has no condition');
  });
});

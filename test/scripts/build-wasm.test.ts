// scripts/build-wasm.mjs decides whether asc must run from a hash of the WASM build's inputs and a
// record beside kernels.wasm. Here, on a small tree of its own, a stand-in for asc counts the
// builds: every input that can change (a source's content, a file added or renamed, asconfig.json,
// the script itself, the compiler's version) makes one, and nothing else does (another folder, a
// file's time). The real asc runs in the docs test's clone (test/docs/snippets.test.ts) whenever
// that clone's inputs differ from what the checkout's kernels.wasm was built from; a change to the
// script is such a difference, so the real call is exercised whenever the script changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWasmScript as script } from '../docs/build-wasm-script.ts';
import { CHECKOUT } from '../docs/prepare-clone.ts';
import { expectSameAfterCopyAndTouch, hashTracker, stampTree } from './stamp-tree.ts';

const COMPILERS = ['assemblyscript@0.28.20', 'binaryen@131.0.0'];
/** A package root holding the script, the real asconfig.json and two small sources. */
function tree(): string {
  // compilerVersions resolves assemblyscript from the root, as asc is found in a clone.
  return stampTree('hyperprop-build-wasm-', {
    [script.RECIPE]: readFileSync(join(CHECKOUT, script.RECIPE), 'utf8'),
    'assembly/asconfig.json': readFileSync(join(CHECKOUT, 'assembly', 'asconfig.json'), 'utf8'),
    'assembly/index.ts': 'export { add } from "./math/add";\n',
    'assembly/math/add.ts': 'export function add(a: i32, b: i32): i32 { return a + b; }\n',
  });
}

const hash = (root: string) => script.wasmInputsHash(root, COMPILERS);

describe('the inputs hash', () => {
  it('is the same for a copy of the tree elsewhere and after a touch, so a clone of a built checkout needs no build', () => {
    expectSameAfterCopyAndTouch(tree(), ['assembly', 'scripts'], 'assembly/math/add.ts', hash);
  });

  it('changes with each input: a source, a new file, a renamed file, asconfig.json, the script, the compiler', () => {
    const root = tree();
    const changed = hashTracker(() => hash(root));
    writeFileSync(join(root, 'assembly', 'math', 'add.ts'), 'export function add(a: i32, b: i32): i32 { return b + a; }\n');
    changed('a changed source');
    writeFileSync(join(root, 'assembly', 'math', 'sub.ts'), 'export function sub(a: i32, b: i32): i32 { return a - b; }\n');
    changed('a new source in a subfolder');
    renameSync(join(root, 'assembly', 'math', 'sub.ts'), join(root, 'assembly', 'math', 'minus.ts'));
    changed('a renamed source with the same content');
    const config = JSON.parse(readFileSync(join(root, 'assembly', 'asconfig.json'), 'utf8'));
    config.targets.release.optimizeLevel = 2;
    writeFileSync(join(root, 'assembly', 'asconfig.json'), JSON.stringify(config));
    changed('another optimizeLevel in asconfig.json');
    writeFileSync(join(root, script.RECIPE), `${readFileSync(join(root, script.RECIPE), 'utf8')}// another recipe\n`);
    changed('a change to scripts/build-wasm.mjs');
    const before = hash(root);
    expect(script.wasmInputsHash(root, ['assemblyscript@0.28.21', COMPILERS[1]!])).not.toBe(before);
    expect(script.wasmInputsHash(root, [COMPILERS[0]!, 'binaryen@132.0.0'])).not.toBe(before);
  });

  it("names the checkout's pinned assemblyscript and the binaryen it loads", () => {
    const pinned = JSON.parse(readFileSync(join(CHECKOUT, 'package.json'), 'utf8')).devDependencies.assemblyscript;
    const [asc, binaryen, ...rest] = script.compilerVersions(CHECKOUT);
    expect(asc).toBe(`assemblyscript@${pinned}`);
    expect(binaryen).toMatch(/^binaryen@\d/);
    expect(rest).toEqual([]);
  });
});

describe('the decision', () => {
  const output = new TextEncoder().encode('\0asm built');
  it('builds without an output, without a record, with another record or another output, and only then', () => {
    const record = (inputs: string, bytes: Uint8Array) => JSON.stringify({ inputs, output: createHash('sha256').update(bytes).digest('hex') });
    const inputs = 'a'.repeat(64);
    const decide = (state: { output: Uint8Array | undefined; stamp: string | undefined }) => script.buildDecision({ inputs, ...state });
    expect(decide({ output: undefined, stamp: record(inputs, output) })).toEqual({ build: true, reason: 'no output yet' });
    expect(decide({ output, stamp: undefined })).toEqual({ build: true, reason: 'no record of the inputs it was built from' });
    expect(decide({ output, stamp: '{"inputs": "a' })).toEqual({ build: true, reason: 'its inputs record is unreadable' });
    expect(decide({ output, stamp: 'null' })).toEqual({ build: true, reason: 'the inputs changed' });
    expect(decide({ output, stamp: record('b'.repeat(64), output) })).toEqual({ build: true, reason: 'the inputs changed' });
    expect(decide({ output: new TextEncoder().encode('\0asm by a bare asc'), stamp: record(inputs, output) })).toEqual({ build: true, reason: 'it is not the file built from these inputs' });
    expect(decide({ output, stamp: record(inputs, output) })).toEqual({ build: false, reason: 'up to date' });
  });
});

describe('buildWasm, with a stand-in for asc', () => {
  /** Writes what asc would, from the sources, and counts its calls. */
  function fakeAsc(root: string) {
    const calls: string[] = [];
    const compile = async (at: string) => {
      calls.push(at);
      mkdirSync(join(root, 'dist', 'wasm'), { recursive: true });
      writeFileSync(join(root, 'dist', 'wasm', 'kernels.wasm'), `\0asm ${readFileSync(join(root, 'assembly', 'math', 'add.ts'), 'utf8')}`);
    };
    return { calls, compile };
  }

  it('compiles when an input changed or the output is not the one recorded, else prints that it is up to date', async () => {
    const root = tree();
    const asc = fakeAsc(root);
    const lines: string[] = [];
    const run = (force = false) => script.buildWasm({ root, force, log: (line) => lines.push(line), compile: asc.compile });
    const output = join(root, 'dist', 'wasm', 'kernels.wasm');
    expect(script.wasmOutput(root)).toBe(output);

    const first = await run();
    const inputs = script.wasmInputsHash(root);
    expect(first).toEqual({ built: true, inputs });
    expect(asc.calls).toEqual([root]);
    expect(lines.splice(0)).toEqual(['wasm: building dist/wasm/kernels.wasm (no output yet)', `wasm: built (inputs sha256 ${inputs})`]);
    expect(existsSync(output + script.STAMP_SUFFIX)).toBe(true);

    expect(await run()).toEqual({ built: false, inputs });
    expect(lines.splice(0)).toEqual([`wasm: up to date (inputs sha256 ${inputs})`]);
    expect(asc.calls).toHaveLength(1);

    writeFileSync(join(root, 'assembly', 'math', 'add.ts'), 'export function add(a: i32, b: i32): i32 { return b + a; }\n');
    const changed = await run();
    expect(changed.built).toBe(true);
    expect(changed.inputs).not.toBe(inputs);
    expect(lines.splice(0)[0]).toBe('wasm: building dist/wasm/kernels.wasm (the inputs changed)');
    expect(asc.calls).toHaveLength(2);

    writeFileSync(output, '\0asm from a bare asc');
    expect((await run()).built).toBe(true);
    expect(lines.splice(0)[0]).toBe('wasm: building dist/wasm/kernels.wasm (it is not the file built from these inputs)');
    expect(asc.calls).toHaveLength(3);

    expect((await run()).built).toBe(false);
    expect((await run(true)).built).toBe(true);
    expect(lines.splice(0)).toEqual([`wasm: up to date (inputs sha256 ${changed.inputs})`, 'wasm: building dist/wasm/kernels.wasm (--force)', `wasm: built (inputs sha256 ${changed.inputs})`]);
    expect(asc.calls).toHaveLength(4);
  });

  it('leaves no record when asc fails, so the next run compiles again', async () => {
    const root = tree();
    const asc = fakeAsc(root);
    const log = () => {};
    await script.buildWasm({ root, log, compile: asc.compile });
    writeFileSync(join(root, 'assembly', 'math', 'add.ts'), 'export function add(a: i32): i32 { return a; }\n');
    const failing = async () => {
      writeFileSync(join(root, 'dist', 'wasm', 'kernels.wasm'), '\0asm half-written');
      throw new Error('1 compile error(s)');
    };
    await expect(script.buildWasm({ root, log, compile: failing })).rejects.toThrow('1 compile error(s)');
    expect(existsSync(join(root, 'dist', 'wasm', 'kernels.wasm' + script.STAMP_SUFFIX))).toBe(false);
    expect((await script.buildWasm({ root, log, compile: asc.compile })).built).toBe(true);
    expect(asc.calls).toHaveLength(2);
  });
});

// scripts/build-ts.mjs skips tsc and the bundle when dist/ was built from exactly the current
// inputs. Here, on a small tree of its own, stand-ins for the compile and the mark count the
// calls: every input that can change (a source, a new source, tsconfig.json, the lock file, a
// script of the build, the tools' versions) makes a build, and nothing else does (a copy of the
// tree elsewhere, a file's time); the build is marked current either way. The real tsc and
// bundle run in every `npm run build:ts` of a changed tree, CI's fresh clone first of all.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTsScript as script } from '../docs/build-ts-script.ts';
import { CHECKOUT } from '../docs/prepare-clone.ts';
import { expectSameAfterCopyAndTouch, hashTracker, stampTree } from './stamp-tree.ts';


const TOOLS = ['typescript@5.9.3', 'esbuild@0.28.2'];
/** A package root with the build's scripts, its configs and two small sources. */
function tree(): string {
  return stampTree('hyperprop-build-ts-', {
    ...Object.fromEntries(script.RECIPES.map((recipe) => [recipe, readFileSync(join(CHECKOUT, recipe), 'utf8')])),
    'tsconfig.json': '{ "compilerOptions": { "outDir": "dist" }, "include": ["src"] }\n',
    'package.json': '{ "name": "tiny", "type": "module" }\n',
    'package-lock.json': '{ "lockfileVersion": 3 }\n',
    'src/index.ts': 'export { add } from "./math/add.ts";\n',
    'src/math/add.ts': 'export const add = (a: number, b: number): number => a + b;\n',
  });
}

const hash = (root: string) => script.tsInputsHash(root, TOOLS);

describe('the TypeScript build inputs hash', () => {
  it('is the same for a copy of the tree elsewhere and after a touch', () => {
    expectSameAfterCopyAndTouch(tree(), ['src', 'scripts', 'tsconfig.json', 'package.json', 'package-lock.json'], 'src/math/add.ts', hash);
  });

  it('changes with each input: a source, a new source, tsconfig.json, the lock file, each script, the tools', () => {
    const root = tree();
    const changed = hashTracker(() => hash(root));
    const write = (file: string, text: string) => () => writeFileSync(join(root, file), text);
    const edits: [string, () => void][] = [
      ['a changed source', write('src/math/add.ts', 'export const add = (a: number, b: number): number => b + a;\n')],
      ['a new source in a subfolder', write('src/math/sub.ts', 'export const sub = (a: number, b: number): number => a - b;\n')],
      ['another tsconfig.json', write('tsconfig.json', '{ "compilerOptions": { "outDir": "dist", "strict": true }, "include": ["src"] }\n')],
      ['another lock file', write('package-lock.json', '{ "lockfileVersion": 3, "packages": {} }\n')],
      ...script.RECIPES.map((recipe): [string, () => void] => [`a change to ${recipe}`, () => write(recipe, `${readFileSync(join(root, recipe), 'utf8')}// another recipe\n`)()]),
    ];
    for (const [what, edit] of edits) {
      edit();
      changed(what);
    }
    const before = hash(root);
    expect(script.tsInputsHash(root, ['typescript@5.9.4', TOOLS[1]!])).not.toBe(before);
    expect(script.tsInputsHash(root, [TOOLS[0]!, 'esbuild@0.28.3'])).not.toBe(before);
  });

  it("names the checkout's typescript and esbuild", () => {
    const [typescript, esbuild, ...rest] = script.toolVersions(CHECKOUT);
    expect(typescript).toMatch(/^typescript@\d/);
    expect(esbuild).toMatch(/^esbuild@\d/);
    expect(rest).toEqual([]);
  });
});

describe('buildTs, with stand-ins for tsc and the bundle', () => {
  function fakeBuild(root: string) {
    const calls = { compile: 0, mark: 0 };
    const compile = () => {
      calls.compile += 1;
      mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
      writeFileSync(join(root, script.OUTPUT), `// bundle of ${readFileSync(join(root, 'src', 'math', 'add.ts'), 'utf8')}`);
    };
    return { calls, compile, mark: () => void (calls.mark += 1) };
  }

  it('builds when an input changed or the bundle is not the one recorded, else says it is up to date; marks the build current every time', () => {
    const root = tree();
    const fake = fakeBuild(root);
    const lines: string[] = [];
    const run = (force = false) => script.buildTs({ root, force, log: (line) => lines.push(line), compile: fake.compile, mark: fake.mark });

    const first = run();
    const inputs = script.tsInputsHash(root);
    expect(first).toEqual({ built: true, inputs });
    expect(lines.splice(0)).toEqual(['ts: building dist/ (no output yet)', `ts: built (inputs sha256 ${inputs})`]);
    expect(existsSync(join(root, script.STAMP))).toBe(true);
    expect(fake.calls).toEqual({ compile: 1, mark: 1 });

    expect(run()).toEqual({ built: false, inputs });
    expect(lines.splice(0)).toEqual([`ts: up to date (inputs sha256 ${inputs})`]);
    expect(fake.calls).toEqual({ compile: 1, mark: 2 });

    writeFileSync(join(root, 'src', 'math', 'add.ts'), 'export const add = (a: number, b: number): number => b + a;\n');
    const changed = run();
    expect(changed.built).toBe(true);
    expect(lines.splice(0)[0]).toBe('ts: building dist/ (the inputs changed)');

    writeFileSync(join(root, script.OUTPUT), '// a bundle written by hand');
    expect(run().built).toBe(true);
    expect(lines.splice(0)[0]).toBe('ts: building dist/ (it is not the file built from these inputs)');

    expect(run().built).toBe(false);
    expect(run(true).built).toBe(true);
    expect(lines.splice(0)).toEqual([`ts: up to date (inputs sha256 ${changed.inputs})`, 'ts: building dist/ (--force)', `ts: built (inputs sha256 ${changed.inputs})`]);
    expect(fake.calls).toEqual({ compile: 4, mark: 6 });
  });

  it('leaves no record when the compile fails, so the next run builds again', () => {
    const root = tree();
    const fake = fakeBuild(root);
    const log = () => {};
    script.buildTs({ root, log, compile: fake.compile, mark: fake.mark });
    writeFileSync(join(root, 'src', 'math', 'add.ts'), 'export const add = (a: number): number => a;\n');
    const failing = () => {
      throw new Error('tsc: 1 error');
    };
    expect(() => script.buildTs({ root, log, compile: failing, mark: fake.mark })).toThrow('tsc: 1 error');
    expect(existsSync(join(root, script.STAMP))).toBe(false);
    expect(script.buildTs({ root, log, compile: fake.compile, mark: fake.mark }).built).toBe(true);
  });
});

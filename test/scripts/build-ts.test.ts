// scripts/build-ts.mjs skips tsc and the bundle when dist/ was built from exactly the current
// inputs. Here, on a small tree of its own, stand-ins for the compile and the mark count the
// calls: every input that can change (a source, a new source, tsconfig.json, the lock file, a
// script of the build, the tools' versions) makes a build, and nothing else does (a copy of the
// tree elsewhere, a file's time); the build is marked current either way. The real tsc and
// bundle run in every `npm run build:ts` of a changed tree, CI's fresh clone first of all.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTsScript as script } from '../docs/build-ts-script.ts';
import { CHECKOUT } from '../docs/prepare-clone.ts';


const TOOLS = ['typescript@5.9.3', 'esbuild@0.28.2'];
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A package root with the build's scripts, its configs and two small sources. */
function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'hyperprop-build-ts-'));
  temporary.push(root);
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  };
  for (const recipe of script.RECIPES) write(recipe, readFileSync(join(CHECKOUT, recipe), 'utf8'));
  write('tsconfig.json', '{ "compilerOptions": { "outDir": "dist" }, "include": ["src"] }\n');
  write('package.json', '{ "name": "tiny", "type": "module" }\n');
  write('package-lock.json', '{ "lockfileVersion": 3 }\n');
  write('src/index.ts', 'export { add } from "./math/add.ts";\n');
  write('src/math/add.ts', 'export const add = (a: number, b: number): number => a + b;\n');
  symlinkSync(join(CHECKOUT, 'node_modules'), join(root, 'node_modules'));
  return root;
}

const hash = (root: string) => script.tsInputsHash(root, TOOLS);

describe('the TypeScript build inputs hash', () => {
  it('is the same for a copy of the tree elsewhere and after a touch', () => {
    const root = tree();
    const copy = mkdtempSync(join(tmpdir(), 'hyperprop-build-ts-copy-'));
    temporary.push(copy);
    for (const part of ['src', 'scripts', 'tsconfig.json', 'package.json', 'package-lock.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
    expect(hash(copy)).toBe(hash(root));
    utimesSync(join(root, 'src', 'math', 'add.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(hash(root)).toBe(hash(copy));
    expect(hash(root)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with each input: a source, a new source, tsconfig.json, the lock file, each script, the tools', () => {
    const root = tree();
    const seen = new Set([hash(root)]);
    const changed = (what: string) => {
      const now = hash(root);
      expect(seen.has(now), `${what} left the inputs hash as it was`).toBe(false);
      seen.add(now);
    };
    writeFileSync(join(root, 'src', 'math', 'add.ts'), 'export const add = (a: number, b: number): number => b + a;\n');
    changed('a changed source');
    writeFileSync(join(root, 'src', 'math', 'sub.ts'), 'export const sub = (a: number, b: number): number => a - b;\n');
    changed('a new source in a subfolder');
    writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": { "outDir": "dist", "strict": true }, "include": ["src"] }\n');
    changed('another tsconfig.json');
    writeFileSync(join(root, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": {} }\n');
    changed('another lock file');
    for (const recipe of script.RECIPES) {
      writeFileSync(join(root, recipe), `${readFileSync(join(root, recipe), 'utf8')}// another recipe\n`);
      changed(`a change to ${recipe}`);
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

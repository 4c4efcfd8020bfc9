// Every fenced ts/js/sh/bash block of README.md and docs/*.md runs as written, in document order,
// from the root of a fresh clone whose `npm run prepare` built dist/ (so the docs never run
// against a stale build, and a clone's `import … from 'hyperprop'` is checked too). Blocks tagged
// `fragment <reason>` or `no-run <reason>` are skipped with their reason; `test=<name>` blocks are
// run by test/docs/<name>.test.ts. Output a doc quotes (`# …` comment lines of a sh block, or a
// following ```text output block) must be printed, its numbers within the block's `tol` (2 %
// by default) on the backend the block names (`backend=native`). See test/docs/extract-blocks.ts.
// A ts block runs as the JavaScript that the type-check's tsc emits for it (tsconfig.json's
// isolatedModules and verbatimModuleSyntax: its types erased, nothing else rewritten; no block
// imports a relative file, whose `./x.ts` tsc would point at `./x.js`), which is what
// `npx tsx <block>.ts` executes, without tsx's loader in each block's process (0.5-0.7 s of CPU
// a block); the type-check itself is strict, against the built package.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, REQUIRE_ALL } from '../backend/backends.ts';
import { buildTsScript } from './build-ts-script.ts';
import { buildWasmScript } from './build-wasm-script.ts';
import { compareOutput, quotesNumbers } from './compare-output.ts';
import { extractBlocks, type FencedBlock } from './extract-blocks.ts';
import { prepareClone, CHECKOUT, type Clone } from './prepare-clone.ts';
import { binFolder, runBlock, RUN_LANGS } from './run-block.ts';

const DEFAULT_TOLERANCE = 0.02;
// Such commands would change the clone's dependencies, which are the checkout's (linked).
const INSTALLS = /\bnpm\s+(install|i|ci|rebuild|uninstall|update|link|install-scripts|test)\b/;
// Only a guard against a hang: two busy cores run the slowest block (studies) in about two minutes.
const DEFAULT_TIMEOUT_S = 180;
const DOCS = ['README.md', ...readdirSync(join(CHECKOUT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

interface RunCase {
  block: FencedBlock;
  lang: (typeof RUN_LANGS)[string];
  expected: string[];
  backend?: string;
  tolerance: number;
}

/** The run blocks of one page, each with the output quoted for it, and the skipped blocks. */
function casesOf(doc: string): { runs: RunCase[]; skipped: FencedBlock[] } {
  const runs: RunCase[] = [];
  const skipped: FencedBlock[] = [];
  for (const block of extractBlocks(readFileSync(join(CHECKOUT, doc), 'utf8'))) {
    const lang = RUN_LANGS[block.lang];
    if (block.lang === 'text' && block.flags.includes('output')) {
      const run = runs.at(-1);
      if (!run) throw new Error(`${doc}:${block.line}: an output block with no run block above it`);
      run.expected.push(...block.text.split('\n'));
      run.backend ??= block.attrs.backend;
      if (block.attrs.tol) run.tolerance = Number(block.attrs.tol);
      continue;
    }
    if (!lang) continue;
    if (block.reason !== undefined || block.attrs.test) {
      skipped.push(block);
      continue;
    }
    // A sh comment line that starts with an elision quotes what the commands above it print.
    const expected = lang === 'sh' ? block.text.split('\n').flatMap((l) => /^\s*#\s*(…|\.\.\.)/.test(l) ? [l.replace(/^\s*#\s*/, '')] : []) : [];
    runs.push({ block, lang, expected, tolerance: block.attrs.tol ? Number(block.attrs.tol) : DEFAULT_TOLERANCE, ...(block.attrs.backend ? { backend: block.attrs.backend } : {}) });
  }
  return { runs, skipped };
}

const loaded = new Set(BACKENDS.filter((b) => b.backend).map((b) => b.name as string));
let clone: Clone;
let bin: string;
/** tsc's diagnostics for the ts blocks ('' when they type-check), and the JavaScript it emitted for each. */
let typeCheck: { output: string; emitted: Map<string, string> };

const blockName = (doc: string, block: FencedBlock) => `${doc.replace(/[^\w]+/g, '-')}-${block.line}`;

/**
 * Type-checks every ts run block against the built package (strict, as the package is compiled)
 * in one tsc run, which also writes each block's JavaScript: the blocks then run with plain node.
 * tsc emits a file with type errors too, so a block that fails the type-check still runs and
 * its own test reports what it printed.
 */
async function typeCheckBlocks(cloneDir: string): Promise<typeof typeCheck> {
  const dir = join(cloneDir, 'doc-typecheck');
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (const doc of DOCS) {
    for (const { block, lang } of casesOf(doc).runs) {
      if (lang !== 'ts') continue;
      names.push(blockName(doc, block));
      writeFileSync(join(dir, `${names.at(-1)}.ts`), block.text);
    }
  }
  // The package's own options, but no declarations or source maps: only each block's .js.
  const compilerOptions = { rootDir: '.', outDir: 'js', declaration: false, sourceMap: false };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', compilerOptions, include: names.map((n) => `${n}.ts`) }));
  const tsc = join(cloneDir, 'node_modules', 'typescript', 'bin', 'tsc');
  const output = await promisify(execFile)(process.execPath, [tsc, '-p', dir]).then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error));
  const emitted = new Map<string, string>();
  for (const name of names) {
    const js = join(dir, 'js', `${name}.js`);
    if (existsSync(js)) emitted.set(name, readFileSync(js, 'utf8'));
  }
  return { output, emitted };
}

beforeAll(async () => {
  clone = await prepareClone();
  bin = binFolder(clone.dir);
  typeCheck = await typeCheckBlocks(clone.dir);
}, 240_000);

afterAll(() => clone?.remove());

describe('a clone after npm install', () => {
  it("builds dist/ in prepare, so a script in the clone can import 'hyperprop'", async () => {
    // The clone may start from the checkout's incremental build: the log shows prepare built both.
    expect(clone.prepareLog).toMatch(/> hyperprop@[^\n]+ build:wasm\n/);
    // build:wasm (scripts/build-wasm.mjs) compiled unless the kernels.wasm copied from the
    // checkout was recorded as built from the clone's own inputs, and says which with the hash
    // of those inputs; either way the clone's kernels.wasm is now the one recorded for them.
    const { buildDecision, wasmInputsHash, wasmOutput, STAMP_SUFFIX } = buildWasmScript;
    const inputs = wasmInputsHash(clone.dir);
    expect(clone.prepareLog).toContain(`wasm: ${clone.wasmHeadStart ? 'up to date' : 'built'} (inputs sha256 ${inputs})\n`);
    const wasm = wasmOutput(clone.dir);
    expect(buildDecision({ inputs, output: readFileSync(wasm), stamp: readFileSync(wasm + STAMP_SUFFIX, 'utf8') })).toEqual({ build: false, reason: 'up to date' });
    expect(clone.prepareLog).toMatch(/> hyperprop@[^\n]+ build:ts\n/);
    // build:ts (scripts/build-ts.mjs) skipped tsc and the bundle only if the dist/ copied from the
    // checkout was recorded as built from the clone's own inputs.
    expect(clone.prepareLog).toMatch(new RegExp(`\nts: (up to date|built) \\(inputs sha256 ${buildTsScript.tsInputsHash(clone.dir)}\\)\n`));
    expect(existsSync(join(clone.dir, 'dist', 'index.js')), `npm run prepare built no dist/index.js:\n${clone.prepareLog}`).toBe(true);
    expect(existsSync(join(clone.dir, 'dist', 'bundle', 'index.js')), `npm run prepare built no dist/bundle/index.js:\n${clone.prepareLog}`).toBe(true);
    const script = "import { MLP, backendInfo } from 'hyperprop';\nconsole.log(typeof MLP, backendInfo().active);\n";
    const run = await runBlock({ clone: clone.dir, bin, name: 'imports-hyperprop', lang: 'js', text: script, timeoutMs: 30_000 });
    expect(run.output).toMatch(/^function (native|wasm|js)\n$/);
    expect(run.code).toBe(0);
  }, 40_000);
});

for (const doc of DOCS) {
  const { runs, skipped } = casesOf(doc);
  if (runs.length + skipped.length === 0) continue;
  describe(doc, () => {
    for (const block of skipped) {
      const where = `${doc}:${block.line} (${block.info})`;
      if (block.attrs.test) {
        it(`${where} is run by test/docs/${block.attrs.test}.test.ts`, () => {
          expect(existsSync(join(CHECKOUT, 'test', 'docs', `${block.attrs.test}.test.ts`))).toBe(true);
        });
      } else {
        it(`${where} says why it is not run`, () => {
          expect(block.reason, `${where}: a ${block.flags.join(' ')} block needs a reason after the tag`).toMatch(/\w{3,}/);
        });
      }
    }
    for (const run of runs) {
      const { block } = run;
      const timeoutMs = Number(block.attrs.timeout ?? DEFAULT_TIMEOUT_S) * 1000;
      it(`${doc}:${block.line} (${block.info}) runs as written`, async (ctx) => {
        if (run.lang === 'sh' && INSTALLS.test(block.text)) expect.fail(`${doc}:${block.line} installs packages or runs the whole suite: tag it no-run with a reason`);
        const numbers = quotesNumbers(run.expected);
        if (numbers && !run.backend) expect.fail(`${doc}:${block.line} quotes numbers: name the backend that printed them (backend=native|wasm|js in the info string)`);
        // Without the backend that printed the quoted numbers, the block still runs (on the one
        // that loads) but its output cannot be compared.
        const comparable = !run.backend || loaded.has(run.backend);
        if (!comparable && REQUIRE_ALL) expect.fail(`${doc}:${block.line} needs the ${run.backend} backend, which does not load here`);
        const name = `doc-${blockName(doc, block)}`;
        let lang = run.lang;
        let text = block.text;
        if (lang === 'ts') {
          const js = typeCheck.emitted.get(blockName(doc, block));
          if (js === undefined) expect.fail(`tsc emitted no JavaScript for ${doc}:${block.line}:\n${typeCheck.output}`);
          [lang, text] = ['js', js];
        }
        const result = await runBlock({ clone: clone.dir, bin, name, lang, text, timeoutMs, ...(run.backend && comparable ? { backend: run.backend } : {}) });
        writeFileSync(join(clone.dir, `${name}.log`), result.output);
        const tail = result.output.split('\n').slice(-40).join('\n');
        expect(result.timedOut, `${doc}:${block.line} ran past ${timeoutMs / 1000} s:\n${tail}`).toBe(false);
        expect(result.code, `${doc}:${block.line} exited with ${result.code}:\n${tail}`).toBe(0);
        if (!comparable) ctx.skip(`ran on another backend: the ${run.backend} backend that printed the quoted output does not load here`);
        const problems = compareOutput(run.expected, result.output, run.tolerance);
        expect(problems, `${doc}:${block.line} printed other output than it quotes:\n${tail}`).toEqual([]);
      }, timeoutMs + 10_000);
    }
  });
}

describe('the ts blocks', () => {
  it('type-check against the built package (strict, as the package is compiled)', () => {
    // Names the block: doc-typecheck/<doc>-<line>.ts(row,col).
    expect(typeCheck.output).toBe('');
    expect(typeCheck.emitted.size).toBe(DOCS.flatMap((doc) => casesOf(doc).runs.filter((r) => r.lang === 'ts')).length);
  });
});

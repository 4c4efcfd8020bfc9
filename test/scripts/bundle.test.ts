// scripts/bundle.mjs: dist/bundle/ holds one file per entry point, exports what the per-module
// build exports, and is what the package and the `hyperprop` command load.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_ENTRIES } from '../../src/workers/bundle-entries.ts';
import { ROOT } from '../cli/run-cli.ts';

const BUNDLE = join(ROOT, 'dist', 'bundle');

describe('the bundled build', () => {
  it('has a file for every entry point', () => {
    for (const entry of Object.keys(BUNDLE_ENTRIES)) expect(existsSync(join(BUNDLE, `${entry}.js`)), entry).toBe(true);
  });

  it('is what the package and the command load', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; exports: { '.': { default: string } } };
    expect(pkg.main).toBe('./dist/bundle/index.js');
    expect(pkg.exports['.'].default).toBe('./dist/bundle/index.js');
    expect(readFileSync(join(ROOT, 'bin', 'hyperprop.mjs'), 'utf8')).toContain("'../dist/bundle/cli.js'");
  });

  it('imports nothing of the per-module build: every relative import stays in dist/bundle/', () => {
    for (const file of readdirSync(BUNDLE).filter((f) => f.endsWith('.js'))) {
      const relative = [...readFileSync(join(BUNDLE, file), 'utf8').matchAll(/(?:from|import\()\s*["'](\.[^"']*)["']/g)].map((m) => m[1]);
      for (const path of relative) expect(path, `${file} imports ${path}`).toMatch(/^\.\/chunk-[\w-]+\.js$/);
    }
  });

  it("exports the same names as dist/index.js, and `import 'hyperprop'` resolves to it", () => {
    // In a child: the two builds in one process would each set up their own module state.
    const script = `
      const bundle = await import('./dist/bundle/index.js');
      const modules = await import('./dist/index.js');
      const resolved = import.meta.resolve('hyperprop');
      console.log(JSON.stringify({ bundle: Object.keys(bundle).sort(), modules: Object.keys(modules).sort(), resolved }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as { bundle: string[]; modules: string[]; resolved: string };
    expect(out.bundle).toEqual(out.modules);
    expect(out.bundle.length).toBeGreaterThan(100);
    expect(out.resolved).toMatch(/\/dist\/bundle\/index\.js$/);
  });
});

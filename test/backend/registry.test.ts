// Selection and fallback, each in a fresh Node process so the per-process choice and the
// once-only fallback warning are observed as a user would see them. The children load hyperprop
// as test/fixtures/hyperprop-modules.mjs does: the compiled dist/ while that build is current,
// else the sources through tsx (a tsx loader alone costs a child 0.25 s of CPU).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REQUIRE_ALL } from './backends.ts';

const ROOT = new URL('../../', import.meta.url);

/** Runs `code` as a module in which `load(path)` imports the hyperprop module at path (under src/, no extension). */
function runNode(code: string, env: Record<string, string> = {}) {
  const prelude = "const { hyperpropModule: load } = await import('./test/fixtures/hyperprop-modules.mjs');";
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', `${prelude}\n${code}`], {
    cwd: ROOT,
    env: { ...process.env, HYPERPROP_BACKEND: '', ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

const printInfo = (from: string) => `
  const { backendInfo, getBackend } = await load('${from}');
  getBackend(); getBackend();
  console.log(JSON.stringify(backendInfo()));`;
// Through the package's entry, as a user imports it; the checks that need only the selection
// import the registry alone (the entry loads the whole library).
const PRINT_INFO = printInfo('index');
const PRINT_REGISTRY_INFO = printInfo('backend/registry');

describe('backend selection', () => {
  it('falls back to wasm when the native addon cannot load, and says so once', () => {
    const run = runNode(PRINT_INFO, { HYPERPROP_NATIVE_ADDON: '/nonexistent/hyperprop.node' });
    expect(run.status).toBe(0);
    const info = JSON.parse(run.stdout);
    expect(info.active).toBe('wasm');
    expect(info.failed[0].backend).toBe('native');
    expect(info.failed[0].reason).toMatch(/native addon did not load \(Cannot find module/);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('HYPERPROP_BACKEND_FALLBACK'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/the native backend is unavailable .*; using wasm\./);
  });

  it('HYPERPROP_BACKEND overrides auto and reports where the choice came from', () => {
    const info = JSON.parse(runNode(PRINT_REGISTRY_INFO, { HYPERPROP_BACKEND: 'js' }).stdout);
    expect(info).toMatchObject({ active: 'js', requested: 'js', requestedBy: 'HYPERPROP_BACKEND' });
    expect(info.simd.cpu).toMatch(/avx512|avx2|sse4\.2|neon|unknown/);
  });

  it('a bad HYPERPROP_BACKEND is a TypeError naming the variable', () => {
    const run = runNode(PRINT_REGISTRY_INFO, { HYPERPROP_BACKEND: 'gpu' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`TypeError: HYPERPROP_BACKEND must be one of 'auto', 'native', 'wasm', 'js', got "gpu"`);
  });

  it('asking for an unavailable backend by name throws instead of falling back', () => {
    // The registry alone: setBackend is the entry's re-export of it, and its throw needs no more.
    const run = runNode(`const { setBackend } = await load('backend/registry'); setBackend('native');`, { HYPERPROP_NATIVE_ADDON: '/nonexistent/x.node' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/BackendUnavailableError: no hyperprop backend could be loaded for 'native'/);
  });

  it('auto picks native when it is built (required in CI), and lists every backend', () => {
    const info = JSON.parse(runNode(PRINT_REGISTRY_INFO).stdout);
    if (REQUIRE_ALL || info.failed.length === 0) {
      expect(info.active).toBe('native');
      expect(info.available).toEqual(['native', 'wasm', 'js']);
      expect(info.simd.native).toMatch(/avx512|avx2|generic/);
    } else {
      expect(info.active).toBe('wasm');
    }
  });
});

// hyperprop info: the backend report, as JSON from the executable (honouring --backend) and as text.
import { describe, expect, it } from 'vitest';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

describe('hyperprop info', () => {
  it('--json parses and follows --backend (child process)', async () => {
    const { code, stdout } = await hyperprop(['--backend', 'js', 'info', '--json']);
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.active).toBe('js');
    expect(info.requestedBy).toBe('option');
    expect(info.available).toContain('js');
    expect(info.versions.node).toBe(process.versions.node);
    expect(typeof info.versions.hyperprop).toBe('string');
    expect(info.cpu.cores).toBeGreaterThan(0);
  });

  it('prints the active backend, the available ones and the SIMD level', async () => {
    const { code, stdout } = await hyperpropInProcess(['info']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^backend: +(native|wasm|js) \(requested/m);
    expect(stdout).toMatch(/^available: +.*js/m);
    expect(stdout).toMatch(/^SIMD: +CPU /m);
  });
});

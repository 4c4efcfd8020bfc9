// hyperprop bench: runs a real benchmark script in a child process and passes its arguments on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hyperprop bench', () => {
  it('runs bench/kernels.ts with the arguments after the suite (--quick, --backends, --time, --json FILE) (child process)', async () => {
    const file = join(dir, 'kernels.json');
    // --time 1 (ms per case, against 20 before): the cases' minimum iterations and warm-up still
    // run, which is all that a check of the arguments reaching the script needs.
    const { code, stdout } = await hyperprop(['bench', 'kernels', '--quick', '--backends', 'js', '--time', '1', '--json', file]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/gemm|GEMM/);
    const rows = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.stringify(rows)).toContain('"js"');
  }, 90_000);

  it('exits 2 on an unknown suite', async () => {
    const { code, stderr } = await hyperpropInProcess(['bench', 'gpu']);
    expect(code).toBe(2);
    expect(stderr).toContain("value 'gpu' is invalid for argument 'suite'. Allowed choices are kernels, train, tune.");
  });
});

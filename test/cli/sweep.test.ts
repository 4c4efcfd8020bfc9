// hyperprop sweep through the real executable: one run per value, JSON that parses, the report
// written; bad --param / --values exit 2 with the flag, the rule and the value (in process).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hyperprop sweep', () => {
  it('trains once per value of --param and overlays them in one report (child process)', { timeout: 120_000 }, async () => {
    const report = join(dir, 'lr.html');
    const run = await hyperprop(['sweep', 'examples/sweep-lr.yaml', '--values', '0.001,1', '--report', report, '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const sweep = JSON.parse(run.stdout) as { param: string; runs: { value: number; verdict: string }[] };
    expect(sweep.param).toBe('lr');
    expect(sweep.runs.map((r) => r.value)).toEqual([0.001, 1]);
    expect(sweep.runs[0]!.verdict).toBe('smooth');
    expect(sweep.runs[1]!.verdict).not.toBe('smooth');
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('At lr = 1 the training loss');
  });

  // Usage errors, in process: the same entry and exit codes without three Node start-ups.
  it('exits 2 naming the flag, the rule and the value', async () => {
    const param = await hyperpropInProcess(['sweep', 'examples/sweep-lr.yaml', '--param', 'momentum', '--values', '0.9']);
    expect(param.code).toBe(2);
    expect(param.stderr).toContain('--param must be one of lr, batchSize, epochs, units, dropout, l2, noise, mixup, got "momentum"');
    const values = await hyperpropInProcess(['sweep', 'examples/sweep-units.yaml', '--values', '8,x']);
    expect(values.code).toBe(2);
    expect(values.stderr).toContain('--values must hold positive integers for units, got "x"');
    const none = await hyperpropInProcess(['sweep', 'examples/iris.yaml']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--param must be given (or a sweep section in the config), got nothing');
  });
});

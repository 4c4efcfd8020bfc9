// hyperprop worker: two worker processes join one iris study in PostgreSQL (the suite's server)
// and share its budget; `hyperprop trials` and `hyperprop report` read it through the same URL.
// The workers are processes (what is shared is the point); the commands around them run in
// process, through the CLI's own entry.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresStorages } from '../tune/storage/pg-schemas.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const { url, nextSchema } = postgresStorages('cli');
// A worker whose budget is spent while another's trial is still open waits for it, looking again
// every heartbeat interval (default 5 s, most of this file's wall time): every 200 ms here. The
// grace stays the default 30 s, so a busy machine's late beat never fails a trial.
const POLL = ['--heartbeat-interval-ms', '200', '--heartbeat-grace-ms', '30000'];
const dir = mkdtempSync(join(tmpdir(), 'hyperprop-worker-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hyperprop worker', () => {
  it('two workers share a 6-trial study; trials and report read it from the same URL', { timeout: 120_000 }, async () => {
    const storage = `${url}?schema=${nextSchema()}`;
    const args = ['worker', 'examples/iris.yaml', '--storage', storage, '--study', 'iris-shared', '--trials', '6', '--json', '--quiet', ...POLL];
    const runs = await Promise.all([hyperprop(args), hyperprop(args)]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const summaries = runs.map((r) => JSON.parse(r.stdout) as { study: string; finished: Record<string, number>; reason: string });
    expect(summaries.every((s) => s.study === 'iris-shared' && s.reason === 'budget')).toBe(true);
    const finished = summaries.flatMap((s) => Object.values(s.finished)).reduce((a, b) => a + b, 0);
    expect(finished).toBe(6);

    const listed = await hyperpropInProcess(['trials', storage, '--study', 'iris-shared', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const trials = JSON.parse(listed.stdout) as { number: number; state: string }[];
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trials.every((t) => ['complete', 'pruned'].includes(t.state))).toBe(true);

    const html = join(dir, 'shared.html');
    const report = await hyperpropInProcess(['report', storage, '-o', html, '--json']);
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ report: html, kind: 'study' });
    expect(existsSync(html)).toBe(true);
  });

  it('a worker started with only --storage and --study runs the config `tune` stored, within the budget they share', { timeout: 180_000 }, async () => {
    const storage = `${url}?schema=${nextSchema()}`;
    const first = await hyperpropInProcess(['tune', 'examples/iris.yaml', '--storage', storage, '--trials', '2', '--json', '--quiet']);
    expect(first.code, first.stderr).toBe(0);
    // tune resumes the study to 6 trials while a worker process with no config joins it.
    const [tune, worker] = await Promise.all([
      hyperpropInProcess(['tune', 'examples/iris.yaml', '--storage', storage, '--trials', '6', '--json', '--quiet', ...POLL]),
      hyperprop(['worker', '--storage', storage, '--study', 'iris', '--json', '--quiet', ...POLL]),
    ]);
    expect(tune.code, tune.stderr).toBe(0);
    expect(worker.code, worker.stderr).toBe(0);
    expect(JSON.parse(worker.stdout)).toMatchObject({ study: 'iris', reason: 'budget' });
    const listed = await hyperpropInProcess(['trials', storage, '--study', 'iris', '--json']);
    const trials = JSON.parse(listed.stdout) as { number: number; state: string; params: Record<string, unknown> }[];
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5]);
    // Every trial, whoever ran it, searched iris.yaml's space (it has `layers`; the embedded
    // default space, digits', has `l2` instead).
    for (const t of trials) {
      expect(t.params).toHaveProperty('layers');
      expect(t.params).not.toHaveProperty('l2');
    }
    const ran = JSON.parse(worker.stdout) as { finished: Record<string, number> };
    expect(Object.values(ran.finished).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4);
  });

  // Usage errors, in process: the same entry and exit codes without two Node start-ups.
  it('refuses a storage the workers cannot share, and a missing --storage', async () => {
    const memory = await hyperpropInProcess(['worker', 'examples/iris.yaml', '--storage', 'memory:']);
    expect(memory.code).toBe(2);
    expect(memory.stderr).toContain('--storage must be shared by the workers (postgres://… or a SQLite file), got "memory:"');
    const missing = await hyperpropInProcess(['worker', 'examples/iris.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '-s, --storage <url>' not specified");
  });
});

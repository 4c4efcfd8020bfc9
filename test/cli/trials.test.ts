// hyperprop trials: a study's trials as a table, CSV and JSON, from a real SQLite storage.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudyStorage } from '../fixtures/study-storage.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-trials-cli-'));
let db: string;
beforeAll(async () => {
  db = await makeStudyStorage(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hyperprop trials', () => {
  it('prints a table with every trial and the best (child process)', async () => {
    const { code, stdout } = await hyperprop(['trials', db, '--study', 'alpha']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ +trial +state +value +epochs +best +params$/m);
    expect(stdout.match(/^ +\d+ +(complete|pruned|failed) /gm)).toHaveLength(8);
    expect(stdout).toMatch(/^8 trials in "alpha"; best [\d.]+ \(trial \d+\)$/m);
  });

  it('exports JSON that parses and CSV to a file, filtered by state', async () => {
    const file = join(dir, 'beta.csv');
    const json = await hyperpropInProcess(['trials', db, '--study', 'beta', '--json']);
    const csv = await hyperpropInProcess(['trials', `sqlite:${db}`, '--study', 'beta', '--format', 'csv', '-o', file]);
    const filtered = await hyperpropInProcess(['trials', db, '--study', 'beta', '--state', 'complete,failed', '--format', 'json']);
    expect(csv.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('number,state,value,seed,started_at,completed_at,duration_ms,params_lr,params_units,user_attrs_epochs');
    expect(lines).toHaveLength(9);
    expect(json.code).toBe(0);
    const trials = JSON.parse(json.stdout);
    expect(trials).toHaveLength(8);
    expect(trials[0].intermediate['1']).toBeTypeOf('number');
    expect(JSON.parse(filtered.stdout).map((t: { state: string }) => t.state).sort()).toEqual(['complete', 'complete', 'complete', 'failed']);
  });

  it('exits 2 when the study is ambiguous or unknown, the storage is missing, or a state is unknown', async () => {
    const ambiguous = await hyperpropInProcess(['trials', db]);
    const unknown = await hyperpropInProcess(['trials', db, '--study', 'gamma']);
    const missing = await hyperpropInProcess(['trials', join(dir, 'nope.db')]);
    const state = await hyperpropInProcess(['trials', db, '--study', 'alpha', '--state', 'done']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('--study must name one of the studies in');
    expect(ambiguous.stderr).toContain('"alpha", "beta"');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('got "gamma"');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--storage must be an existing SQLite file');
    expect(state.code).toBe(2);
    expect(state.stderr).toContain('--state must list states among');
  });
});

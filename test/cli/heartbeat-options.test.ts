// --heartbeat-interval-ms / --heartbeat-grace-ms / --heartbeat-max-retries and tune.heartbeat:
// flags win over the config, mistakes exit 2 naming the flag or field, and the settings reach the
// study: a trial that stopped beating is failed after the grace given, not the default 30 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-heartbeat-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, heartbeat = ''): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `
data: { builtin: iris, split: { validation: 0.3, seed: 0 } }
tune:
  study: beats
  epochs: 2
  trials: 2
  ${heartbeat}
  space:
    lr: { type: float, low: 0.001, high: 0.3, log: true }
`,
  );
  return path;
}

describe('heartbeat settings on the command line', () => {
  it('tune and worker list the flags in --help', async () => {
    for (const command of ['tune', 'worker']) {
      const help = await hyperpropInProcess([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--heartbeat-interval-ms <ms>');
      expect(help.stdout).toContain('--heartbeat-grace-ms <ms>');
      expect(help.stdout).toContain('--heartbeat-max-retries <n>');
    }
  });

  it('bad values exit 2 naming the flag, the rule and the value, also against the config', async () => {
    const plain = config('plain.yaml');
    const zero = await hyperpropInProcess(['worker', plain, '--storage', join(dir, 'w.db'), '--heartbeat-grace-ms', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--heartbeat-grace-ms must be a positive integer, got "0"');
    const retries = await hyperpropInProcess(['tune', plain, '--heartbeat-max-retries', '-1']);
    expect(retries.code).toBe(2);
    expect(retries.stderr).toContain('--heartbeat-max-retries must be a non-negative integer, got "-1"');
    const order = await hyperpropInProcess(['tune', plain, '--heartbeat-interval-ms', '2000', '--heartbeat-grace-ms', '1000']);
    expect(order.code).toBe(2);
    expect(order.stderr).toContain('error: --heartbeat-grace-ms must be greater than the heartbeat interval (--heartbeat-interval-ms: 2000 ms), got 1000');
    const mixed = await hyperpropInProcess(['worker', config('grace.yaml', 'heartbeat: { graceMs: 6000 }'), '--storage', join(dir, 'w.db'), '--heartbeat-interval-ms', '7000']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('error: tune.heartbeat.graceMs must be greater than the heartbeat interval (--heartbeat-interval-ms: 7000 ms), got 6000');
    const file = await hyperpropInProcess(['tune', config('bad.yaml', 'heartbeat: { intervalMs: 1000, graceMs: 500 }')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('tune.heartbeat.graceMs must be > tune.heartbeat.intervalMs (1000), got 500');
  });

  it('tune with the inline executor: epochs on the main thread longer than the grace fail none of its own trials', async () => {
    const path = join(dir, 'inline.yaml');
    writeFileSync(path, `
data: { builtin: digits, split: { validation: 0.3, seed: 0 } }
model: { hidden: [{ units: 1024, activation: relu }] }
training: { batchSize: 8 }
tune: { study: inline, epochs: 2, trials: 3, parallelism: 2, executor: inline, space: { lr: 0.01 } }
`);
    // Each epoch holds the event loop past the grace, so every switch between the two trials
    // finds the other one's beat stale, and the third trial's ask (which reaps first) comes while
    // one still runs: two epochs a trial and one trial more than run at once reach every such
    // moment.
    const run = await hyperpropInProcess(['tune', path, '--storage', join(dir, 'inline.db'), '--heartbeat-interval-ms', '1', '--heartbeat-grace-ms', '100', '--json', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).studies[0].states).toEqual({ complete: 3 });
  });

  it('tune fails and retries a trial that stopped beating after --heartbeat-grace-ms (over the config), not the default 30 s', async () => {
    const db = join(dir, 'stale.db');
    const storage = new SqliteStorage(db);
    const study = await storage.createStudy('beats', 'maximize', 0);
    // A running trial whose process last showed life 10 s ago (it never beat).
    const startedAt = Date.now() - 10_000;
    await storage.importTrial(study.id, { number: 0, state: 'running', params: {}, distributions: {}, value: null, values: null, intermediate: {}, seed: 5, startedAt, completedAt: null, userAttrs: {}, systemAttrs: {} });
    const path = config('stale.yaml', 'heartbeat: { intervalMs: 1000, graceMs: 60000, maxRetries: 1 }');
    const run = await hyperpropInProcess(['tune', path, '--storage', db, '--heartbeat-grace-ms', '5000', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const trials = await storage.getTrials(study.id);
    expect(trials[0]).toMatchObject({ state: 'failed', systemAttrs: { failReason: 'stale heartbeat: no beat for more than 5000 ms' } });
    const retry = trials.find((t) => t.systemAttrs['retryOf'] === 0);
    expect(retry).toMatchObject({ seed: 5, systemAttrs: { retryCount: 1 } });
    expect(['complete', 'pruned']).toContain(retry!.state);
    await storage.close();
  });
});

// A worker that dies mid-trial: with --heartbeat-interval-ms 500 and --heartbeat-grace-ms 2000
// the other worker retries its trial within 10 s (not after the default 30 s). SIGKILL leaves a
// dead pid (failed at once when the reaper shares the host, else after the grace); SIGSTOP leaves
// the pid alive and silent, so only the heartbeat grace can catch it. The grace is short so the
// SIGSTOP case waits 2 s, not 5, yet four times the interval: a runner on a busy machine that
// beats late still beats in time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../src/tune/storage/postgres/postgres-storage.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';
import { postgresStorages } from '../tune/storage/pg-schemas.ts';
import { BIN, ROOT } from './run-cli.ts';

const { url, nextSchema } = postgresStorages('kill');
const dir = mkdtempSync(join(tmpdir(), 'hyperprop-worker-kill-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// One trial of many epochs on digits: it runs far longer than the test needs it to.
const LONG = join(dir, 'long.yaml');
writeFileSync(
  LONG,
  `
data: { builtin: digits, split: { validation: 0.2, seed: 0 } }
tune:
  study: kill
  epochs: 5000
  trials: 1
  space:
    lr: { type: float, low: 0.001, high: 0.01, log: true }
`,
);

const INTERVAL_MS = 500;
const GRACE_MS = 2_000;

interface Worker {
  child: ChildProcess;
  output(): string;
}

function worker(storage: string): Worker {
  const args = ['worker', LONG, '--storage', storage, '--heartbeat-interval-ms', String(INTERVAL_MS), '--heartbeat-grace-ms', String(GRACE_MS)];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { child, output: () => text };
}

/** Polls until `found` returns a value, or fails after `ms`. */
async function until<T>(what: string, ms: number, found: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

/** Two workers started together: one runs trial 0, the other waits on the 1-trial budget. Stops the runner with `signal`; resolves the retry, its delay and trial 0. */
async function killRunner(signal: 'SIGKILL' | 'SIGSTOP'): Promise<{ afterMs: number; retry: FrozenTrial; lost: FrozenTrial }> {
  const schema = nextSchema();
  const storage = `${url}?schema=${schema}`;
  const pg = new PostgresStorage(url, { schema });
  const pair = [worker(storage), worker(storage)];
  try {
    const waiting = await until('one worker to wait on the budget while the other runs trial 0', 90_000, async () =>
      pair.find((w) => w.output().includes('budget spent; waiting for 1 trials still open elsewhere')),
    );
    const runner = pair.find((w) => w !== waiting)!;
    const study = (await pg.getStudy('kill'))!;
    expect((await pg.getTrial(study.id, 0)).state, runner.output()).toBe('running');
    runner.child.kill(signal);
    const killedAt = Date.now();
    const retry = await until('the retry of trial 0 to run', 20_000, async () => (await pg.getTrials(study.id, ['running', 'complete'])).find((t) => t.systemAttrs['retryOf'] === 0));
    const afterMs = Date.now() - killedAt;
    return { afterMs, retry, lost: await pg.getTrial(study.id, 0) };
  } finally {
    for (const w of pair) w.child.kill('SIGKILL');
    await pg.close();
  }
}

describe(`hyperprop worker --heartbeat-interval-ms ${INTERVAL_MS} --heartbeat-grace-ms ${GRACE_MS}`, () => {
  it("a SIGKILLed worker's trial is retried by the other worker within 10 s", { timeout: 150_000 }, async () => {
    const { afterMs, retry, lost } = await killRunner('SIGKILL');
    console.log(`SIGKILL: retry running after ${afterMs} ms`);
    expect(afterMs).toBeLessThan(10_000);
    expect(lost.state).toBe('failed');
    expect(retry).toMatchObject({ seed: lost.seed, systemAttrs: { retryOf: 0, retryCount: 1 } });
  });

  it("a SIGSTOPped worker's trial (its pid alive, its beats gone) is retried after the 2 s grace, within 10 s", { timeout: 150_000 }, async () => {
    const { afterMs, retry, lost } = await killRunner('SIGSTOP');
    console.log(`SIGSTOP: retry running after ${afterMs} ms`);
    expect(afterMs).toBeLessThan(10_000);
    // Its last beat came at most an interval before the stop: the grace, less that interval and
    // a margin, has to pass (with the dead-pid check it would be at once).
    expect(afterMs).toBeGreaterThan(GRACE_MS - INTERVAL_MS - 500);
    expect(lost).toMatchObject({ state: 'failed', systemAttrs: { failReason: `stale heartbeat: no beat for more than ${GRACE_MS} ms` } });
    expect(retry).toMatchObject({ seed: lost.seed, systemAttrs: { retryOf: 0, retryCount: 1 } });
  });
});

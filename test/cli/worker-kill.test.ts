// A worker that dies mid-trial: with --heartbeat-interval-ms 500 and --heartbeat-grace-ms 2000
// another worker retries its trial within 10 s (not after the default 30 s). SIGKILL leaves a
// dead pid (failed at once when the reaper shares the host, else after the grace); SIGSTOP leaves
// the pid alive and silent, so only the heartbeat grace can catch it. The grace is short so the
// SIGSTOP case waits 2 s, not 5, yet four times the interval: a runner on a busy machine that
// beats late still beats in time. Both cases run on one study with three workers: the SIGKILLed
// runner's retry is run by a second worker, which is then SIGSTOPped and its trial retried by
// the third (a retry of a retry: the default allows two). Each worker is a `hyperprop worker`
// start (~0.55 s of CPU with its training thread and digits) and the pair each case had before
// waited ~4 s for both to start; three workers start once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
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

/** The node process running trial `number`, as the storage stamped it. */
async function ownerPid(schema: string, number: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ owner_pid: number }>(`SELECT owner_pid FROM ${schema}.trials WHERE number = $1`, [number]);
    return rows[0]!.owner_pid;
  } finally {
    await client.end();
  }
}

describe(`hyperprop worker --heartbeat-interval-ms ${INTERVAL_MS} --heartbeat-grace-ms ${GRACE_MS}`, () => {
  it("a SIGKILLed worker's trial is retried by another worker within 10 s; a SIGSTOPped one's (its pid alive, its beats gone) after the 2 s grace, within 10 s", { timeout: 150_000 }, async () => {
    const schema = nextSchema();
    const storage = `${url}?schema=${schema}`;
    const reader = new PostgresStorage(url, { schema });
    const trio = [worker(storage), worker(storage), worker(storage)];
    const running = async (number: number): Promise<Worker> => {
      const pid = await ownerPid(schema, number);
      return trio.find((w) => w.child.pid === pid)!;
    };
    /** Stops `runner` (running `number`) with `signal`; resolves the retry, its delay and the lost trial. */
    const stop = async (runner: Worker, number: number, signal: 'SIGKILL' | 'SIGSTOP'): Promise<{ afterMs: number; retry: FrozenTrial; lost: FrozenTrial }> => {
      runner.child.kill(signal);
      const killedAt = Date.now();
      const retry = await until(`the retry of trial ${number} to run`, 20_000, async () => (await reader.getTrials(study.id, ['running', 'complete'])).find((t) => t.systemAttrs['retryOf'] === number));
      const afterMs = Date.now() - killedAt;
      return { afterMs, retry, lost: await reader.getTrial(study.id, number) };
    };
    let study!: { id: number };
    try {
      await until('two workers to wait on the 1-trial budget while the third runs trial 0', 90_000, async () =>
        trio.filter((w) => w.output().includes('budget spent; waiting for 1 trials still open elsewhere')).length === 2 ? true : undefined,
      );
      study = (await reader.getStudy('kill'))!;
      const first = await running(0);
      expect((await reader.getTrial(study.id, 0)).state, first.output()).toBe('running');
      expect(first.output()).not.toContain('budget spent');

      const killed = await stop(first, 0, 'SIGKILL');
      console.log(`SIGKILL: retry running after ${killed.afterMs} ms`);
      expect(killed.afterMs).toBeLessThan(10_000);
      expect(killed.lost.state).toBe('failed');
      expect(killed.retry).toMatchObject({ seed: killed.lost.seed, systemAttrs: { retryOf: 0, retryCount: 1 } });

      // The retry (trial 1) runs in one of the two that waited; the other still waits.
      const second = await running(killed.retry.number);
      expect(second).not.toBe(first);
      // Stopped once it trains (an epoch reported), as the first was: not inside the claim, where
      // a stopped process would keep the study lock from the third.
      await until('the retry to report an epoch', 20_000, async () => (Object.keys((await reader.getTrial(study.id, killed.retry.number)).intermediate).length > 0 ? true : undefined));
      const stopped = await stop(second, killed.retry.number, 'SIGSTOP');
      console.log(`SIGSTOP: retry running after ${stopped.afterMs} ms`);
      expect(stopped.afterMs).toBeLessThan(10_000);
      // Its last beat came at most an interval before the stop: the grace, less that interval and
      // a margin, has to pass (with the dead-pid check it would be at once).
      expect(stopped.afterMs).toBeGreaterThan(GRACE_MS - INTERVAL_MS - 500);
      expect(stopped.lost).toMatchObject({ state: 'failed', systemAttrs: { failReason: `stale heartbeat: no beat for more than ${GRACE_MS} ms` } });
      expect(stopped.retry).toMatchObject({ seed: stopped.lost.seed, systemAttrs: { retryOf: killed.retry.number, retryCount: 2 } });
      const third = await running(stopped.retry.number);
      expect([first, second]).not.toContain(third);
    } finally {
      for (const w of trio) w.child.kill('SIGKILL');
      await reader.close();
    }
  });
});

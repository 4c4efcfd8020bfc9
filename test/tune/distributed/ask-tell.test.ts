// Heartbeats with ask/tell (where Optuna's do not reach): a process that asked a trial and holds
// it keeps it alive past the grace period by beating; killed, its trial is failed at once (its
// process is gone from this host) and comes back to the next ask, here, with the same parameters
// and a link.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../../src/tune/storage/postgres/postgres-storage.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { postgresStorages } from '../storage/pg-schemas.ts';

const { url, nextSchema } = postgresStorages('asktell');
const WORKER = fileURLToPath(new URL('../../fixtures/pg-ask-worker.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('ask/tell heartbeats across processes (PostgreSQL)', () => {
  it('a held trial outlives the grace period; its killed holder loses it to the next ask at once', async () => {
    const beat = { intervalMs: 100, graceMs: 1_500 };
    const schema = nextSchema();
    const storage = new PostgresStorage(url, { schema });
    const here = await createStudy({ name: 'held', storage, heartbeat: beat });
    const child = spawn(process.execPath, [WORKER, JSON.stringify({ url, schema, study: 'held', ...beat })], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      while (!stdout.includes('\n')) {
        if (child.exitCode !== null) throw new Error(`ask worker exited: ${stderr}`);
        await delay(20);
      }
      const [, numberText, xText] = stdout.trim().split(' ');
      const held = Number(numberText);

      // Alive and beating: past the grace period, another ask leaves it alone.
      await delay(beat.graceMs + 500);
      const other = await here.ask();
      expect(other.number).not.toBe(held);
      expect((await storage.getTrial(here.id, held)).state).toBe('running');
      await here.tell(other, 1);

      // Killed: its process is gone from this host, so the next ask takes the trial back at once,
      // well inside the grace period.
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const killedAt = Date.now();
      // An ask looks for dead trials at most once per heartbeat interval.
      await delay(beat.intervalMs);
      const retry = await here.ask();
      expect(Date.now() - killedAt).toBeLessThan(beat.graceMs);
      expect((await storage.getTrial(here.id, held)).systemAttrs['failReason']).toBe(`orphaned: its process (pid ${child.pid} on ${hostname()}) is gone`);
      expect((await retry.frozen()).systemAttrs['retryOf']).toBe(held);
      expect(await retry.suggestFloat('x', 0, 1)).toBe(Number(xText));
      expect((await here.tell(retry, 0.5)).state).toBe('complete');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await storage.close();
    }
  });
});

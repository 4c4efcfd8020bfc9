// Ctrl-C (SIGINT) and SIGTERM during `hyperprop tune`, through the real executable: the running
// trials are handed back to the study (failed as released, queued again), one line says so, the
// exit code is 130, the next run finishes the budget exactly; on a terminal (a pseudo-terminal
// from util-linux `script`), the cursor and line wrap that the progress bars turned off are on
// again at exit.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { BIN, ROOT } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRIALS = 4;
const hasScript = spawnSync('script', ['--version']).status === 0;

/**
 * Slow enough trials (~0.4 s, inline, epochs interleaved) that a signal finds them running: it
 * is sent as soon as the storage shows them running, so a trial needs only outlast the poll.
 */
function writeConfig(name: string, parallelism: number): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `data: { builtin: iris, split: { validation: 0.3, seed: 0 } }
tune:
  study: interrupted
  epochs: 100
  trials: ${TRIALS}
  seed: 3
  parallelism: ${parallelism}
  executor: inline
  space: { lr: { type: float, low: 0.01, high: 0.1, log: true }, units: 8 }
`,
  );
  return path;
}

/** Polls the file until `count` trials run; resolves the pid that runs them. */
async function running(db: string, count: number, alive: () => boolean): Promise<number> {
  for (;;) {
    if (!alive()) throw new Error('hyperprop tune exited before its trials ran');
    try {
      const file = new Database(db, { readonly: true, fileMustExist: true });
      const rows = file.prepare("SELECT * FROM trials WHERE state = 'running'").all() as { owner_pid: number }[];
      file.close();
      if (rows.length >= count) return rows[0]!.owner_pid;
    } catch {
      // Not created yet.
    }
    await delay(20);
  }
}

async function studyTrials(db: string) {
  const storage = new SqliteStorage(db);
  try {
    return await storage.getTrials((await storage.getStudy('interrupted'))!.id);
  } finally {
    await storage.close();
  }
}

describe('hyperprop tune interrupted', () => {
  for (const [signal, parallelism] of [['SIGINT', 2], ['SIGTERM', 1]] as const) {
    it(`${signal} with ${parallelism} running: hands them back, says so in one line, exits 130; the next run completes the budget exactly`, async () => {
      const config = writeConfig(`${signal}`, parallelism);
      const db = join(dir, `${signal}.db`);
      const child = spawn(process.execPath, [BIN, 'tune', config, '--storage', db], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, s) => resolve({ code, signal: s })));
      await running(db, parallelism, () => child.exitCode === null);
      child.kill(signal);
      expect(await exited, stderr).toEqual({ code: 130, signal: null });
      const noun = parallelism === 1 ? 'trial' : 'trials';
      expect(stderr.match(/^interrupted.*$/gm)).toEqual([`interrupted by ${signal}: ${parallelism} running ${noun} handed back to the study (queued again); run the same command to resume`]);
      expect(stdout).not.toMatch(/^interrupted by/m);

      const after = await studyTrials(db);
      const released = after.filter((t) => t.state === 'failed');
      expect(released).toHaveLength(parallelism);
      for (const t of released) expect(t.systemAttrs).toMatchObject({ orphaned: true, failReason: `released: interrupted by ${signal}` });
      expect(after.filter((t) => t.state === 'running')).toEqual([]);
      const queued = after.filter((t) => t.state === 'waiting');
      expect(queued.map((t) => t.systemAttrs['retryOf']).sort()).toEqual(released.map((t) => t.number).sort());

      // The resume is an ordinary run on the file (the signal was the process's part): in
      // process, through the CLI's own entry, without another Node start-up.
      const again = await hyperpropInProcess(['tune', config, '--storage', db, '--quiet']);
      expect(again.code, again.stderr).toBe(0);
      const final = await studyTrials(db);
      expect(final.filter((t) => t.state === 'complete')).toHaveLength(TRIALS);
      // The handed-back trials ran again with their parameters.
      for (const t of queued) expect(final[t.number]!.state).toBe('complete');
    }, 60_000);
  }

  it.skipIf(!hasScript)('on a terminal, Ctrl-C leaves the cursor shown and line wrap on', async () => {
    const config = writeConfig('tty', 1);
    const db = join(dir, 'tty.db');
    // `script` gives the command a pseudo-terminal, so the progress bars draw; its output is the terminal's.
    const child = spawn('script', ['-qefc', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} tune ${JSON.stringify(config)} --storage ${JSON.stringify(db)}`, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const pid = await running(db, 1, () => child.exitCode === null);
    // Wait for the bars to draw (they hide the cursor) before the signal.
    while (!screen.includes('\x1b[?25l')) await delay(20);
    process.kill(pid, 'SIGINT');
    expect(await exited, screen).toBe(130);
    expect(screen).toContain('interrupted by SIGINT: 1 running trial handed back to the study');
    expect(screen.lastIndexOf('\x1b[?25h')).toBeGreaterThan(screen.lastIndexOf('\x1b[?25l'));
    expect(screen.lastIndexOf('\x1b[?7h')).toBeGreaterThan(screen.lastIndexOf('\x1b[?7l'));
    expect(screen.lastIndexOf('\x1b[?7l')).toBeGreaterThanOrEqual(0);
  }, 60_000);
});

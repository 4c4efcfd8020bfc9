// `hyperprop tune` on SQLite, killed with SIGKILL at seeded random moments and run again, four
// times, then run to its end, as users run it (the real executable in child processes): the study
// holds exactly its budget of complete trials (every grid point exactly once), each killed run's
// running trials are failed as orphans and re-run in their retries, nothing is left running, and
// the file passes PRAGMA integrity_check.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/random/seeded-random.ts';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { BIN, hyperprop, ROOT } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-tune-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each kill costs a `hyperprop tune` start (~0.35 s of CPU before any trial), so a study takes
// one kill of each kind of moment: at any moment of a run on a new file (creating the file or
// the study), inside trials after that, at any moment of a run that resumes (reaping the orphans
// the last kill left), inside trials after a resumed start. The last run resumes after a kill
// inside trials.
const KILLS = 4;
/**
 * The budget, and the grid's size (5 × 8 points). A kill is a signal sent after the output or a
 * poll of the file showed the moment, and meanwhile trials go on finishing (~15 ms each, two at
 * a time): one run of 20 had 16 finished before its fourth kill, and the 4 left ended the run
 * before a running trial was seen. 40 leaves that kill 20 or more to land in.
 */
const N = 40;
/** A finished trial's row in the plain-lines progress table. */
const ROW = /^ +\d+ +(complete|pruned|failed|diverged) /gm;

interface Scenario {
  sampler: 'random' | 'grid';
  parallelism: 1 | 2;
  seed: number;
}

function writeConfig(s: Scenario): string {
  const space =
    s.sampler === 'grid'
      ? '{ lr: { type: categorical, choices: [0.01, 0.02, 0.04, 0.07, 0.1] }, units: { type: categorical, choices: [4, 5, 6, 7, 8, 9, 10, 11] } }'
      : '{ lr: { type: float, low: 0.01, high: 0.1, log: true }, units: { type: int, low: 4, high: 16 } }';
  const path = join(dir, `${s.sampler}-${s.parallelism}.yaml`);
  // ~20 ms trials, inline (two at a time interleave epochs): kills land inside trials.
  writeFileSync(
    path,
    `data: { builtin: iris, split: { validation: 0.3, seed: 0 } }
tune:
  study: crash
  epochs: 15
  seed: 7
  ${s.sampler === 'grid' ? '' : `trials: ${N}`}
  parallelism: ${s.parallelism}
  executor: inline
  sampler: { type: ${s.sampler} }
  space: ${space}
`,
  );
  return path;
}

/** Whether the file shows a trial running in process `pid` (a kill now leaves it orphaned). */
function runsTrial(db: string, pid: number): boolean {
  try {
    const file = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return file.prepare("SELECT 1 FROM trials WHERE state = 'running' AND owner_pid = ?").get(pid) !== undefined;
    } finally {
      file.close();
    }
  } catch {
    // The run has not made the file or its tables yet.
    return false;
  }
}

/**
 * Runs `hyperprop tune` and kills it with SIGKILL. From the start (`afterRows` undefined):
 * `delayMs` after it started, or at the latest when the run's first trial finishes: however fast
 * the CLI starts, it lands in the start-up (creating the file or the study, resuming) or at a
 * trial, never after a run that ended by itself. Inside trials: once it printed `afterRows`
 * finished trials, at the first look (every 5 ms) that finds one of its trials running in the
 * file. (A delay of up to 40 ms after the row, here before, could land between two trials at
 * parallelism 1: all four kills of a study then left no orphan, seen once in three runs on a
 * busy machine.) Resolves how it ended.
 */
function runAndKill(config: string, db: string, afterRows: number | undefined, delayMs: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'tune', config, '--storage', db], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let watching: NodeJS.Timeout | undefined;
    const watch = (): void => {
      watching ??= setInterval(() => {
        if (runsTrial(db, child.pid!)) child.kill('SIGKILL');
      }, 5);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const rows = output.match(ROW)?.length ?? 0;
      if (afterRows !== undefined && rows >= afterRows) watch();
      if (afterRows === undefined && rows >= 1) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = afterRows === undefined ? setTimeout(() => child.kill('SIGKILL'), delayMs) : undefined;
    child.on('exit', (code, signal) => {
      clearInterval(watching);
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describe.concurrent('hyperprop tune killed with SIGKILL and run again', () => {
  const scenarios: Scenario[] = [
    { sampler: 'random', parallelism: 1, seed: 1 },
    { sampler: 'random', parallelism: 2, seed: 2 },
    { sampler: 'grid', parallelism: 2, seed: 3 },
  ];
  for (const scenario of scenarios) {
    it(`${scenario.sampler} sampler, ${scenario.parallelism} at a time: ${KILLS} kills, then exactly ${N} complete trials${scenario.sampler === 'grid' ? ', each grid point once' : ''}`, async () => {
      const config = writeConfig(scenario);
      const db = join(dir, `${scenario.sampler}-${scenario.parallelism}.db`);
      const random = new SeededRandom(scenario.seed);
      for (let kill = 0; kill < KILLS; kill++) {
        // Kills 0 and 2 come at any moment from the start (creating the file or the study,
        // resuming); 1 and 3 inside trials, once this run has finished its first trials (a
        // retry is claimed first, and a trial's parameters are retried twice at most).
        const fromStart = kill % 2 === 0;
        const end = await runAndKill(config, db, fromStart ? undefined : scenario.parallelism + random.below(2), fromStart ? random.uniform() * 3_000 : 0);
        expect(end.signal, `run ${kill} ended by itself (code ${end.code}): ${end.output}`).toBe('SIGKILL');
      }
      const last = await hyperprop(['tune', config, '--storage', db]);
      expect(last.code, last.stderr).toBe(0);

      const file = new Database(db, { readonly: true });
      expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
      file.close();
      const storage = new SqliteStorage(db);
      try {
        const study = (await storage.getStudy('crash'))!;
        const trials = await storage.getTrials(study.id);
        const complete = trials.filter((t) => t.state === 'complete');
        const failed = trials.filter((t) => t.state === 'failed');
        expect(complete).toHaveLength(N);
        expect(complete.length + failed.length).toBe(trials.length);
        // Every failed trial is a killed run's orphan, re-run in a retry that carries its
        // parameters; each of the two kills inside trials left one at least.
        expect(failed.length).toBeGreaterThanOrEqual(2);
        expect(failed.length).toBeLessThanOrEqual(KILLS * scenario.parallelism);
        for (const orphan of failed) {
          expect(orphan.systemAttrs).toMatchObject({ orphaned: true });
          expect(String(orphan.systemAttrs['failReason'])).toMatch(/^orphaned: its process \(pid \d+ on .+\) is gone$/);
          expect(trials.filter((t) => t.systemAttrs['retryOf'] === orphan.number)).toHaveLength(1);
        }
        expect(await storage.countTrials(study.id, { excludeOrphans: true })).toBe(N);
        if (scenario.sampler === 'grid') {
          expect(complete.map((t) => t.systemAttrs['gridIndex'] as number).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i));
          expect(new Set(complete.map((t) => `${t.params['lr']}/${t.params['units']}`)).size).toBe(N);
        }
        console.log(`${scenario.sampler}, parallelism ${scenario.parallelism}: ${KILLS} kills left ${failed.length} orphans; ${complete.length} complete of ${trials.length} trials`);
      } finally {
        await storage.close();
      }
    }, 180_000);
  }
});

// Storage at scale: what one trivial trial costs as its study grows, on SQLite and PostgreSQL.
// A trial = ask + suggestFloat + 3 reports, each followed by a median pruner's check + tell, timed
// at 100, 1,000, 6,000 and 20,000 finished trials. The study is filled in bulk through the
// storage API (importTrials, one transaction per chunk), not by running trials; the time the
// study object takes to read a study it has not seen yet is shown apart ("first read").
//
// Standalone: npx tsx bench/tune-scale.ts [--levels 100,1000,6000,20000] [--trials 50]
//   [--backends sqlite,postgres] [--pg-durable] [--pg-async-commit] [--json FILE]; also the `scale`
// section of bench:tune. PostgreSQL is the embedded server the tests use (or PG_TEST_URL's):
// without --pg-durable it runs without fsync and with synchronous_commit off, as the tests' server
// does; --pg-durable keeps a user's server's defaults, so each committed write waits for its WAL
// flush; --pg-async-commit gives the storage synchronousCommit: 'off' (its own sessions only:
// what SQLite's WAL mode with synchronous=NORMAL does).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { MedianPruner } from '../src/tune/pruners/median-pruner.ts';
import { RandomSampler } from '../src/tune/samplers/random.ts';
import { PostgresStorage } from '../src/tune/storage/postgres/postgres-storage.ts';
import { SqliteStorage } from '../src/tune/storage/sqlite-storage.ts';
import { createStudy, type Study } from '../src/tune/study.ts';
import type { FrozenTrial, Storage } from '../src/tune/types.ts';
import { startEmbeddedPostgres } from '../test/setup/embedded-postgres.ts';
import { median } from './tune-problems.ts';

export type ScaleBackend = 'sqlite' | 'postgres';

export interface ScaleRow {
  backend: ScaleBackend;
  /** The level the study was filled to (finished adds the warm-up trials). */
  level: number;
  /** Finished trials in the study when the timed trials started. */
  finished: number;
  trials: number;
  msPerTrialMedian: number;
  msPerTrialMean: number;
  msPerTrialP90: number;
  msPerTrialMin: number;
  /** This process's CPU time per trial (user + system), ms: what other work on the machine does not inflate. */
  cpuMsPerTrial: number;
  /** Pruned among the timed trials (the pruner really decides). */
  pruned: number;
  /** The study object's first read of the trials added since the level before, ms. */
  firstReadMs: number;
  /** Trials the storage's reads returned per timed trial: flat when only what changed is read. */
  trialsReadPerTrial: number;
  /** PostgreSQL only: median of 20 `SELECT 1` round trips just before, ms. */
  roundTripMs?: number;
  /** PostgreSQL only: messages (round trips) the storage sent per timed trial; one may hold a few statements (a lock call and a claim). */
  statementsPerTrial?: number;
  /** PostgreSQL started by the bench on Linux only: its processes' CPU time per timed trial, ms. */
  serverCpuMsPerTrial?: number;
  /** PostgreSQL only: whether the server kept fsync and synchronous_commit on (--pg-durable). */
  durable?: boolean;
  /** PostgreSQL only: the storage's sessions ran with synchronous_commit off (--pg-async-commit). */
  asyncCommit?: boolean;
}

export interface ScaleOptions {
  levels: readonly number[];
  trials: number;
  backends: readonly ScaleBackend[];
  /** Start the embedded PostgreSQL with its default durability (fsync, synchronous_commit on). */
  pgDurable?: boolean;
  /** The storage's own option synchronousCommit: 'off' (its sessions only; the server keeps its settings). */
  pgAsyncCommit?: boolean;
  log?: (line: string) => void;
}

/** What the bench can observe of a PostgreSQL server besides the storage. */
interface ServerProbes {
  /** One `SELECT 1` round trip on a connection of its own. */
  ping: () => Promise<unknown>;
  /** Statements sent so far by every pg client of this process. */
  statements: () => number;
  /** CPU ms the server's processes have used so far, when they can be read. */
  serverCpuMs?: () => number;
  durable: boolean;
}

/** REFERENCE figures: the same trial before this change (SQLite), and Optuna 3.1 on SQLite. */
export const SCALE_BEFORE_SQLITE_MS: Readonly<Record<number, number>> = { 100: 6.7, 1000: 22, 3000: 53, 6000: 104 };
export const SCALE_OPTUNA = 'Optuna 3.1 SQLite: 16-20 ms per ask+tell at 100-2,000 trials';
export const SCALE_BAR_MS = 5;

const FILL_CHUNK = 1000;

/** A finished trial as if run by the benchmark's objective: 3 reports, a value; every 3rd pruned. */
function filler(number: number, seed: number): FrozenTrial {
  const x = ((number * 7919 + 13) % 10007) / 10007;
  const pruned = number % 3 === 2;
  const intermediate: Record<number, number> = pruned ? { 0: x + 2 } : { 0: x + 2, 1: x + 1, 2: x };
  return {
    number,
    state: pruned ? 'pruned' : 'complete',
    params: { x },
    distributions: { x: { type: 'float', low: 0, high: 1, log: false } },
    value: pruned ? x + 2 : x,
    values: [pruned ? x + 2 : x],
    intermediate,
    seed,
    startedAt: 1_700_000_000_000 + number,
    completedAt: 1_700_000_000_001 + number,
    userAttrs: {},
    systemAttrs: {},
  };
}

async function fillTo(storage: Storage, study: Study, target: number): Promise<void> {
  let next = await storage.countTrials(study.id);
  while (next < target) {
    const chunk: FrozenTrial[] = [];
    for (; next < target && chunk.length < FILL_CHUNK; next += 1) chunk.push(filler(next, next));
    await storage.importTrials(study.id, chunk);
  }
}

/** One timed trial: ask, suggest, 3 × (report, prune check), tell. Returns ms and whether pruned. */
async function oneTrial(study: Study): Promise<{ ms: number; pruned: boolean }> {
  const start = performance.now();
  const trial = await study.ask();
  const x = await trial.suggestFloat('x', 0, 1);
  let pruned = false;
  for (let step = 0; step < 3; step += 1) {
    await trial.report(x + 2 - step, step);
    if (await trial.shouldPrune()) pruned = true;
  }
  await study.tell(trial, pruned ? 'pruned' : x);
  return { ms: performance.now() - start, pruned };
}

/** The storage, counting the trials its reads return (getTrial, getTrials, getTrialsFrom). */
function counted(storage: Storage): { storage: Storage; read: () => number } {
  let read = 0;
  const view = Object.create(storage) as Storage;
  view.getTrial = async (...args) => {
    read += 1;
    return storage.getTrial(...args);
  };
  view.getTrials = async (...args) => {
    const trials = await storage.getTrials(...args);
    read += trials.length;
    return trials;
  };
  view.getTrialsFrom = async (...args) => {
    const trials = await storage.getTrialsFrom(...args);
    read += trials.length;
    return trials;
  };
  return { storage: view, read: () => read };
}

/** Counts the statements every pg client of this process sends (the bench's pings are sent outside the timed trials). */
function countStatements(): { sent: () => number; restore: () => void } {
  const query = pg.Client.prototype.query;
  let sent = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    sent += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return { sent: () => sent, restore: () => (pg.Client.prototype.query = query) };
}

/**
 * The CPU time (user + system, ms) of a local server's postmaster and its children (backends
 * and background processes), read from /proc: its pid is the first line of postmaster.pid.
 * Undefined where /proc cannot be read.
 */
export function serverCpuReader(dataDir: string): (() => number) | undefined {
  if (process.platform !== 'linux') return undefined;
  const ticks = 100; // USER_HZ: /proc/<pid>/stat counts in 1/100 s on Linux
  return () => {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let sum = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // the process ended meanwhile
      }
      // Fields after the command name (which may hold spaces): state, ppid, ..., utime (14th), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === postmaster || Number(fields[1]) === postmaster) sum += Number(fields[11]) + Number(fields[12]);
    }
    return (sum * 1000) / ticks;
  };
}

async function runBackend(backend: ScaleBackend, plain: Storage, options: ScaleOptions, probes?: ServerProbes): Promise<ScaleRow[]> {
  const log = options.log ?? (() => undefined);
  const { storage, read } = counted(plain);
  const study = await createStudy({ storage, name: `scale-${backend}`, seed: 1, sampler: new RandomSampler({ seed: 1 }), pruner: new MedianPruner({ nStartupTrials: 5 }) });
  const rows: ScaleRow[] = [];
  for (const level of options.levels) {
    const fillStart = performance.now();
    await fillTo(storage, study, level);
    log(`${backend}: filled to ${level} trials in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);
    const firstReadStart = performance.now();
    await study.getTrials(['running']);
    const firstReadMs = performance.now() - firstReadStart;
    // Warm-up: every pooled PostgreSQL connection prepares each statement on its first use.
    for (let i = 0; i < 20; i += 1) await oneTrial(study);
    const pings: number[] = [];
    for (let i = 0; i < 20 && probes !== undefined; i += 1) {
      const pingStart = performance.now();
      await probes.ping();
      pings.push(performance.now() - pingStart);
    }
    const finished = await storage.countTrials(study.id);
    const times: number[] = [];
    let pruned = 0;
    // The server's CPU is read from /proc before this process's clock starts and after it stops:
    // the reads cost this process tens of ms on a busy machine.
    const serverCpuStart = probes?.serverCpuMs?.();
    const cpuStart = process.cpuUsage();
    const readStart = read();
    const statementsStart = probes?.statements() ?? 0;
    for (let i = 0; i < options.trials; i += 1) {
      const r = await oneTrial(study);
      times.push(r.ms);
      if (r.pruned) pruned += 1;
    }
    const cpu = process.cpuUsage(cpuStart);
    const trialsRead = read() - readStart;
    const statementsSent = (probes?.statements() ?? 0) - statementsStart;
    const serverCpu = serverCpuStart === undefined ? undefined : probes!.serverCpuMs!() - serverCpuStart;
    const sorted = [...times].sort((a, b) => a - b);
    rows.push({
      backend,
      level,
      finished,
      trials: options.trials,
      msPerTrialMedian: median(times),
      msPerTrialMean: times.reduce((s, t) => s + t, 0) / times.length,
      msPerTrialP90: sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))]!,
      msPerTrialMin: sorted[0]!,
      cpuMsPerTrial: (cpu.user + cpu.system) / 1000 / options.trials,
      trialsReadPerTrial: trialsRead / options.trials,
      pruned,
      firstReadMs,
      ...(pings.length === 0 ? {} : { roundTripMs: median(pings) }),
      ...(probes === undefined ? {} : { statementsPerTrial: statementsSent / options.trials, durable: probes.durable, asyncCommit: options.pgAsyncCommit === true }),
      ...(serverCpu === undefined ? {} : { serverCpuMsPerTrial: serverCpu / options.trials }),
    });
    log(`${backend} @ ${finished}: ${rows.at(-1)!.msPerTrialMedian.toFixed(2)} ms/trial (median of ${options.trials})`);
  }
  return rows;
}

export async function scaleBenchmark(options: ScaleOptions): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hyperprop-bench-scale-'));
  try {
    if (options.backends.includes('sqlite')) {
      const storage = new SqliteStorage(join(dir, 'scale.db'));
      try {
        rows.push(...(await runBackend('sqlite', storage, options)));
      } finally {
        await storage.close();
      }
    }
    if (options.backends.includes('postgres')) {
      const external = process.env['PG_TEST_URL'];
      chmodSync(dir, 0o755);
      const durable = options.pgDurable === true;
      const server = external === undefined || external === '' ? await startEmbeddedPostgres(join(dir, 'pg'), { durable }) : undefined;
      const url = server?.url ?? external!;
      const storage = new PostgresStorage(url, { schema: `bench_scale_${process.pid}`, ...(options.pgAsyncCommit === true ? { synchronousCommit: 'off' as const } : {}) });
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const counter = countStatements();
      try {
        const serverCpuMs = server === undefined ? undefined : serverCpuReader(join(dir, 'pg'));
        const probes: ServerProbes = { ping: () => client.query('SELECT 1'), statements: counter.sent, durable: server === undefined ? true : durable, ...(serverCpuMs === undefined ? {} : { serverCpuMs }) };
        rows.push(...(await runBackend('postgres', storage, options, probes)));
      } finally {
        counter.restore();
        await client.end();
        await storage.close();
        await server?.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function printScale(rows: readonly ScaleRow[]): void {
  console.log('\n## Storage at scale: one trial (ask + 3 reports with median-pruner checks + tell), ms');
  console.log('(measured while other work shared the 2 cores; median of the timed trials)\n');
  console.log('| storage | finished trials | median | mean | min | p90 | CPU of this process | CPU of the server | trials read per trial | pruned | first read of the new trials (ms) | SELECT 1 round trip | messages per trial | before (SQLite) | bar |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const before = r.backend === 'sqlite' && SCALE_BEFORE_SQLITE_MS[r.level] !== undefined ? `${SCALE_BEFORE_SQLITE_MS[r.level]}` : '';
    const bar = r.level >= 20_000 ? `≤ ${SCALE_BAR_MS}: ${r.msPerTrialMedian <= SCALE_BAR_MS ? 'yes' : 'NO'}` : '';
    const storage = r.backend !== 'postgres' ? r.backend : r.durable === false ? 'postgres (test server: fsync off)' : r.asyncCommit === true ? 'postgres (durable server, synchronousCommit off)' : 'postgres (durable server)';
    console.log(
      `| ${storage} | ${r.finished} | ${r.msPerTrialMedian.toFixed(2)} | ${r.msPerTrialMean.toFixed(2)} | ${r.msPerTrialMin.toFixed(2)} | ${r.msPerTrialP90.toFixed(2)} | ${r.cpuMsPerTrial.toFixed(2)} | ${r.serverCpuMsPerTrial === undefined ? '' : r.serverCpuMsPerTrial.toFixed(2)} | ${r.trialsReadPerTrial.toFixed(1)} | ${r.pruned}/${r.trials} | ${r.firstReadMs.toFixed(0)} | ${r.roundTripMs === undefined ? '' : r.roundTripMs.toFixed(2)} | ${r.statementsPerTrial === undefined ? '' : r.statementsPerTrial.toFixed(1)} | ${before} | ${bar} |`,
    );
  }
  console.log(`\nBefore (SQLite, the same trial): 6.7 / 22 / 53 / 104 ms at 100 / 1,000 / 3,000 / 6,000 trials. ${SCALE_OPTUNA}.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      levels: { type: 'string', default: '100,1000,6000,20000' },
      trials: { type: 'string', default: '50' },
      backends: { type: 'string', default: 'sqlite,postgres' },
      'pg-durable': { type: 'boolean', default: false },
      'pg-async-commit': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const backends = values.backends!.split(',');
  for (const b of backends) if (b !== 'sqlite' && b !== 'postgres') throw new RangeError(`--backends must list sqlite and/or postgres, got ${JSON.stringify(b)}`);
  const rows = await scaleBenchmark({
    levels: values.levels!.split(',').map(Number),
    trials: Number(values.trials),
    backends: backends as ScaleBackend[],
    pgDurable: values['pg-durable'] === true,
    pgAsyncCommit: values['pg-async-commit'] === true,
    log: (line) => console.error(line),
  });
  printScale(rows);
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(rows, null, 2)}\n`);
}

// npm run bench:distributed [-- --workers 8 --trials 2000 --parallelism 1 --json FILE]
// Load on the PostgreSQL store: `workers` processes share one study of workers × trials trivial
// trials (x² of one suggested float) through runWorker. Reports the store's throughput (complete
// trials per second of the database clock, first start to last finish), trials lost (budget −
// complete) and duplicated (started by two workers, or finished more often than stored), and each
// worker's RSS over the run (flat memory: last sample against the one at 10 % of the run).
// The server is a throwaway embedded PostgreSQL 18 (fsync off) unless BENCH_PG_URL names one.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PostgresStorage } from '../src/tune/storage/postgres/postgres-storage.ts';
import { createStudy } from '../src/tune/study.ts';
import { startEmbeddedPostgres } from '../test/setup/embedded-postgres.ts';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '8' },
    trials: { type: 'string', default: '2000' },
    parallelism: { type: 'string', default: '1' },
    json: { type: 'string', default: join('bench', 'results', 'distributed-load.json') },
  },
});
const workers = Number(args.workers);
const perWorker = Number(args.trials);
const parallelism = Number(args.parallelism);
const total = workers * perWorker;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER = fileURLToPath(new URL('./distributed-load-worker.ts', import.meta.url));

interface WorkerRun {
  rss: number[];
  summary: { finished: Record<string, number>; lost: number; started: number[] } | undefined;
  code: number | null;
  stderr: string;
}

function runWorkerProcess(config: object): Promise<WorkerRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: WorkerRun = { rss: [], summary: undefined, code: null, stderr: '' };
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('rss ')) run.rss.push(Number(line.slice(4)));
        if (line.startsWith('summary ')) run.summary = JSON.parse(line.slice(8)) as WorkerRun['summary'];
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ ...run, code }));
  });
}

const external = process.env['BENCH_PG_URL'];
let dir: string | undefined;
let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
if (external === undefined || external === '') {
  dir = await mkdtemp(join(tmpdir(), 'hyperprop-bench-pg-'));
  await chmod(dir, 0o755);
  server = await startEmbeddedPostgres(join(dir, 'data'));
}
const url = external || server!.url;
const schema = `load_${Date.now()}`;
const storage = new PostgresStorage(url, { schema });
const study = await createStudy({ name: 'load', storage });
await study.setUserAttr('maxTrials', total);

console.log(`${workers} workers × ${perWorker} trials (parallelism ${parallelism}) on one study of ${total}`);
const wall = Date.now();
const runs = await Promise.all(Array.from({ length: workers }, () => runWorkerProcess({ url, schema, study: 'load', parallelism })));
const wallSeconds = (Date.now() - wall) / 1000;

const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows: states } = await client.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM ${schema}.trials GROUP BY state ORDER BY state`);
const { rows: span } = await client.query<{ first: string; last: string }>(`SELECT min(started_at) AS first, max(completed_at) AS last FROM ${schema}.trials WHERE state = 'complete'`);
await client.end();
const byState = Object.fromEntries(states.map((r) => [r.state, Number(r.n)]));
const complete = byState['complete'] ?? 0;
const storeSeconds = (Number(span[0]!.last) - Number(span[0]!.first)) / 1000;
const started = runs.flatMap((r) => r.summary?.started ?? []);
const startedTwice = started.length - new Set(started).size;
const finishedByWorkers = runs.reduce((sum, r) => sum + (r.summary?.finished['complete'] ?? 0), 0);
const rows = runs.map((r, i) => {
  const at10 = r.rss[Math.floor(r.rss.length / 10)] ?? r.rss[0] ?? 0;
  const last = r.rss.at(-1) ?? 0;
  return {
    worker: i,
    exit: r.code,
    complete: r.summary?.finished['complete'] ?? 0,
    'rss at 10% (MB)': +(at10 / 2 ** 20).toFixed(1),
    'rss last (MB)': +(last / 2 ** 20).toFixed(1),
    'rss max (MB)': +(Math.max(...r.rss) / 2 ** 20).toFixed(1),
    samples: r.rss.length,
  };
});
console.table(rows);
const result = {
  workers,
  perWorker,
  parallelism,
  total,
  states: byState,
  lost: total - complete,
  duplicated: startedTwice + Math.max(0, finishedByWorkers - complete),
  storeTrialsPerSecond: +(complete / storeSeconds).toFixed(1),
  wallSeconds: +wallSeconds.toFixed(1),
  workersRss: rows,
};
console.log(
  `store: ${complete} complete in ${storeSeconds.toFixed(1)} s = ${result.storeTrialsPerSecond} trials/s (wall ${result.wallSeconds} s with process start-up); lost ${result.lost}, duplicated ${result.duplicated}; states ${JSON.stringify(byState)}`,
);
for (const r of runs) if (r.code !== 0) console.log(`worker failed (${r.code}): ${r.stderr.slice(-2000)}`);
await mkdir(join('bench', 'results'), { recursive: true });
await writeFile(args.json, JSON.stringify(result, null, 2));
await storage.close();
if (server !== undefined) await server.stop();
if (dir !== undefined) await rm(dir, { recursive: true, force: true });

// One worker process of bench/distributed-load.ts: runWorker on a trivial objective, printing its
// RSS every 500 ms ("rss N") and a summary line at the end. Config: JSON in argv[2].
import { runWorker } from '../src/tune/distributed/run-worker.ts';
import { PostgresStorage } from '../src/tune/storage/postgres/postgres-storage.ts';

const { url, schema, study, parallelism } = JSON.parse(process.argv[2]!) as { url: string; schema: string; study: string; parallelism: number };
const storage = new PostgresStorage(url, { schema, poolSize: 4 });
const started: number[] = [];
const sampler = setInterval(() => process.stdout.write(`rss ${process.memoryUsage().rss}\n`), 500);
const summary = await runWorker({
  storage,
  study,
  parallelism,
  heartbeat: { intervalMs: 1_000, graceMs: 30_000 },
  objective: async (trial) => {
    started.push(trial.number);
    const x = await trial.suggestFloat('x', -1, 1);
    return x * x;
  },
});
clearInterval(sampler);
await storage.close();
process.stdout.write(`summary ${JSON.stringify({ ...summary, started, rss: process.memoryUsage().rss })}\n`, () => process.exit(0));

// npx tsx examples/serve/load-test.ts [--connections 50] [--duration 10] [--json FILE]
// Starts examples/serve/server.ts in its own process and loads it flat out with autocannon (50
// concurrent connections, each sending its next request when the last is answered, one digits
// row per request; autocannon runs on the other core). Prints predictions/s and the latency
// percentiles beside the goals (≥ 10,000 predictions/s with p99 ≤ 5 ms). A saturated server's
// latency is mostly its queue (50 connections / throughput), so the two goals move together.
// Then it sends malformed requests: each must get a 4xx with its message, and the server must
// still answer afterwards. Exit status 1 if any request failed or got the wrong status.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadDigitsSplit } from 'hyperprop';
import { startServer } from './start-server.ts';

const { values } = parseArgs({ options: { connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' }, json: { type: 'string' } } });
const { child: server, base } = await startServer([], { log: (line) => console.log(`server: ${line}`) });

try {
  const { test } = loadDigitsSplit();
  const body = JSON.stringify({ inputs: Array.from(test.x.subarray(0, 64)) });
  const load = (duration: number) =>
    autocannon({ url: `${base}/predict`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: Number(values.connections), duration });
  await load(2); // warm-up: JIT, sockets
  const result = await load(Number(values.duration));
  const rate = result.requests.average;
  const { p50, p90, p99 } = result.latency;
  console.log(`\n${values.connections} connections, ${values.duration} s, 1 prediction per request`);
  console.log('| predictions/s (mean) | p50 ms | p90 ms | p99 ms | errors | non-2xx | goal |');
  console.log('|---:|---:|---:|---:|---:|---:|---|');
  console.log(`| ${Math.round(rate)} | ${p50} | ${p90} | ${p99} | ${result.errors} | ${result.non2xx} | ≥ 10,000/s ${rate >= 10_000 ? 'met' : 'MISSED'}; p99 ≤ 5 ms ${p99 <= 5 ? 'met' : 'MISSED'} |`);

  const bad: [string, string, number][] = [
    ['not JSON', '{"inputs": [1, 2,', 400],
    ['a row of the wrong length', JSON.stringify({ inputs: [1, 2, 3] }), 400],
    ['a non-number', JSON.stringify({ inputs: [...Array(63).fill(0), 'x'] }), 400],
    ['no inputs', JSON.stringify({ rows: [] }), 400],
    ['too many rows', JSON.stringify({ inputs: Array(65).fill(Array(64).fill(0)) }), 413],
  ];
  console.log('\nmalformed requests');
  let failures = result.errors + result.non2xx;
  for (const [what, text, expected] of bad) {
    const response = await fetch(`${base}/predict`, { method: 'POST', body: text, headers: { 'content-type': 'application/json' } });
    const answer = (await response.json()) as { error?: string };
    const ok = response.status === expected;
    if (!ok) failures++;
    console.log(`  ${what}: ${response.status} ${answer.error}${ok ? '' : ` (expected ${expected})`}`);
  }
  const after = await fetch(`${base}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  console.log(`  then a good request: ${after.status} ${JSON.stringify(((await after.json()) as { labels: number[] }).labels)}`);
  if (after.status !== 200) failures++;
  if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify({ connections: Number(values.connections), duration: Number(values.duration), predictionsPerSecond: rate, p50, p90, p99, errors: result.errors, non2xx: result.non2xx }, null, 2)}\n`);
  process.exitCode = failures === 0 ? 0 : 1;
} finally {
  server.kill('SIGTERM');
}

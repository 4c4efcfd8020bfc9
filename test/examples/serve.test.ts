// The serving example (examples/serve/server.ts) in its own process: predictions equal the
// model's own, malformed requests get a 4xx with a message naming the field, and the server
// answers again afterwards.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../examples/serve/start-server.ts';
import { exampleArgs } from '../fixtures/compiled-entry.ts';
import { loadDigitsSplit, MinMaxScaler, MLP, saveModel } from '../../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-serve-'));
const { train, test } = loadDigitsSplit();
const scaler = new MinMaxScaler().fit(train.x, train.features);
const model = new MLP({ inputs: 64, layers: [{ units: 16, activation: 'relu' }, { units: 10, activation: 'softmax' }], seed: 1 });
model.fit(scaler.transform(train.x), train.y, { epochs: 2, batchSize: 64, monitorGradients: false });
const path = join(dir, 'model.json');
saveModel(model, path, { scaler });

let server: ChildProcess;
let base = '';
beforeAll(async () => {
  // server.ts as `npx tsx` runs it, without tsx's loader in the process while dist/ is current
  // (compiled-entry.ts: types erased, nothing else rewritten; 'hyperprop' the same bundle).
  ({ child: server, base } = await startServer([path], { script: await exampleArgs('examples/serve/server.ts') }));
}, 60_000);
afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const post = async (body: string) => {
  const response = await fetch(`${base}/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.status, json: (await response.json()) as { labels?: number[]; probabilities?: number[][]; error?: string } };
};

describe('examples/serve', () => {
  it('answers one row or several with the model’s own probabilities and labels', async () => {
    const rows = [0, 1, 2].map((r) => Array.from(test.x.subarray(r * 64, (r + 1) * 64)));
    const expected = model.predictProba(scaler.transform(test.x.subarray(0, 3 * 64)));
    const one = await post(JSON.stringify({ inputs: rows[0] }));
    expect(one.status).toBe(200);
    expect(one.json.probabilities).toHaveLength(1);
    const many = await post(JSON.stringify({ inputs: rows }));
    expect(many.status).toBe(200);
    many.json.probabilities!.forEach((p, r) => {
      p.forEach((v, j) => expect(v).toBeCloseTo(expected[r * 10 + j]!, 5));
      expect(many.json.labels![r]).toBe(p.indexOf(Math.max(...p)));
    });
  });

  it('answers malformed requests with a 4xx naming the field, and keeps serving', async () => {
    const cases: [string, number, string][] = [
      ['{"inputs": [1, 2', 400, 'body must be JSON'],
      [JSON.stringify({ inputs: [1, 2, 3] }), 400, 'inputs must be an array of 64 numbers, got 3 values'],
      [JSON.stringify({ inputs: [[...Array(64).fill(0)], [...Array(63).fill(0), null]] }), 400, 'inputs[1][63] must be a finite number, got null'],
      [JSON.stringify([1, 2]), 400, 'body must be a JSON object'],
      [JSON.stringify({ inputs: Array(65).fill(Array(64).fill(0)) }), 413, 'inputs must hold at most 64 rows, got 65'],
    ];
    for (const [body, status, message] of cases) {
      const answer = await post(body);
      expect(answer.status, body.slice(0, 40)).toBe(status);
      expect(answer.json.error).toContain(message);
    }
    expect((await fetch(`${base}/predict`)).status).toBe(405);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await post(JSON.stringify({ inputs: Array(64).fill(1) }))).status).toBe(200);
  });

  it('answers deeply nested JSON with a 400, not a 500', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const body of [deep(100_000), `{"inputs": {"a": ${deep(100_000)}}}`, `{"inputs": [${JSON.stringify(Array(64).fill(0))}, ${deep(50_000)}]}`]) {
      const answer = await post(body);
      expect(answer.status, body.slice(0, 40)).toBe(400);
      expect(answer.json.error).toMatch(/^body must nest arrays and objects at most \d+ deep, got \d+$/);
    }
    expect((await post(JSON.stringify({ inputs: Array(64).fill(1) }))).status).toBe(200);
  });

  /** POSTs `total` bytes made as fetch pulls them; says how many it pulled before the answer. */
  const upload = async (total: number, headers: Record<string, string> = {}) => {
    let pulled = 0;
    const chunk = new Uint8Array(1 << 16).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${base}/predict`, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
    return { status: response.status, connection: response.headers.get('connection'), error: ((await response.json()) as { error?: string }).error, pulled };
  };

  it('stops reading a body over the limit: a 200 MB upload gets a 413 and the connection closes early', async () => {
    const total = 200 * 1024 * 1024;
    // Declared too large: refused from the headers. Chunked: refused once 1 MiB has arrived.
    const declared = await upload(total, { 'content-length': String(total) });
    const chunked = await upload(total);
    expect(declared).toMatchObject({ status: 413, connection: 'close', error: `the body must be at most 1048576 bytes, got ${total} (content-length)` });
    expect(chunked).toMatchObject({ status: 413, connection: 'close', error: 'the body must be at most 1048576 bytes, got more' });
    // Socket buffers take a few MiB; a server that read on would have taken all 200.
    expect(declared.pulled).toBeLessThan(32 * 1024 * 1024);
    expect(chunked.pulled).toBeLessThan(32 * 1024 * 1024);
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});

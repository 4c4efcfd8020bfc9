// A model served from a Node back end: one saved model loaded once, JSON predictions over
// node:http. POST /predict with {"inputs": [f0, f1, …]} (one row) or {"inputs": [[…], […]]}
// (up to MAX_ROWS rows) answers {"labels": [...], "probabilities": [[...], ...]}; GET /health
// answers 200. Anything malformed gets a 4xx with a message that names the field, the rule and
// the value, and the server carries on. Rows go through the model file's scaler, then
// predictInto on buffers allocated once.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { MLP, Scaler } from '../../src/index.ts';

export const MAX_ROWS = 64;
/** Bodies beyond this are refused before parsing (413). */
export const MAX_BODY_BYTES = 1 << 20;

class BadRequest extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Copies the request's rows into `x` (rows × inputs); returns the row count. */
function readRows(body: unknown, inputs: number, x: Float32Array): number {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest(400, `body must be a JSON object {"inputs": [...]}, got ${describe(body)}`);
  const given = (body as { inputs?: unknown }).inputs;
  if (!Array.isArray(given) || given.length === 0) throw new BadRequest(400, `inputs must be an array of ${inputs} numbers or a non-empty array of such rows, got ${describe(given)}`);
  const rows = Array.isArray(given[0]) ? (given as unknown[]) : [given];
  if (rows.length > MAX_ROWS) throw new BadRequest(413, `inputs must hold at most ${MAX_ROWS} rows, got ${rows.length}`);
  rows.forEach((row, r) => {
    const field = rows === given ? `inputs[${r}]` : 'inputs';
    if (!Array.isArray(row) || row.length !== inputs) throw new BadRequest(400, `${field} must be an array of ${inputs} numbers, got ${Array.isArray(row) ? `${row.length} values` : describe(row)}`);
    for (let j = 0; j < inputs; j++) {
      const v = row[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadRequest(400, `${field}[${j}] must be a finite number, got ${describe(v)}`);
      x[r * inputs + j] = v;
    }
  });
  return rows.length;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest(413, `the body must be at most ${MAX_BODY_BYTES} bytes, got more`));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function createPredictionServer(model: MLP, scaler?: Scaler): Server {
  const inputs = model.inputs;
  const outputs = model.outputs;
  const x = new Float32Array(MAX_ROWS * inputs);
  const out = new Float32Array(MAX_ROWS * outputs);

  const send = (response: ServerResponse, status: number, payload: unknown): void => {
    const text = JSON.stringify(payload);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  };

  const predict = (text: string): unknown => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new BadRequest(400, `body must be JSON: ${(error as Error).message}`);
    }
    const rows = readRows(body, inputs, x);
    const batch = x.subarray(0, rows * inputs);
    const result = out.subarray(0, rows * outputs);
    model.predictInto(scaler === undefined ? batch : scaler.transform(batch), result);
    const labels: number[] = [];
    const probabilities: number[][] = [];
    for (let r = 0; r < rows; r++) {
      let best = 0;
      const row: number[] = [];
      for (let j = 0; j < outputs; j++) {
        row.push(result[r * outputs + j]!);
        if (result[r * outputs + j]! > result[r * outputs + best]!) best = j;
      }
      labels.push(best);
      probabilities.push(row);
    }
    return { labels, probabilities };
  };

  return createServer((request, response) => {
    const url = request.url ?? '/';
    if (url === '/health') return send(response, 200, { ok: true });
    if (url !== '/predict') return send(response, 404, { error: `path must be /predict or /health, got ${describe(url)}` });
    if (request.method !== 'POST') return send(response, 405, { error: `method must be POST, got ${request.method}` });
    readBody(request)
      .then((text) => send(response, 200, predict(text)))
      .catch((error: unknown) => {
        if (error instanceof BadRequest) send(response, error.status, { error: error.message });
        else send(response, 500, { error: `prediction failed: ${(error as Error).message}` });
      });
  });
}

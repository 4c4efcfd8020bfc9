// A model served from a Node back end: one saved model loaded once, JSON predictions over
// node:http. POST /predict with {"inputs": [f0, f1, …]} (one row) or {"inputs": [[…], […]]}
// (up to MAX_ROWS rows) answers {"labels": [...], "probabilities": [[...], ...]}; GET /health
// answers 200. Anything malformed gets a 4xx with a message that names the field, the rule and
// the value, and the server carries on; a body too large is refused without reading the rest,
// and one nested too deeply without parsing it. Rows go to predictInto on buffers allocated
// once; a loaded model applies its stored scaler there itself (model.inputScaler).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { MLP } from 'hyperprop';

export const MAX_ROWS = 64;
/** Bodies beyond this are refused before parsing (413), and the rest of the upload is not read. */
export const MAX_BODY_BYTES = 1 << 20;
/** A request nests 3 deep ({"inputs": [[...]]}); deeper bodies are refused before parsing. */
export const MAX_DEPTH = 16;
/** How long a refused upload's connection stays open (reading nothing) for the client to read the 413. */
const LINGER_MS = 5000;

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

/**
 * How deep arrays and objects nest in JSON text, found by one pass over it: JSON.parse copes with
 * any depth, but anything recursive afterwards (JSON.stringify of the value in an error message)
 * overflows the stack on a body like [[[[…]]]].
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_BODY_BYTES) return reject(new BadRequest(413, `the body must be at most ${MAX_BODY_BYTES} bytes, got ${declared} (content-length)`));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Read no further: the answer closes the connection (see send).
        request.off('data', onData);
        request.pause();
        reject(new BadRequest(413, `the body must be at most ${MAX_BODY_BYTES} bytes, got more`));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function createPredictionServer(model: MLP): Server {
  const inputs = model.inputs;
  const outputs = model.outputs;
  const x = new Float32Array(MAX_ROWS * inputs);
  const out = new Float32Array(MAX_ROWS * outputs);

  const send = (response: ServerResponse, status: number, payload: unknown): void => {
    const text = JSON.stringify(payload);
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
    if (response.req.complete) {
      response.writeHead(status, headers);
      response.end(text);
      return;
    }
    // Answered before the body arrived in full (a 413): the rest is never read. Ending the
    // response would make Node drain it (to reuse the connection) and closing at once would
    // reset the connection before the client reads the answer. So: the whole answer, then the
    // socket stays open reading nothing (the client's sends stall once its buffers fill) until
    // the client, told to close, has had time to read it.
    response.writeHead(status, { ...headers, connection: 'close' });
    response.write(text);
    setTimeout(() => response.req.socket.destroy(), LINGER_MS).unref();
  };

  const predict = (text: string): unknown => {
    const depth = nestingDepth(text);
    if (depth > MAX_DEPTH) throw new BadRequest(400, `body must nest arrays and objects at most ${MAX_DEPTH} deep, got ${depth}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new BadRequest(400, `body must be JSON: ${(error as Error).message}`);
    }
    const rows = readRows(body, inputs, x);
    const batch = x.subarray(0, rows * inputs);
    const result = out.subarray(0, rows * outputs);
    model.predictInto(batch, result);
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

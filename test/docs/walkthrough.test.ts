// The README's walk-through "From a CSV to a deployed model", run as written: its commands are
// read from the README's blocks tagged `test=walkthrough` (so page and test cannot drift) and run
// in order in a scratch folder, each checked for its exit code and the lines the README quotes
// after it; then the files they wrote are checked for what the page claims: the saved model
// loads and scores what evaluate printed, the ONNX file answers in onnxruntime what the model
// answers, and the server answered what the model predicts.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../src/data/csv.ts';
import { ONNX_INPUT, ONNX_OUTPUT } from '../../src/export/onnx.ts';
import { loadModel } from '../../src/nn/model-file.ts';
import { compiledTsxEntries } from '../fixtures/compiled-entry.ts';
import { findPrinted, scratchFolder, sectionCommands, type DocCommand } from './readme-commands.ts';

/** How far a quoted number with decimals may be from the printed one (another backend sums float32 in another order). */
const TOLERANCE = 0.01;
/** The README's port; the test serves on a free one instead (8080 may be taken on a test machine). */
const README_PORT = '8080';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const commands = sectionCommands('From a CSV to a deployed model', 'walkthrough');
// The server's `npx tsx examples/serve/server.ts` runs that file compiled once (readme-commands.ts);
// 'hyperprop' resolves to the same bundle as under tsx (no resolution condition either way).
const folder = scratchFolder(await compiledTsxEntries(commands.map((c) => c.command)));
afterAll(() => folder.remove());

const outputs = new Map<string, string>();
const byVerb = (pattern: RegExp): DocCommand => {
  const found = commands.find((c) => pattern.test(c.command));
  if (!found) throw new Error(`the walk-through has no command matching ${pattern}`);
  return found;
};

describe('README: from a CSV to a deployed model', () => {
  it('names tune --save-model, evaluate, export --format onnx and a server, in that order, each quoting its output', () => {
    const order = [/hyperprop tune .*--save-model/, /hyperprop evaluate /, /hyperprop export .*--format onnx/, /examples\/serve\/server\.ts/, /^curl /].map((p) => commands.findIndex((c) => p.test(c.command)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const c of commands.filter((c) => !c.background)) expect(c.prints.length, `README line ${c.line}: ${c.command}`).toBeGreaterThan(0);
  });

  it('every command runs as written and prints what the README quotes', { timeout: 240_000 }, async () => {
    const port = String(await freePort());
    const started = performance.now();
    for (const c of commands) {
      const command = c.command.replaceAll(README_PORT, port);
      if (c.background) {
        const { line } = await folder.start(command, /listening on/, 60_000);
        outputs.set(c.command, line);
        continue;
      }
      const { code, output } = await folder.run(command, 120_000);
      expect(code, `README line ${c.line}: ${c.command} exited with ${code}:\n${output}`).toBe(0);
      outputs.set(c.command, output);
      for (const quoted of c.prints) {
        expect(findPrinted(quoted, output, TOLERANCE), `README line ${c.line}: "${quoted}" is not what\n  ${c.command}\nprinted:\n${output}`).toBeDefined();
      }
    }
    // The page promises a short walk-through; a loaded two-core machine takes a few times its ~15 s.
    expect(performance.now() - started).toBeLessThan(180_000);
  });

  it('the saved model loads with its scaler and scores on the test file what evaluate printed', () => {
    const tune = byVerb(/hyperprop tune /);
    const modelFile = /--save-model (\S+)/.exec(tune.command)![1]!;
    const testFile = /--test (\S+)/.exec(tune.command)![1]!;
    const { model } = loadModel(join(folder.dir, modelFile));
    expect(model.inputScaler).toBeDefined();
    const test = loadCsv(join(folder.dir, testFile), { label: 'label', task: 'classification' });
    const { accuracy, loss } = model.evaluate(test.x, test.y);
    const printed = outputs.get(byVerb(/hyperprop evaluate /).command)!;
    expect(Number(/^accuracy\s+(\S+)/m.exec(printed)![1])).toBeCloseTo(accuracy!, 4);
    expect(Number(/^log-loss\s+(\S+)/m.exec(printed)![1])).toBeCloseTo(loss, 3);
  });

  it('the ONNX file answers in onnxruntime what the model answers, on the raw test rows', async () => {
    const tune = byVerb(/hyperprop tune /);
    const onnxFile = /-o (\S+\.onnx)/.exec(byVerb(/hyperprop export /).command)![1]!;
    const { model } = loadModel(join(folder.dir, /--save-model (\S+)/.exec(tune.command)![1]!));
    const test = loadCsv(join(folder.dir, /--test (\S+)/.exec(tune.command)![1]!), { label: 'label', task: 'classification' });
    expect(existsSync(join(folder.dir, onnxFile))).toBe(true);
    const session = await ort.InferenceSession.create(readFileSync(join(folder.dir, onnxFile)));
    try {
      const result = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', test.x, [test.rows, model.inputs]) });
      const got = result[ONNX_OUTPUT]!.data as Float32Array;
      const want = model.predictProba(test.x) as Float32Array;
      expect(got.length).toBe(want.length);
      expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i]!)))).toBeLessThanOrEqual(1e-5);
    } finally {
      await session.release();
    }
  });

  it('the server answered the request with the model\'s label and probabilities for that row', () => {
    const curl = byVerb(/^curl /);
    const request = JSON.parse(/-d '([^']+)'/.exec(curl.command)![1]!) as { inputs: number[] };
    const answer = JSON.parse(outputs.get(curl.command)!.trim()) as { labels: number[]; probabilities: number[][] };
    const { model } = loadModel(join(folder.dir, /--save-model (\S+)/.exec(byVerb(/hyperprop tune /).command)![1]!));
    expect(answer.labels).toEqual(Array.from(model.predict([request.inputs]) as Int32Array));
    const proba = model.predictProba([request.inputs]) as Float32Array;
    answer.probabilities[0]!.forEach((p, j) => expect(p).toBeCloseTo(proba[j]!, 6));
  });
});

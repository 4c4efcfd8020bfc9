// npx tsx examples/serve/server.ts [MODEL.json] [--port 8080]
// Serves a saved model (default: a digits model, trained and saved on first use) on
// POST /predict. `examples/serve/load-test.ts` measures it.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadModel } from 'hyperprop';
import { createPredictionServer } from './prediction-server.ts';
import { DEFAULT_MODEL, trainDigitsModel } from './train-digits-model.ts';

const { values, positionals } = parseArgs({ options: { port: { type: 'string', default: '8080' } }, allowPositionals: true });
const path = positionals[0] ?? DEFAULT_MODEL;
if (positionals[0] === undefined && !existsSync(path)) trainDigitsModel(path);
const { model } = loadModel(path); // with its stored scaler: it takes raw rows
const port = Number(values.port);
const server = createPredictionServer(model);
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  // The first line says where: the load test (and the test suite) read the port from it.
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : port} (model ${path}: ${model.inputs} inputs, ${model.outputs} outputs)`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));

// Child process of bench/train.ts: trains workload M on one backend for a while in a fresh
// process and prints {"baseMB", "peakMB", "hwmMB"} (RSS after imports; process.resourceUsage().maxRSS
// at the end; /proc/self/status VmHWM as a cross-check), so the peak is not polluted by the other
// workloads of the benchmark. Start it from a small process: Linux carries ru_maxrss across
// fork + exec, so a child forked straight from a big parent reports the parent's RSS.
//   tsx bench/train-rss.ts <native|wasm|js> [seconds]
import { readFileSync } from 'node:fs';
import type { BackendName } from '../src/backend/backend.ts';
import { createBackend } from '../src/backend/registry.ts';
import { buildModel, HARNESS_SEED, makeDataset, trainLoop, WORKLOADS } from './train-workloads.ts';

const [name, seconds = '1.5'] = process.argv.slice(2);
const baseMB = process.memoryUsage().rss / 1048576;
const backend = createBackend(name as BackendName);
const w = WORKLOADS.M;
const model = buildModel(w, backend, HARNESS_SEED);
const { step, state } = trainLoop(model, w, makeDataset(w, HARNESS_SEED));
const start = performance.now();
while (state.steps < 5 || performance.now() - start < Number(seconds) * 1000) step();
const peakMB = process.resourceUsage().maxRSS / 1024;
let hwmMB = NaN;
try {
  hwmMB = Number(/VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;
} catch {
  // not Linux
}
process.stdout.write(`${JSON.stringify({ backend: name, steps: state.steps, baseMB, peakMB, hwmMB })}\n`);

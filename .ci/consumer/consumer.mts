// A consumer's ES module in TypeScript: it must type-check against the published declarations
// (dist/*.d.ts) under a strict NodeNext config, and its output must run on the native backend.
import { backendInfo, createStudy, MemoryStorage, MLP, RandomSampler, type BackendInfo } from 'hyperprop';

const info: BackendInfo = backendInfo();
const model = new MLP({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const y = [[0], [1], [1], [0]];
model.fit(x, y, { epochs: 5, batchSize: 4, optimizer: { type: 'adam', lr: 0.05 } });
const study = await createStudy({ name: 'consumer', direction: 'minimize', sampler: new RandomSampler({ seed: 1 }), storage: new MemoryStorage(), seed: 1 });
await study.optimize(async (trial) => {
  const v = await trial.suggestFloat('v', -1, 1);
  return v * v;
}, { nTrials: 3 });
const best: number = await study.bestValue();
console.log(JSON.stringify({ active: info.active, simd: info.simd.native, best: Number.isFinite(best) }));

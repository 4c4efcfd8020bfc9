// Which backend runs, why others do not (as `hyperprop info`), and how fast each computes the
// GEMMs of one MLP training step (784-256-10, batch 128).   npx tsx examples/demo.ts
import { backendInfo, createBackend, type Backend, type BackendName } from 'hyperprop';

const info = backendInfo();
console.log(`hyperprop: active backend ${info.active} (requested ${info.requested} by ${info.requestedBy})`);
console.log(`  CPU SIMD: ${info.simd.cpu}; native micro-kernel: ${info.simd.native ?? 'not loaded'}; Node ${info.node}`);
console.log(`  available: ${info.available.join(', ')}`);
for (const failure of info.failed) console.log(`  unavailable: ${failure.backend} (${failure.reason})`);

// forward X·Wᵀ, weight gradient δᵀ·X, input gradient δ·W for one 784→256 layer, batch 128
const SHAPES = [
  { name: 'forward X·Wᵀ', transA: false, transB: true, m: 128, n: 256, k: 784 },
  { name: 'weight grad δᵀ·X', transA: true, transB: false, m: 256, n: 784, k: 128 },
  { name: 'input grad δ·W', transA: false, transB: false, m: 128, n: 784, k: 256 },
];

function gflops(backend: Backend, s: (typeof SHAPES)[number]): number {
  const a = backend.allocate(s.m * s.k).fill(0.5);
  const b = backend.allocate(s.k * s.n).fill(0.25);
  const c = backend.allocate(s.m * s.n);
  const run = () => backend.gemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, b, 0, c);
  run();
  let calls = 0;
  const start = performance.now();
  while (performance.now() - start < 300 || calls < 3) {
    run();
    calls++;
  }
  const seconds = (performance.now() - start) / 1000;
  if (Math.abs(c[0]! - 0.125 * s.k) > 1e-3 * s.k) throw new Error(`${backend.name} computed a wrong product`);
  for (const array of [a, b, c]) backend.release(array);
  return (2 * s.m * s.n * s.k * calls) / seconds / 1e9;
}

console.log('\nGEMM GFLOP/s, one thread:');
console.log(['backend'.padEnd(8), ...SHAPES.map((s) => s.name.padStart(18))].join(' '));
for (const name of info.available as BackendName[]) {
  const backend = createBackend(name);
  console.log([name.padEnd(8), ...SHAPES.map((s) => gflops(backend, s).toFixed(1).padStart(18))].join(' '));
}
console.log('\nMore: npm run bench:kernels (every kernel, every backend, with the peer figures beside).');

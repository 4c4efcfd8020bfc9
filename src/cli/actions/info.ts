// What `hyperprop info` does: backendInfo() loads the backends, so commands/info.ts loads this
// module only when the command runs.
import { cpus } from 'node:os';
import { backendInfo } from '../../backend/registry.ts';
import { Output } from '../output.ts';
import { packageVersion } from '../../backend/package-version.ts';

export function infoAction(options: { json?: boolean }): void {
  const output = new Output(options);
  const info = backendInfo();
  const versions = { hyperprop: packageVersion(), node: process.versions.node, v8: process.versions.v8, napi: process.versions.napi ?? null };
  const cpu = { model: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, arch: process.arch, platform: process.platform };
  output.result(`hyperprop ${versions.hyperprop} on Node ${versions.node} (${cpu.platform} ${cpu.arch})`);
  output.result(`backend:    ${info.active} (requested ${info.requested} by ${info.requestedBy})`);
  output.result(`available:  ${info.available.join(', ')}`);
  for (const failure of info.failed) output.result(`unavailable: ${failure.backend}: ${failure.reason}`);
  output.result(`SIMD:       CPU ${info.simd.cpu}; native micro-kernel ${info.simd.native ?? 'not loaded'}; wasm ${info.simd.wasm}`);
  output.result(`CPU:        ${cpu.model}, ${cpu.cores} cores`);
  output.document({ ...info, versions, cpu });
}


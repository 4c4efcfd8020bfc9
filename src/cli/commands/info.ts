// hyperprop info: which backend runs and why the others do not, the CPU's SIMD level, and the
// versions that matter when reporting a problem.
import { cpus } from 'node:os';
import type { Command } from 'commander';
import { backendInfo } from '../../backend/registry.ts';
import { Output } from '../output.ts';
import { packageVersion } from '../../backend/package-version.ts';
import type { CliCommand } from './command.ts';

export const infoCommand: CliCommand = {
  name: 'info',
  register(program: Command) {
    program
      .command('info')
      .description('show the active backend, why others are unavailable, the CPU SIMD level and versions')
      .option('--json', 'print it as JSON')
      .addHelpText('after', `
Examples:
  $ hyperprop info
  $ HYPERPROP_BACKEND=wasm hyperprop info --json
  $ hyperprop --backend js info`)
      .action((options: { json?: boolean }) => {
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
      });
  },
};

// hyperprop bench [kernels|train|tune] [args...]: runs a benchmark script of bench/ in a child
// process (they measure wall time, so they get a process of their own); arguments after the
// suite pass through (--quick, --json FILE, --backends ...). The scripts ship with the source
// repository, not with the npm package.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { packagePath } from '../../backend/package-root.ts';
import type { CliCommand } from './command.ts';

export const BENCH_SUITES = ['kernels', 'train', 'tune'] as const;

export class BenchFailedError extends Error {
  override name = 'BenchFailedError';
}

export const benchCommand: CliCommand = {
  name: 'bench',
  register(program: Command) {
    program
      .command('bench')
      .description('run a benchmark: kernels (GEMM and element-wise), train (samples/s) or tune (tuner overheads)')
      .addArgument(new Argument('[suite]', 'which benchmark').choices(BENCH_SUITES).default('kernels'))
      .argument('[args...]', 'passed to the benchmark script (e.g. --quick, --json FILE)')
      .allowUnknownOption()
      .passThroughOptions()
      .helpOption('-h, --help', 'show this help (the script\'s own options: hyperprop bench <suite> --quick, --json FILE ...)')
      .addHelpText('after', `
Examples:
  $ hyperprop bench kernels --quick --backends native,wasm
  $ hyperprop bench train --json train.json
  $ hyperprop bench tune --quick --sections overhead`)
      .action(async (suite: string, args: string[]) => {
        const script = packagePath(`bench/${suite}.ts`);
        if (!existsSync(script)) throw new BenchFailedError(`bench/${suite}.ts must exist: the benchmarks ship with the source repository, not the npm package`);
        const code = await new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: packagePath('.'), stdio: 'inherit' });
          child.on('error', reject);
          child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
        });
        if (code !== 0) throw new BenchFailedError(`bench ${suite} exited with code ${code}`);
      });
  },
};

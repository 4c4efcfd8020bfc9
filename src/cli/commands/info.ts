// hyperprop info: which backend runs and why the others do not, the CPU's SIMD level, and the
// versions that matter when reporting a problem. The declaration only: ../actions/info.ts runs
// it, loaded when the command runs (it loads the backends).
import type { Command } from 'commander';
import { lazyAction, type CliCommand } from './command.ts';

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
      .action(lazyAction(async () => (await import('../actions/info.ts')).infoAction));
  },
};

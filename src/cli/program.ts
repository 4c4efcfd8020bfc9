// The `hyperprop` program: global options, the commands (registered from one list, so a new
// command is a declaration, an action and one entry in commands/index.ts), and the mapping of
// errors to exit codes: 2 for bad usage or configuration, 1 for a failed run, 3 for a diverged
// training run.
import { Command, CommanderError, Option } from 'commander';
import { BackendUnavailableError, ConfigError, NativeDependencyError } from '../errors.ts';
import type { BackendChoice } from '../backend/backend.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT, TrainingDivergedError, UsageError } from './exit-codes.ts';
import { packageVersion } from '../backend/package-version.ts';

export function createProgram(): Command {
  const program = new Command('hyperprop')
    .description('Train MLPs by backpropagation and tune their hyperparameters (native C++, WASM or TypeScript kernels).')
    .version(packageVersion(), '-V, --version')
    .addOption(new Option('--backend <name>', 'kernels to run on (default: HYPERPROP_BACKEND or auto)').choices(['auto', 'native', 'wasm', 'js']))
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .hook('preAction', async (command) => {
      const backend = command.optsWithGlobals<{ backend?: BackendChoice }>().backend;
      // The registry loads every backend's module: only a command that runs needs it.
      if (backend !== undefined) (await import('../backend/registry.ts')).setBackend(backend);
    });
  program.addHelpText(
    'after',
    `
Examples:
  $ hyperprop tune                                   the embedded digits study, progress on screen
  $ hyperprop tune examples/digits.yaml --report report.html --storage digits.db
  $ hyperprop train examples/xor.yaml --report xor.html
  $ hyperprop predict iris-model.json rows.csv       predictions as CSV (--proba: one column per class)
  $ hyperprop evaluate iris-model.json test.csv      accuracy, log-loss, confusion matrix, F1 (R², RMSE, MAE)
  $ hyperprop export iris-model.json --format onnx   a model file as ONNX (or --format tfjs)
  $ hyperprop report digits.db -o report.html        a report of every study in a storage
  $ hyperprop trials digits.db --format csv          the trials as CSV
  $ hyperprop importance digits.db                   which hyperparameters mattered (fANOVA)
  $ hyperprop info                                   backends, SIMD level, versions
  $ hyperprop bench kernels --quick

Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 training diverged (train, or the refit of tune --save-model), 130 interrupted (tune: running trials handed back).`,
  );
  for (const command of COMMANDS) command.register(program);
  // Sub-commands inherit the error handling.
  for (const sub of program.commands) sub.exitOverride().configureOutput({ outputError: (text, write) => write(text) });
  return program;
}

/** Runs the CLI on argv (process.argv form) and returns the exit code; never calls process.exit. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version "errors" are successful exits.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    // A dependency whose install script was blocked: the fix is in the user's project, not the run.
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof NativeDependencyError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof TrainingDivergedError) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT.diverged;
    }
    const message = error instanceof BackendUnavailableError || error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.HYPERPROP_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return EXIT.failure;
  }
}

// The `hyperprop` executable's entry: run the CLI and exit with its code (after stdout drains).
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv);

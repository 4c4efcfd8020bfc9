// The program as a whole: help with examples for every command, version, and exit code 2 for
// bad usage.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const COMMANDS = ['tune', 'train', 'predict', 'evaluate', 'export', 'report', 'trials', 'importance', 'bench', 'info'];

/** A command's full --help text, examples included. */
function helpOf(program: Command, name: string): string {
  let text = '';
  const command = program.commands.find((c) => c.name() === name)!;
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

describe('hyperprop (program)', () => {
  it('--help lists every command with examples and the exit codes (child process)', async () => {
    const { code, stdout } = await hyperprop(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 training diverged (train, or the refit of tune --save-model), 130 interrupted (tune: running trials handed back).');
  });

  it('exits 2 on an unknown command (child process)', async () => {
    const { code, stderr } = await hyperprop(['fly']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'fly'");
  });

  it('every command has --help with its own examples', () => {
    const program = createProgram();
    for (const name of COMMANDS) {
      const help = helpOf(program, name);
      expect(help, name).toContain(`Usage: hyperprop ${name}`);
      expect(help, name).toMatch(/Examples:\n  \$ hyperprop /);
    }
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await hyperpropInProcess(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 on an unknown option, a missing argument or an unknown backend', async () => {
    const option = await hyperpropInProcess(['info', '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--colour'");
    const argument = await hyperpropInProcess(['train']);
    expect(argument.code).toBe(2);
    expect(argument.stderr).toContain("missing required argument 'config'");
    const backend = await hyperpropInProcess(['--backend', 'gpu', 'info']);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain("argument 'gpu' is invalid");
  });
});

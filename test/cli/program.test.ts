// The program as a whole: help with examples for every command, version, and exit code 2 for
// bad usage.
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { createProgram } from '../../src/cli/program.ts';
import { hyperprop } from './run-cli.ts';

/** The text a command adds after its help (commander prints it on --help). */
function helpAfter(program: Command, name: string): string {
  let text = '';
  const command = program.commands.find((c) => c.name() === name)!;
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.exitOverride();
  try {
    command.outputHelp();
  } catch {
    // outputHelp does not exit; nothing to catch, but exitOverride keeps a stray exit from killing vitest.
  }
  return text;
}

const COMMANDS = ['tune', 'train', 'report', 'trials', 'bench', 'info'];

describe('hyperprop (program)', () => {
  it('--help lists every command with examples and the exit codes', async () => {
    const { code, stdout } = await hyperprop(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('Exit codes: 0 success, 1 failure, 2 bad usage or configuration.');
  });

  it('every command has --help with its own examples', () => {
    // The help text itself is checked in-process (one child process above shows it is printed).
    const program = createProgram();
    for (const name of COMMANDS) {
      const help = helpAfter(program, name);
      expect(help, name).toContain(`Usage: hyperprop ${name}`);
      expect(help, name).toMatch(/Examples:\n  \$ hyperprop /);
    }
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await hyperprop(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 on an unknown command, an unknown option or a missing argument', async () => {
    const [command, option, argument, backend] = await Promise.all([
      hyperprop(['fly']),
      hyperprop(['info', '--colour']),
      hyperprop(['train']),
      hyperprop(['--backend', 'gpu', 'info']),
    ]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'fly'");
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--colour'");
    expect(argument.code).toBe(2);
    expect(argument.stderr).toContain("missing required argument 'config'");
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain('--backend <name>');
  });
});

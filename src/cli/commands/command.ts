// What every command file exports: a name and a function that adds the command to the program.
import { InvalidArgumentError, type Command } from 'commander';

export interface CliCommand {
  name: string;
  register(program: Command): void;
}

/** Parses a positive integer option; commander reports a failure as bad usage (exit 2). */
export function positiveIntegerOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** Parses a non-negative integer option (0 allowed); a failure is bad usage (exit 2). */
export function nonNegativeIntegerOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a non-negative integer, got ${JSON.stringify(value)}`);
    return n;
  };
}

// What every command file exports: a name and a function that adds the command to the program.
// A command file declares (arguments, options, help) and loads what runs the command only when it
// runs, so `--help`, `--version` and each command start without the rest of the library.
import { InvalidArgumentError, type Command } from 'commander';
import type { ColumnRef } from '../../data/csv.ts';

export interface CliCommand {
  name: string;
  register(program: Command): void;
}

/** A commander action that imports its implementation (`load`) when the command runs. */
export function lazyAction<A extends unknown[]>(load: () => Promise<(...args: A) => void | Promise<void>>): (...args: A) => Promise<void> {
  return async (...args) => {
    const action = await load();
    await action(...args);
  };
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

/** --label: column names or indices (negative from the end), separated by commas. */
export function parseLabelOption(value: string): ColumnRef[] {
  const refs = value.split(',').map((part) => part.trim());
  if (refs.some((ref) => ref === '')) throw new InvalidArgumentError(`--label must be column names or indices separated by commas, got ${JSON.stringify(value)}`);
  return refs.map((ref) => (/^-?\d+$/.test(ref) ? Number(ref) : ref));
}

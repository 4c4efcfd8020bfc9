// --train, --test, --label and --split-column of train and tune: data as the user has it, given on
// the command line. They override the config's data section; their paths are relative to the
// working directory, as every path on the command line is. The flags are declared in
// data-options.ts, which --help loads without the config schema.
import { resolve } from 'node:path';
import { validateConfig, type LoadedConfig } from '../config/load-config.ts';
import type { DataFlags } from './data-options.ts';
import { UsageError } from './exit-codes.ts';

/** A label given on the command line: an integer is a column index, anything else a name. */
function labelFlag(value: string): string | number {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** The config with its data section changed as the flags say, validated again (exit 2 on a mistake). */
export function applyDataFlags(loaded: LoadedConfig, flags: DataFlags): LoadedConfig {
  const { train, test, label, splitColumn } = flags;
  if ((train === undefined) !== (test === undefined)) {
    const [given, missing] = train === undefined ? ['--test', '--train'] : ['--train', '--test'];
    throw new UsageError(`${missing} must be given with ${given} (a training file and its test file), got ${given} alone`);
  }
  if (train !== undefined && splitColumn !== undefined) {
    throw new UsageError(`--split-column must be left out with --train and --test (the test rows are the test file's), got ${JSON.stringify(splitColumn)}`);
  }
  if (train === undefined && label === undefined && splitColumn === undefined) return loaded;
  const current = loaded.config.data;
  let data: Record<string, unknown> = { ...current, ...(label === undefined ? {} : { label: labelFlag(label) }) };
  if (train !== undefined || splitColumn !== undefined) {
    // Given test rows replace the config's own (a file, a split file or column, a drawn fraction);
    // a validation fraction is kept: it is carved from the training rows.
    const { train: _train, test: _test, splitFile: _file, splitColumn: _column, split, ...rest } = data as typeof current;
    const { test: _fraction, ...kept } = split ?? { seed: 0 };
    const where = train === undefined ? { splitColumn } : { builtin: undefined, csv: undefined, train: resolve(train), test: resolve(test!) };
    data = { ...rest, ...where, ...(split === undefined ? {} : { split: kept }) };
  }
  const source = `${loaded.source ?? 'the embedded default config'} with ${[train && '--train', test && '--test', label !== undefined && '--label', splitColumn && '--split-column'].filter(Boolean).join(', ')}`;
  return { ...loaded, config: validateConfig({ ...loaded.config, data }, source) };
}

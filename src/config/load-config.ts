// Reads a JSON or YAML configuration file and validates it. Syntax errors name the line and
// column; rule errors name the path, the rule and the value. Both raise ConfigError.
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from '../errors.ts';
import { formatIssues } from './issues.ts';
import { configSchema, type Config } from './schema.ts';

export interface LoadedConfig {
  config: Config;
  /** The file it came from (undefined for embedded configs). */
  source?: string;
  /** Relative file paths inside the config (data.csv, tune.storage) are resolved against this. */
  baseDir: string;
}

/** Validates an already-parsed configuration object. */
export function validateConfig(value: unknown, source?: string): Config {
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues, configSchema), source);
  return result.data;
}

function jsonPosition(text: string, error: SyntaxError): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return error.message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${error.message.replace(/ in JSON at position \d+.*$/, '')}`;
}

/** Parses JSON (`.json`) or YAML (anything else; YAML also reads JSON). */
export function parseConfigText(text: string, source: string): unknown {
  if (extname(source).toLowerCase() === '.json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ConfigError([{ path: 'config', message: `invalid JSON at ${jsonPosition(text, error as SyntaxError)}` }], source);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : 'unknown position';
      throw new ConfigError([{ path: 'config', message: `invalid YAML at ${where}: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` }], source);
    }
    throw error;
  }
}

export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([{ path: 'config', message: `config file must be readable, got ${code ?? 'an error'} for ${JSON.stringify(path)}` }]);
  }
  return { config: validateConfig(parseConfigText(text, path), path), source: path, baseDir: dirname(resolve(path)) };
}

/** A path from the config, relative to its folder. */
export function configPath(loaded: LoadedConfig, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.baseDir, path);
}

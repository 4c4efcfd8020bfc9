// Reads a JSON or YAML configuration file and validates it. Syntax errors name the line and
// column; rule errors name the path, the rule and the value. Both raise ConfigError. The file is
// untrusted: it is checked before reading (a regular file within FILE_LIMITS.config), and until
// it has parsed as a mapping of sections nothing of its text appears in an error.
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type { ErrorCode, YAMLParseError } from 'yaml';
import { ConfigError, describeContent, FileError } from '../errors.ts';
import { jsonSyntaxProblem } from '../files/json-syntax.ts';
import { FILE_LIMITS, readBoundedText } from '../files/read-bounded-file.ts';
import { formatIssues } from './issues.ts';
import { configSchema, type Config } from './schema.ts';
import { lazyModule } from '../lazy-module.ts';

const loadYaml = lazyModule<typeof import('yaml')>('yaml');

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

/** The most aliases a YAML config may expand; each may stand for a whole subtree. */
const MAX_YAML_ALIASES = 100;

/** YAML errors whose messages are fixed sentences; the others may quote the text (a tag, an escape, a token). */
const YAML_PLAIN_MESSAGES = new Set<ErrorCode>([
  'ALIAS_PROPS', 'BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'DUPLICATE_KEY', 'KEY_OVER_1024_CHARS', 'MISSING_CHAR',
  'MULTILINE_IMPLICIT_KEY', 'MULTIPLE_ANCHORS', 'MULTIPLE_DOCS', 'MULTIPLE_TAGS', 'TAB_AS_INDENT',
]);

const YAML_RULES: Partial<Record<ErrorCode, string>> = {
  BAD_ALIAS: 'an alias must refer to an anchor defined before it',
  BAD_COLLECTION_TYPE: 'a tag must suit the kind of collection it marks',
  BAD_DIRECTIVE: 'a directive must be %YAML or %TAG',
  BAD_DQ_ESCAPE: 'a double-quoted string must use valid escape sequences',
  BAD_PROP_ORDER: 'anchors and tags must come after the indicator they follow',
  BAD_SCALAR_START: 'a plain value must not start with a reserved character (quote it)',
  NON_STRING_KEY: 'keys must be strings',
  RESOURCE_EXHAUSTION: `config must not expand YAML aliases more than ${MAX_YAML_ALIASES} times`,
  TAG_RESOLVE_FAILED: 'a tag must be one YAML knows (configs use none)',
  UNEXPECTED_TOKEN: 'the text must be well-formed YAML, got an unexpected token',
};

function yamlMessage(error: YAMLParseError): string {
  return YAML_PLAIN_MESSAGES.has(error.code)
    ? error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    : (YAML_RULES[error.code] ?? `the text must be well-formed YAML, got a ${error.code} error`);
}

/** Parses JSON (`.json`) or YAML (anything else; YAML also reads JSON). */
export function parseConfigText(text: string, source: string): unknown {
  const fail = (message: string) => new ConfigError([{ path: 'config', message }], source);
  if (extname(source).toLowerCase() === '.json') {
    try {
      return JSON.parse(text);
    } catch {
      // V8's message quotes the text around the error; the scanner gives the position in words.
      const problem = jsonSyntaxProblem(text);
      throw fail(problem === undefined ? 'invalid JSON' : `invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.problem}`);
    }
  }
  try {
    return loadYaml().parse(text, { prettyErrors: true, maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    if (error instanceof loadYaml().YAMLParseError) {
      const at = error.linePos?.[0];
      throw fail(`invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${yamlMessage(error)}`);
    }
    // Raised while building the value: the alias count (ReferenceError), an alias to no anchor
    // (ReferenceError, quoting the alias), or nesting deep enough to overflow the stack.
    const message = (error as Error).message ?? '';
    if (message.startsWith('Excessive alias count')) {
      throw fail(`config must not expand YAML aliases more than ${MAX_YAML_ALIASES} times (an alias bomb would exhaust the memory), got more`);
    }
    if (message.startsWith('Unresolved alias')) throw fail(`invalid YAML: ${YAML_RULES.BAD_ALIAS}`);
    throw fail(`invalid YAML: the text must be a YAML document hyperprop can read, got ${(error as Error).name ?? 'an error'}`);
  }
}

/** A config is a mapping of sections; anything else is refused before its text can reach an error. */
function checkMapping(value: unknown, source: string): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return;
  const got = value === null || value === undefined ? 'an empty document' : describeContent(value);
  throw new ConfigError([{ path: 'config', message: `config file must hold a mapping of sections (data, model, training, tune, report), got ${got}` }], source);
}

export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readBoundedText(path, { maxBytes: FILE_LIMITS.config, what: 'config file' });
  } catch (error) {
    if (error instanceof FileError) throw new ConfigError([{ path: 'config', message: `config file ${error.reason}` }], path);
    throw new ConfigError([{ path: 'config', message: `config file must be a file path, got ${(error as Error).message}` }]);
  }
  const value = parseConfigText(text, path);
  checkMapping(value, path);
  return { config: validateConfig(value, path), source: path, baseDir: dirname(resolve(path)) };
}

/** A path from the config, relative to its folder. */
export function configPath(loaded: LoadedConfig, path: string): string {
  return isAbsolute(path) ? path : resolve(loaded.baseDir, path);
}

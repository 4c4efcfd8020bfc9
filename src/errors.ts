// One catalogue of the errors hyperprop raises. Every message names the field, the rule and
// the value it got, e.g. `gemm: m must be a non-negative integer, got -1`.

/** Raised when no backend can be loaded, or a backend that was asked for by name is unavailable. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (ArrayBuffer.isView(value)) {
    const view = value as ArrayBufferView & { length?: number };
    return `${value.constructor.name}(${view.length ?? view.byteLength})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  return Object.prototype.toString.call(value).slice(8, -1);
}

/**
 * Like describeValue, for a value read from a file: a string is described by its length and
 * never quoted, so an error about a file that is not what it should be leaks none of its text.
 */
export function describeContent(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`;
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

/**
 * What typeError and rangeError know, kept on the error as data: the field as written
 * (`layers[2].units`), its path (`['layers', 2, 'units']`; undefined when the field is not a
 * dotted path, e.g. `gemm: m`) and the rule. Callers that re-address the field (the config's
 * path mapping) read these, never the message.
 */
export interface FieldFacts {
  readonly field: string;
  readonly path: readonly (string | number)[] | undefined;
  readonly rule: string;
}

const FIELD_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*$/;

/** `layers[2].units` → `['layers', 2, 'units']`; undefined for anything else. */
export function fieldPath(field: string): (string | number)[] | undefined {
  if (!FIELD_PATH.test(field)) return undefined;
  return field.split(/\.|(?=\[)/).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}

function withFacts<E extends Error>(error: E, field: string, rule: string): E & FieldFacts {
  // Not enumerable: the error prints and compares as before.
  return Object.defineProperties(error, {
    field: { value: field },
    path: { value: fieldPath(field) },
    rule: { value: rule },
  }) as E & FieldFacts;
}

/** The field facts of an error raised by typeError or rangeError, else undefined. */
export function fieldFacts(error: unknown): FieldFacts | undefined {
  return error instanceof Error && typeof (error as Partial<FieldFacts>).field === 'string' ? (error as Error & FieldFacts) : undefined;
}

export function typeError(field: string, rule: string, value: unknown): TypeError & FieldFacts {
  return withFacts(new TypeError(`${field} must be ${rule}, got ${describeValue(value)}`), field, rule);
}

export function rangeError(field: string, rule: string, value: unknown): RangeError & FieldFacts {
  return withFacts(new RangeError(`${field} must be ${rule}, got ${describeValue(value)}`), field, rule);
}

/** Where in a data file a problem is: the file path, the 1-based line and the column name. */
export interface DataLocation {
  source?: string;
  line?: number;
  column?: string;
}

/**
 * Raised for malformed data files (CSV, split files). The location leads the message:
 * `data/wine.csv: line 12, column "alcohol": the cell must be a decimal number, got text of 3 characters`
 * (the location and the rule, never the text of the file).
 */
export class DataError extends Error {
  override name = 'DataError';
  readonly source?: string;
  readonly line?: number;
  readonly column?: string;

  constructor(message: string, where: DataLocation = {}) {
    const at = [where.line === undefined ? '' : `line ${where.line}`, where.column === undefined ? '' : `column ${JSON.stringify(where.column)}`]
      .filter(Boolean)
      .join(', ');
    super(`${where.source === undefined ? '' : `${where.source}: `}${at === '' ? '' : `${at}: `}${message}`);
    if (where.source !== undefined) this.source = where.source;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}

/**
 * Raised before a file named by the caller is read: it is missing or unreadable, it is not a
 * regular file (a directory, a FIFO, a device), or it is over the size limit. `what` names the
 * file's role: `data.csv "x.csv" must be a regular file, got a FIFO (named pipe)`. The message
 * names the path, the rule and what was found, never the file's content.
 */
export class FileError extends Error {
  override name = 'FileError';
  readonly path: string;
  /** The rule and what was found, without the role and path: `must be a regular file, got a directory`. */
  readonly reason: string;
  /** The system error code (ENOENT, EACCES ...) when opening or reading failed. */
  readonly code?: string;

  constructor(what: string, path: string, reason: string, code?: string) {
    super(`${what} ${JSON.stringify(path)} ${reason}`);
    this.path = path;
    this.reason = reason;
    if (code !== undefined) this.code = code;
  }
}

/** One broken rule of a configuration: the dotted path (`tune.space.lr.low`) and the full sentence. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * Raised for an invalid configuration file or command-line option. Each issue names the path,
 * the rule and the value: `tune.space.lr.low must be > 0 for a log scale, got 0`. The CLI exits
 * with code 2 on it.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source?: string) {
    const lines = issues.map((issue) => issue.message);
    super(`${source === undefined ? '' : `${source}: `}${lines.length === 1 ? lines[0] : `${lines.length} problems:\n  ${lines.join('\n  ')}`}`);
    this.issues = issues;
  }
}

/**
 * Raised when a dependency's compiled binding is missing or does not load, most often because
 * the consuming project's npm blocked its install script (npm 12 runs a dependency's install
 * script only when `allowScripts` approves it). `fix` is the command line that mends it. The
 * CLI exits with code 2 on it.
 */
export class NativeDependencyError extends Error {
  override name = 'NativeDependencyError';
  readonly dependency: string;
  readonly fix: string;

  constructor(dependency: string, problem: string, fix: string) {
    super(`${dependency}'s native binding ${problem}; in your project run: ${fix}`);
    this.dependency = dependency;
    this.fix = fix;
  }
}

/**
 * Raised when a worker thread hyperprop started (trainInWorker, PredictionPool) ends without an
 * answer: its code failed to load, or the thread exited before it finished, e.g.
 * `the training worker exited with code 1 before it finished`.
 */
export class WorkerThreadError extends Error {
  override name = 'WorkerThreadError';
}

/**
 * Raised when MLP.fit is called and the training loop (src/train/fit.ts) was never loaded: the
 * model was imported from src/nn alone, not from the package entry.
 */
export class TrainerMissingError extends Error {
  override name = 'TrainerMissingError';
}

/**
 * Raised when a study's trials cannot rank its parameters' importance: fewer than 2 complete
 * trials with a finite value, or no parameter that all of them share, e.g.
 * `importance needs at least 2 complete trials with a finite value, got 1 (of 5 trials: 3 pruned, 1 failed left out)`.
 */
export class NotEnoughTrialsError extends RangeError {
  override name = 'NotEnoughTrialsError';
}

/**
 * Raised when a single-objective answer is asked of a study with several objectives, e.g.
 * `bestTrial: study "s" must have one objective, got 2 (minimize, maximize); read bestTrials() (the Pareto front)`.
 */
export class MultiObjectiveError extends Error {
  override name = 'MultiObjectiveError';
}

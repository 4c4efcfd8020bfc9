// Backend selection: `auto` tries native, then wasm, then js. An option or HYPERPROP_BACKEND
// overrides it; worker threads started afterwards inherit the choice through the worker
// environment data. A fallback is never silent: it is reported once per thread.
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';
import type { Backend, BackendChoice, BackendName } from './backend.ts';
import { createJsBackend } from './js/js-backend.ts';
import { createNativeBackend } from './native/native-backend.ts';
import { createWasmBackend } from './wasm/wasm-backend.ts';
import { cpuSimdLevel, type SimdLevel } from './cpu-features.ts';
import { BackendUnavailableError, typeError } from '../errors.ts';

/** Backends in priority order. */
export const BACKEND_PRIORITY: readonly BackendName[] = ['native', 'wasm', 'js'];
const FACTORIES: Record<BackendName, () => Backend> = {
  native: createNativeBackend,
  wasm: createWasmBackend,
  js: createJsBackend,
};
const CHOICE_KEY = 'hyperprop:backend';

export interface BackendFailure {
  backend: BackendName;
  reason: string;
}

export interface BackendInfo {
  /** The backend kernels run on. */
  active: BackendName;
  /** What was asked for, and where that came from. */
  requested: BackendChoice;
  requestedBy: 'option' | 'HYPERPROP_BACKEND' | 'parent thread' | 'default';
  /** Every backend that loads on this machine. */
  available: BackendName[];
  /** Every backend that failed to load, with the reason. */
  failed: BackendFailure[];
  /** The CPU's SIMD level, and what the active backend uses. */
  simd: { cpu: SimdLevel; native?: string; wasm: 'simd128' };
  node: string;
}

interface Selection {
  backend: Backend;
  info: BackendInfo;
}

let current: Selection | undefined;
const reportedFallbacks = new Set<string>();
/** One instance per backend and thread, or the reason it failed to load. */
const loaded = new Map<BackendName, Backend | BackendFailure>();

function load(name: BackendName): Backend {
  let entry = loaded.get(name);
  if (!entry) {
    try {
      entry = FACTORIES[name]();
    } catch (error) {
      entry = { backend: name, reason: reasonOf(error) };
    }
    loaded.set(name, entry);
  }
  if ('reason' in entry) throw new Error(entry.reason);
  return entry;
}

function parseChoice(value: unknown, field: string): BackendChoice {
  if (value === 'auto' || value === 'native' || value === 'wasm' || value === 'js') return value;
  throw typeError(field, "one of 'auto', 'native', 'wasm', 'js'", value);
}

function requestedChoice(): { choice: BackendChoice; by: BackendInfo['requestedBy'] } {
  const env = process.env.HYPERPROP_BACKEND;
  if (env !== undefined && env !== '') return { choice: parseChoice(env, 'HYPERPROP_BACKEND'), by: 'HYPERPROP_BACKEND' };
  const inherited = isMainThread ? undefined : getEnvironmentData(CHOICE_KEY);
  if (inherited !== undefined) return { choice: parseChoice(inherited, 'the parent thread\'s backend'), by: 'parent thread' };
  return { choice: 'auto', by: 'default' };
}

function reportFallback(failures: BackendFailure[], active: BackendName): void {
  for (const failure of failures) {
    const key = `${failure.backend}->${active}`;
    if (reportedFallbacks.has(key)) continue;
    reportedFallbacks.add(key);
    process.emitWarning(`hyperprop: the ${failure.backend} backend is unavailable (${failure.reason}); using ${active}.`, {
      code: 'HYPERPROP_BACKEND_FALLBACK',
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates a fresh instance of one backend; throws BackendUnavailableError with the reason. */
export function createBackend(name: BackendName): Backend {
  const factory = FACTORIES[parseChoice(name, 'backend') as BackendName];
  if (!factory) throw typeError('backend', "one of 'native', 'wasm', 'js'", name);
  try {
    return factory();
  } catch (error) {
    throw new BackendUnavailableError(`the ${name} backend is unavailable: ${reasonOf(error)}`);
  }
}

function select(choice: BackendChoice, by: BackendInfo['requestedBy']): Selection {
  const failed: BackendFailure[] = [];
  const candidates = choice === 'auto' ? BACKEND_PRIORITY : [choice];
  for (const name of candidates) {
    try {
      const backend = load(name);
      const info: BackendInfo = {
        active: name,
        requested: choice,
        requestedBy: by,
        available: [name],
        failed,
        simd: { cpu: cpuSimdLevel(), wasm: 'simd128' },
        node: process.version,
      };
      if (name === 'native') info.simd.native = backend.simdLevel();
      if (failed.length > 0) reportFallback(failed, name);
      return { backend, info };
    } catch (error) {
      failed.push({ backend: name, reason: reasonOf(error) });
    }
  }
  const reasons = failed.map((f) => `${f.backend}: ${f.reason}`).join('; ');
  throw new BackendUnavailableError(`no hyperprop backend could be loaded for '${choice}' (${reasons})`);
}

/**
 * Chooses the backend for this thread (and for worker threads started afterwards).
 * `auto` tries native, then wasm, then js; a named backend that cannot load throws.
 */
export function setBackend(choice: BackendChoice = 'auto'): Backend {
  const parsed = parseChoice(choice, 'backend');
  current = select(parsed, 'option');
  setEnvironmentData(CHOICE_KEY, current.info.active);
  return current.backend;
}

/** The active backend, chosen on first use from HYPERPROP_BACKEND (or the parent thread) or `auto`. */
export function getBackend(): Backend {
  if (!current) {
    const { choice, by } = requestedChoice();
    current = select(choice, by);
  }
  return current.backend;
}

/** What runs the kernels, what was asked for, what failed and why, and the CPU's SIMD level. */
export function backendInfo(): BackendInfo {
  getBackend();
  const info = current!.info;
  const available: BackendName[] = [];
  const failed: BackendFailure[] = [];
  let nativeLevel = info.simd.native;
  for (const name of BACKEND_PRIORITY) {
    try {
      const backend = load(name);
      available.push(name);
      if (name === 'native') nativeLevel = backend.simdLevel();
    } catch (error) {
      failed.push({ backend: name, reason: reasonOf(error) });
    }
  }
  return { ...info, available, failed, simd: { ...info.simd, ...(nativeLevel ? { native: nativeLevel } : {}) } };
}

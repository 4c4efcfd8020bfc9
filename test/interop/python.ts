// The Python that test:interop runs: $HYPERPROP_PYTHON (scripts/test-interop.sh sets it to one
// that imports optuna), else the first of python3 and /usr/bin/python3 that imports optuna.
import { execFileSync, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The interpreter's full path when it imports optuna, else undefined. */
function withOptuna(python: string): string | undefined {
  try {
    return execFileSync(python, ['-c', 'import optuna, sys; print(sys.executable)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

let found: string | undefined;

/** The full path of a Python that imports optuna. */
export function optunaPython(): string {
  if (found !== undefined) return found;
  const candidates = process.env.HYPERPROP_PYTHON ? [process.env.HYPERPROP_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const candidate of candidates) found ??= withOptuna(candidate);
  if (found === undefined) throw new Error(`test:interop needs a python3 that imports optuna, tried ${candidates.join(', ')}`);
  return found;
}

/** Runs `script` (a path, or a file name in test/interop/) with `args`; resolves its stdout and stderr, rejects with both on a non-zero exit. */
export function runPython(script: string, args: readonly string[], options: { cwd?: string } = {}): Promise<{ stdout: string; stderr: string }> {
  const path = script.includes('/') ? script : fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(optunaPython(), [path, ...args], { maxBuffer: 64 << 20, ...options }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** runPython on test/interop/optuna_rdb.py, its stdout parsed as JSON. */
export async function optunaRdb<T>(command: 'frame' | 'importance' | 'continue', db: string, study: string, ...rest: string[]): Promise<T> {
  const { stdout } = await runPython('optuna_rdb.py', [command, db, study, ...rest]);
  return JSON.parse(stdout) as T;
}

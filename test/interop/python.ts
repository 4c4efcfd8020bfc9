// The Python that test:interop runs: $HYPERPROP_PYTHON (scripts/test-interop.sh sets it to one
// that imports optuna), else the first of python3 and /usr/bin/python3 that imports optuna.
import { execFileSync, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

function importsOptuna(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import optuna'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let found: string | undefined;

export function optunaPython(): string {
  if (found !== undefined) return found;
  const candidates = process.env.HYPERPROP_PYTHON ? [process.env.HYPERPROP_PYTHON] : ['python3', '/usr/bin/python3'];
  found = candidates.find(importsOptuna);
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

// Runs the CLI's own entry (runCli) inside the test process, capturing what it writes: the
// same parsing, validation and exit codes as the executable without a Node start-up each time.
// Each command still has child-process tests (run-cli.ts); this one covers the many edge cases.
import { vi } from 'vitest';
import { runCli } from '../../src/cli/program.ts';
import type { CliResult } from './run-cli.ts';

export async function hyperpropInProcess(args: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const capture = (sink: 'out' | 'err') => (chunk: string | Uint8Array) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (sink === 'out') stdout += text;
    else stderr += text;
    return true;
  };
  const tty = process.stdout.isTTY;
  // Plain lines, as when stdout is piped, whatever terminal runs the tests.
  process.stdout.isTTY = false;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture('out') as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture('err') as typeof process.stderr.write);
  try {
    const code = await runCli([process.execPath, 'hyperprop', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.stdout.isTTY = tty;
  }
}

// Starts examples/serve/server.ts in its own process on a free port and resolves once it listens
// (its first line names the port); for the load test and the test suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * `options.nodeArgs`: more Node options for the server process (a profiler's, or a resolution
 * condition). `options.script`: what node runs instead of `--import tsx server.ts` (the test suite
 * runs server.ts compiled to JavaScript, without tsx's loader in the process).
 */
export async function startServer(
  args: readonly string[] = [],
  options: { log?: (line: string) => void; nodeArgs?: readonly string[]; script?: readonly string[] } = {},
): Promise<{ child: ChildProcess; base: string }> {
  const script = options.script ?? ['--import', 'tsx', fileURLToPath(new URL('./server.ts', import.meta.url))];
  // A larger young generation: fewer scavenges, so fewer requests wait behind a GC pause (p99).
  const child = spawn(process.execPath, ['--max-semi-space-size=32', ...(options.nodeArgs ?? []), ...script, ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      options.log?.(line);
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

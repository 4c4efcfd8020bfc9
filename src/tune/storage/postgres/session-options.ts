// What each of the storage's sessions is started with: the schema on its search_path, the
// user's own `?options=` from the URL kept beside it (pg would let the URL's replace ours, and
// every unqualified table name would then miss), and synchronous_commit when the user asks.
//
// synchronous_commit = off is PostgreSQL's like for like of the SQLite storage (WAL mode,
// synchronous = NORMAL): a commit returns before its WAL reaches the disk, so a killed worker
// loses nothing it was told was stored, and a crash of the server or its machine loses at most
// the last moments of commits (about 3 × wal_writer_delay), never corrupts. It is only ever what
// the user asked for: without it the sessions keep the server's, database's or role's setting.
import { describeValue } from '../../../errors.ts';

export const SYNCHRONOUS_COMMIT = ['on', 'off', 'local', 'remote_write', 'remote_apply'] as const;
export type SynchronousCommit = (typeof SYNCHRONOUS_COMMIT)[number];

function isSynchronousCommit(value: unknown): value is SynchronousCommit {
  return (SYNCHRONOUS_COMMIT as readonly unknown[]).includes(value);
}

const allowed = SYNCHRONOUS_COMMIT.map((v) => JSON.stringify(v)).join(', ');

/** The URL to connect with (the storage's own parameters taken out) and the sessions' startup options. */
export function sessionOptions(url: string, schema: string, synchronousCommit: unknown): { url: string; options: string } {
  if (synchronousCommit !== undefined && !isSynchronousCommit(synchronousCommit)) throw new TypeError(`PostgresStorage: options.synchronousCommit must be one of ${allowed}, got ${describeValue(synchronousCommit)}`);
  const parsed = url.includes('?') ? parseUrl(url) : undefined;
  const fromUrl = parsed?.searchParams.get('synchronous_commit') ?? null;
  if (fromUrl !== null && !isSynchronousCommit(fromUrl)) throw new TypeError(`PostgresStorage: the URL's synchronous_commit must be one of ${allowed}, got ${JSON.stringify(fromUrl)}`);
  if (fromUrl !== null && synchronousCommit !== undefined) {
    throw new TypeError(`PostgresStorage: synchronous_commit must be given once (the URL's or options.synchronousCommit), got ${JSON.stringify(fromUrl)} in the URL and ${JSON.stringify(synchronousCommit)} in options`);
  }
  const userOptions = parsed?.searchParams.get('options') ?? null;
  const commit = fromUrl ?? synchronousCommit;
  const options = [userOptions, `-c search_path=${schema}`, commit === undefined ? null : `-c synchronous_commit=${commit}`].filter((o) => o !== null && o !== '').join(' ');
  if (parsed === undefined || (fromUrl === null && userOptions === null)) return { url, options };
  parsed.searchParams.delete('synchronous_commit');
  parsed.searchParams.delete('options');
  return { url: parsed.toString(), options };
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new TypeError('PostgresStorage: url must parse as a URL when it has query parameters (synchronous_commit, options), got one that does not');
  }
}

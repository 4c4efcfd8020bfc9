// The PostgreSQL schema, created and versioned by the library: numbered migrations, applied in
// order inside one transaction under an advisory lock (workers that start together migrate
// once), recorded in schema_migrations. A database migrated by a newer hyperprop is refused
// rather than misread. Timestamps are bigint milliseconds of the server's clock.
import type pg from 'pg';
import { lockKey } from './lock-key.ts';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'studies, trials, params, intermediate values, attrs; heartbeats and request tokens',
    sql: `
CREATE TABLE studies (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  direction text NOT NULL CHECK (direction IN ('minimize', 'maximize')),
  seed bigint NOT NULL,
  created_at bigint NOT NULL,
  next_number integer NOT NULL DEFAULT 0
);
CREATE TABLE study_attrs (
  study_id bigint NOT NULL REFERENCES studies(id),
  key text NOT NULL,
  value_json text NOT NULL,
  PRIMARY KEY (study_id, key)
);
CREATE TABLE trials (
  id bigserial PRIMARY KEY,
  study_id bigint NOT NULL REFERENCES studies(id),
  number integer NOT NULL,
  state text NOT NULL CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'failed', 'diverged')),
  value double precision,
  seed bigint NOT NULL,
  started_at bigint,
  completed_at bigint,
  heartbeat_at bigint,
  request_token text UNIQUE,
  UNIQUE (study_id, number)
);
CREATE INDEX trials_waiting ON trials (study_id, number) WHERE state = 'waiting';
CREATE INDEX trials_running ON trials (study_id) WHERE state = 'running';
CREATE TABLE trial_params (
  id bigserial PRIMARY KEY,
  trial_id bigint NOT NULL REFERENCES trials(id),
  name text NOT NULL,
  value_json text NOT NULL,
  distribution_json text,
  UNIQUE (trial_id, name)
);
CREATE TABLE trial_intermediate (
  trial_id bigint NOT NULL REFERENCES trials(id),
  step bigint NOT NULL,
  value double precision NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE trial_attrs (
  id bigserial PRIMARY KEY,
  trial_id bigint NOT NULL REFERENCES trials(id),
  kind text NOT NULL CHECK (kind IN ('user', 'system')),
  key text NOT NULL,
  value_json text NOT NULL,
  UNIQUE (trial_id, kind, key)
);
`,
  },
  {
    version: 2,
    description: 'studies.originals: trials that are not retries, counted as they are created (the budget check was a scan)',
    sql: `
ALTER TABLE studies ADD COLUMN originals integer NOT NULL DEFAULT 0;
UPDATE studies s SET originals = (
  SELECT count(*) FROM trials t WHERE t.study_id = s.id
    AND NOT EXISTS (SELECT 1 FROM trial_attrs a WHERE a.trial_id = t.id AND a.kind = 'system' AND a.key = 'retryOf')
);
`,
  },
  {
    version: 3,
    description: 'trials.seed may be NULL: the default seed is derived from the study seed and the number, so a trial is created in one statement',
    sql: 'ALTER TABLE trials ALTER COLUMN seed DROP NOT NULL;',
  },
  {
    version: 4,
    description: 'trials.owner_host/owner_pid: the process running a trial (a dead one on the same host is failed at once); studies.budgeted: trials not failed as orphans (the budget)',
    sql: `
ALTER TABLE trials ADD COLUMN owner_host text, ADD COLUMN owner_pid integer;
INSERT INTO trial_attrs (trial_id, kind, key, value_json)
  SELECT a.trial_id, 'system', 'orphaned', 'true' FROM trial_attrs a JOIN trials t ON t.id = a.trial_id
  WHERE t.state = 'failed' AND a.kind = 'system' AND a.key = 'failReason'
    AND (a.value_json LIKE '"stale heartbeat%' OR a.value_json LIKE '"released: %' OR a.value_json = '"stale running trial"')
  ON CONFLICT (trial_id, kind, key) DO NOTHING;
ALTER TABLE studies ADD COLUMN budgeted integer NOT NULL DEFAULT 0;
UPDATE studies s SET budgeted = (
  SELECT count(*) FROM trials t WHERE t.study_id = s.id
    AND NOT EXISTS (SELECT 1 FROM trial_attrs a WHERE a.trial_id = t.id AND a.kind = 'system' AND a.key = 'orphaned')
);
`,
  },
  {
    version: 5,
    description: 'several objectives: studies.directions_json and trials.values_json, JSON arrays set only when there are several (direction and value keep the first)',
    sql: `
ALTER TABLE studies ADD COLUMN directions_json text;
ALTER TABLE trials ADD COLUMN values_json text;
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Creates the schema or brings it up to the last of `migrations`; returns the version found before. */
export async function migrate(client: pg.ClientBase, schema: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  const latest = migrations[migrations.length - 1]!.version;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [lockKey('hyperprop migrations'), lockKey(schema)]);
    // The name was checked against [a-z_][a-z0-9_]*: safe to splice, and identifiers cannot be parameters.
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at bigint NOT NULL)`);
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${schema}.schema_migrations`);
    const found = rows[0]?.version ?? 0;
    if (found > latest) {
      throw new RangeError(`PostgresStorage: schema version must be <= ${latest}, got ${found} in schema "${schema}" (migrated by a newer hyperprop)`);
    }
    for (const migration of migrations) {
      if (migration.version <= found) continue;
      await client.query(`SET LOCAL search_path TO ${schema}`);
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, description, applied_at) VALUES ($1, $2, (extract(epoch from clock_timestamp()) * 1000)::bigint)`, [
        migration.version,
        migration.description,
      ]);
    }
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

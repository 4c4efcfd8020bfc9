// The SQLite schema the library creates and versions (PRAGMA user_version). A file written by
// a newer schema is refused rather than misread.
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 4;

const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS studies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
  seed INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS study_attrs (
  study_id INTEGER NOT NULL REFERENCES studies(id),
  key TEXT NOT NULL,
  value_json TEXT NOT NULL,
  PRIMARY KEY (study_id, key)
);
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  value REAL,
  seed INTEGER NOT NULL,
  started_at INTEGER,
  completed_at INTEGER,
  UNIQUE (study_id, number)
);
CREATE INDEX IF NOT EXISTS trials_by_state ON trials (study_id, state, number);
CREATE TABLE IF NOT EXISTS trial_params (
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  name TEXT NOT NULL,
  value_json TEXT NOT NULL,
  distribution_json TEXT,
  PRIMARY KEY (trial_id, name)
);
CREATE TABLE IF NOT EXISTS trial_intermediate (
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  step INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE IF NOT EXISTS trial_attrs (
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  kind TEXT NOT NULL CHECK (kind IN ('user', 'system')),
  key TEXT NOT NULL,
  value_json TEXT NOT NULL,
  PRIMARY KEY (trial_id, kind, key)
);
`;

// Version 2: heartbeats (with the process clock: SQLite has no server) and the study lock
// (a lease naming its holder, so a dead holder's lock can be taken over).
const SCHEMA_V2 = `
ALTER TABLE trials ADD COLUMN heartbeat_at INTEGER;
CREATE TABLE IF NOT EXISTS study_locks (
  study_id INTEGER PRIMARY KEY REFERENCES studies(id),
  owner TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

// Version 3: the process that runs a trial (so a trial of a dead process on this host is failed
// at once), and the orphaned mark on trials failed for a dead or stopping worker, which the
// budget leaves out (older files: recognised by their failReason).
const SCHEMA_V3 = `
ALTER TABLE trials ADD COLUMN owner_host TEXT;
ALTER TABLE trials ADD COLUMN owner_pid INTEGER;
INSERT OR IGNORE INTO trial_attrs (trial_id, kind, key, value_json)
  SELECT a.trial_id, 'system', 'orphaned', 'true' FROM trial_attrs a JOIN trials t ON t.id = a.trial_id
  WHERE t.state = 'failed' AND a.kind = 'system' AND a.key = 'failReason'
    AND (a.value_json LIKE '"stale heartbeat%' OR a.value_json LIKE '"released: %' OR a.value_json = '"stale running trial"');
`;

// Version 4: several objectives. A study's directions and a trial's values as JSON arrays, set
// only when there are several (one is the direction or value column, which keeps directions[0]
// and values[0], so single-objective readers and older rows need nothing more).
const SCHEMA_V4 = `
ALTER TABLE studies ADD COLUMN directions_json TEXT;
ALTER TABLE trials ADD COLUMN values_json TEXT;
`;

/** Creates the schema in an empty file, upgrades an older one, or checks the version. */
export function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new RangeError(`SqliteStorage: schema version must be <= ${SCHEMA_VERSION}, got ${version} in ${path} (written by a newer hyperprop)`);
    }
    if (version < 1) db.exec(SCHEMA_V1);
    if (version < 2) db.exec(SCHEMA_V2);
    if (version < 3) db.exec(SCHEMA_V3);
    if (version < 4) db.exec(SCHEMA_V4);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

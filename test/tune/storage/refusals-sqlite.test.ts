// SqliteStorage's refusals word for word, its ids and start times, and getTrialsFrom's bounds.
import { SqliteStorage } from '../../../src/tune/storage/sqlite-storage.ts';
import { storageRefusals } from './refusals.ts';
import { tempDatabases } from './temp-db.ts';

const nextPath = tempDatabases();
storageRefusals('SqliteStorage', () => new SqliteStorage(nextPath()));

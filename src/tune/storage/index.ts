export { MemoryStorage } from './memory-storage.ts';
export { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.ts';
export { failStaleRunningTrials, type StaleTrialsResult } from './fail-stale.ts';

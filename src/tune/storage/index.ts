export { MemoryStorage } from './memory-storage.ts';
export { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.ts';
export { JournalStorage } from './journal/journal-storage.ts';
export { failStaleRunningTrials, type StaleTrialsResult } from './fail-stale.ts';
export { PostgresStorage, redactUrl, type PostgresStorageOptions } from './postgres/postgres-storage.ts';
export { retryInit, staleReason } from './retry-policy.ts';
export { TrialHistory } from './trial-history.ts';
export { readStepValues, readTrialCount, stepValuesFromTrials } from './step-values.ts';

// Opens a better-sqlite3 database, turning a missing or unloadable binding into a
// NativeDependencyError that names the fix. better-sqlite3 loads its binding on the first
// `new Database`, so the module imports fine without one and the failure surfaces here.
import type Database from 'better-sqlite3';
import { NativeDependencyError } from '../../errors.ts';
import { lazyModule } from '../../lazy-module.ts';

const loadDatabase = lazyModule<typeof Database>('better-sqlite3');

const FIX = 'npm install-scripts approve better-sqlite3, then npm rebuild better-sqlite3';

export function openSqliteDatabase(path: string): Database.Database {
  try {
    return new (loadDatabase())(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    // `bindings` lists every place it looked; an install whose scripts were blocked has none.
    if (message.startsWith('Could not locate the bindings file')) {
      throw new NativeDependencyError('better-sqlite3', 'is missing (its install script did not run, which npm 12 blocks unless allowed)', FIX);
    }
    // Built for another Node version or platform (a node_modules copied between machines).
    if (/NODE_MODULE_VERSION|better_sqlite3\.node/.test(message)) {
      throw new NativeDependencyError('better-sqlite3', `does not load (${message.split('\n')[0]})`, 'npm rebuild better-sqlite3');
    }
    throw error;
  }
}

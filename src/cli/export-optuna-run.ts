// `hyperprop export --format optuna <storage> <out.db>`: the storage's studies as an SQLite file
// in Optuna's RDB schema (src/tune/optuna/rdb-export.ts), for optuna.load_study, pandas through
// trials_dataframe(), optuna.importance and optuna-dashboard.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exportOptunaRdb } from '../tune/optuna/rdb-export.ts';
import { UsageError } from './exit-codes.ts';
import type { Output } from './output.ts';
import { storageFromUrl } from './storage-from-url.ts';

export async function exportOptuna(source: string, target: string | undefined, studies: string[] | undefined, output: Output): Promise<void> {
  if (target === undefined) throw new UsageError('<output> (or --output) must name the SQLite file to write for --format optuna, got nothing');
  if (existsSync(target)) throw new UsageError(`<output> must be a new file (an Optuna storage is written whole, never merged into), got ${JSON.stringify(target)}, which exists`);
  if (resolve(target) === resolve(source.replace(/^(sqlite|file):(\/\/)?/i, ''))) throw new UsageError(`<output> must not be the storage it exports, got ${JSON.stringify(target)}`);
  const storage = await storageFromUrl(source, { mustExist: true });
  try {
    const result = await exportOptunaRdb(storage, target, studies?.length ? { studies } : {}).catch((error: unknown) => {
      if (error instanceof RangeError && error.message.startsWith('exportOptunaRdb: studies')) throw new UsageError(error.message.replace(/^exportOptunaRdb: studies/, '--study'));
      throw error;
    });
    const url = `sqlite:///${target}`;
    for (const s of result.studies) output.result(`study ${JSON.stringify(s.name)}: ${s.trials} trial${s.trials === 1 ? '' : 's'} (${s.directions.join(', ')})`);
    output.result(`wrote ${target} (Optuna 3.0/3.1 RDB schema): optuna.load_study(study_name=..., storage=${JSON.stringify(url)})`);
    output.document({ format: 'optuna', files: [target], storage: url, studies: result.studies });
  } finally {
    await storage.close();
  }
}

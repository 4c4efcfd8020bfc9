// What `hyperprop importance` does once its arguments are parsed: each parameter's share of a
// study's objective variance (fANOVA over a random forest of the complete trials), as a ranked
// table or JSON. commands/importance.ts declares the command and loads this module when it runs.
import { ConfigError, NotEnoughTrialsError } from '../../errors.ts';
import { loadConfig } from '../../config/load-config.ts';
import { importanceOfTrials, type ImportanceResult } from '../../tune/importance/importance.ts';
import type { Storage } from '../../tune/types.ts';
import { UsageError } from '../exit-codes.ts';
import { Output } from '../output.ts';
import { storageFromUrl } from '../storage-from-url.ts';
import { storageSetting } from '../tune-run.ts';

export interface ImportanceCommandOptions {
  storage?: string;
  study?: string[];
  params?: string;
  trees?: number;
  seed?: number;
  json?: boolean;
}

const BAR_WIDTH = 30;

function isConfigPath(source: string): boolean {
  return /\.(ya?ml|json)$/i.test(source);
}

/** The storage URL and the study names the arguments point at (names undefined: every study). */
function locate(source: string | undefined, options: ImportanceCommandOptions): { url: string; names?: string[] } {
  const names = options.study?.length ? options.study : undefined;
  if (source === undefined || !isConfigPath(source)) {
    if (source !== undefined && options.storage !== undefined) throw new UsageError(`--storage must be left out when <storage-or-config> names a storage, got both ${JSON.stringify(source)} and ${JSON.stringify(options.storage)}`);
    const url = source ?? options.storage;
    if (url === undefined) throw new UsageError('<storage-or-config> or --storage must name the storage holding the study, got neither');
    return { url, ...(names ? { names } : {}) };
  }
  const loaded = loadConfig(source);
  const tune = loaded.config.tune;
  if (tune === undefined) throw new ConfigError([{ path: 'tune', message: 'tune must be given for `hyperprop importance <config>` (its storage and study name the study), got nothing' }], loaded.source);
  const url = options.storage ?? storageSetting(loaded, tune.storage);
  if (url === undefined) throw new UsageError(`--storage must name the storage, as the config ${JSON.stringify(source)} has no tune.storage (its trials were kept in memory)`);
  const configured = tune.compare ? Object.keys(tune.compare).map((strategy) => `${tune.study}/${strategy}`) : [tune.study];
  return { url, names: names ?? configured };
}

async function studyTrials(storage: Storage, source: string, names: string[] | undefined) {
  const studies = await storage.listStudies();
  const known = studies.map((s) => JSON.stringify(s.name)).join(', ') || 'none stored';
  const missing = names?.filter((name) => !studies.some((s) => s.name === name)) ?? [];
  if (missing.length > 0) throw new UsageError(`--study must name studies in ${JSON.stringify(source)} (${known}), got ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
  const chosen = names === undefined ? studies : names.map((name) => studies.find((s) => s.name === name)!);
  if (chosen.length === 0) throw new UsageError(`<storage-or-config> must hold at least one study, got none in ${JSON.stringify(source)}`);
  return Promise.all(chosen.map(async (s) => ({ name: s.name, trials: await storage.getTrials(s.id) })));
}

function describe(study: string, result: ImportanceResult): string {
  const leftOut = Object.entries(result.leftOut).map(([why, n]) => `${n} ${why === 'missingParams' ? 'missing a parameter' : why === 'nonFinite' ? 'not finite' : why}`);
  const width = Math.max(...result.params.map((p) => p.name.length));
  const rows = result.params.map((p) => `  ${p.name.padEnd(width)}  ${p.importance.toFixed(3)}  ${'█'.repeat(Math.round(p.importance * BAR_WIDTH))}`.trimEnd());
  const header = `study ${JSON.stringify(study)}: fANOVA importance from ${result.trials} complete trials${leftOut.length ? ` (left out: ${leftOut.join(', ')})` : ''}, ${result.trees} trees, seed ${result.seed}`;
  return [header, ...rows].join('\n');
}

export async function importanceAction(source: string | undefined, options: ImportanceCommandOptions): Promise<void> {
  const output = new Output(options);
  const params = options.params?.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (options.params !== undefined && params!.length === 0) throw new UsageError(`--params must list parameter names separated by commas, got ${JSON.stringify(options.params)}`);
  const { url, names } = locate(source, options);
  const storage = await storageFromUrl(url, { mustExist: true });
  try {
    const studies = await studyTrials(storage, url, names);
    const results = studies.map(({ name, trials }) => {
      try {
        const { evaluator, trials: used, leftOut, seed, trees, params: ranked } = importanceOfTrials(trials, { ...(params ? { params } : {}), ...(options.trees ? { trees: options.trees } : {}), seed: options.seed ?? 0 });
        return { study: name, evaluator, trials: used, leftOut, seed, trees, params: ranked };
      } catch (error) {
        if (error instanceof NotEnoughTrialsError) throw new UsageError(`study ${JSON.stringify(name)}: ${error.message}`);
        if (error instanceof RangeError && error.message.startsWith('importance: params')) throw new UsageError(`study ${JSON.stringify(name)}: ${error.message.replace(/^importance: params/, '--params')}`);
        throw error;
      }
    });
    for (const { study, ...result } of results) output.result(describe(study, result));
    output.document({ studies: results });
  } finally {
    await storage.close();
  }
}


// A study's own config, stored with it: `hyperprop tune --storage …` and the first `hyperprop
// worker` record the config they ran, so that a worker started on another machine with only
// --storage and --study trains the same objective. Data paths are kept as the config resolved
// them: a CSV must sit at the same path on every machine (the bundled datasets always do).
import { validateConfig, type LoadedConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import type { Storage } from '../tune/types.ts';
import { UsageError } from './exit-codes.ts';

/** The study user attr that holds { config, baseDir }. */
export const STUDY_CONFIG_ATTR = 'hyperprop.config';

export interface StoredConfig {
  config: Config;
  baseDir: string;
}

export function storedConfig(loaded: LoadedConfig): StoredConfig {
  return { config: loaded.config, baseDir: loaded.baseDir };
}

/** The config stored with study `name`; a usage error when the study or its config is missing. */
export async function configFromStudy(storage: Storage, name: string, where: string): Promise<LoadedConfig> {
  const study = await storage.getStudy(name);
  if (study === undefined) throw new UsageError(`--study must name a study in ${where} when no config is given, got ${JSON.stringify(name)} (no such study)`);
  const stored = study.userAttrs[STUDY_CONFIG_ATTR] as StoredConfig | undefined;
  if (stored === undefined || typeof stored !== 'object' || typeof stored.baseDir !== 'string') {
    throw new UsageError(`study ${JSON.stringify(name)} must hold its config (created by \`hyperprop tune --storage\` or a worker with a config) when no config is given, got none`);
  }
  const source = `the config stored with study ${JSON.stringify(name)}`;
  return { config: validateConfig(stored.config, source), source, baseDir: stored.baseDir };
}

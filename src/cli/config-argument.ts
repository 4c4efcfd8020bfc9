// The <config> argument of train and tune: a file, or the embedded default when left out.
import { DEFAULT_TUNE_CONFIG } from '../config/defaults.ts';
import { loadConfig, validateConfig, type LoadedConfig } from '../config/load-config.ts';

export function configFromArgument(path: string | undefined): LoadedConfig {
  if (path !== undefined) return loadConfig(path);
  return { config: validateConfig(DEFAULT_TUNE_CONFIG, 'the embedded default config'), baseDir: process.cwd() };
}

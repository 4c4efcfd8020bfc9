// The <config> argument of train and tune: a file, or the embedded default when left out. Paths
// inside a config are relative to its folder; paths on the command line to the working directory.
import { DEFAULT_TUNE_CONFIG } from '../config/defaults.ts';
import { configPath, loadConfig, validateConfig, type LoadedConfig } from '../config/load-config.ts';

export function configFromArgument(path: string | undefined): LoadedConfig {
  if (path !== undefined) return loadConfig(path);
  return { config: validateConfig(DEFAULT_TUNE_CONFIG, 'the embedded default config'), baseDir: process.cwd() };
}

/** The report to write: --report as given, else report.output from the config's folder, else `fallback`. */
export function reportOutputPath(loaded: LoadedConfig, flag: string | undefined, fallback?: string): string | undefined {
  if (flag !== undefined) return flag;
  const output = loaded.config.report.output;
  return output === undefined ? fallback : configPath(loaded, output);
}

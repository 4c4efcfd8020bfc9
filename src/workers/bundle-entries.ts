// The entry points of the bundled build (scripts/bundle.mjs writes dist/bundle/<name>.js for
// each): the package, the `hyperprop` command, and every worker thread's task file, under the
// name its caller asks for (`workerScript(import.meta.url, './trial-worker')` from a chunk of the
// bundle finds dist/bundle/trial-worker.js). Module paths are under src/ (or dist/), no extension.
export const BUNDLE_ENTRIES: Readonly<Record<string, string>> = {
  index: 'index',
  cli: 'cli/main',
  'trial-worker': 'tune/executors/trial-worker',
  'train-worker': 'train/train-worker',
  'prediction-worker': 'serve/prediction-worker',
};

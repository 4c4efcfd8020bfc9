#!/usr/bin/env node
// `npm run test:mutation -- src/data src/nn/losses.ts --concurrency 1`: bare paths or globs
// become Stryker's --mutate list (a folder means every .ts file under it); flags pass through.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const targets = [];
const flags = [];
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith('-') || flags.length > 0) flags.push(arg);
  else targets.push(existsSync(arg) && statSync(arg).isDirectory() ? `${arg.replace(/\/$/, '')}/**/*.ts` : arg);
}
// Each source folder or file is tested by its mirror under test/ unless MUTATION_TESTS is set.
const mirrors = targets.map((t) =>
  t.replace(/^src\//, 'test/').replace(/\/\*\*\/\*\.ts$/, '/**/*.test.ts').replace(/(?<!\.test)\.ts$/, '.test.ts'),
);
if (process.env.MUTATION_TESTS === undefined && mirrors.length > 0) process.env.MUTATION_TESTS = mirrors.join(',');
// Each target list reports and remembers on its own (reports/mutation/<targets>/), so runs over
// different folders, one after another or side by side, neither overwrite nor invalidate each other.
const slug = targets.length === 0 ? 'all' : targets.map((t) => t.replace(/^src\//, '').replace(/\/\*\*\/\*\.ts$/, '').replace(/[^A-Za-z0-9.-]+/g, '-')).join('+');
const dir = `reports/mutation/${slug}`;
mkdirSync(dir, { recursive: true });
const config = JSON.parse(readFileSync('stryker.config.json', 'utf8'));
Object.assign(config, {
  incrementalFile: `${dir}/stryker-incremental.json`,
  htmlReporter: { fileName: `${dir}/mutation.html` },
  jsonReporter: { fileName: `${dir}/mutation.json` },
  tempDirName: `.stryker-tmp/${slug}`,
});
delete config.$schema;
writeFileSync(`${dir}/stryker.config.json`, JSON.stringify(config, null, 2));
const argv = [process.argv[0], 'stryker', 'run', `${dir}/stryker.config.json`, ...flags];
if (targets.length > 0) argv.push('--mutate', targets.join(','));

// StrykerJS 10 refuses to load below Node 22 by a version check at import time only; our
// supported Node is 20, on which it runs. Show the check 22 while the module loads, then restore.
const real = Object.getOwnPropertyDescriptor(process, 'version');
Object.defineProperty(process, 'version', { ...real, value: 'v22.0.0' });
const { StrykerCli } = await import('@stryker-mutator/core');
Object.defineProperty(process, 'version', real);
new StrykerCli(argv).run();

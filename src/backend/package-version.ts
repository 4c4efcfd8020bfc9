// hyperprop's own version, from its package.json (one source of truth). It lives beside
// package-root.ts, low in the layers, because export/ writes it into model files and cli/ prints it.
import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.ts';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

// hyperprop's own version, from its package.json (one source of truth).
import { readFileSync } from 'node:fs';
import { packagePath } from '../backend/package-root.ts';

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

// Locates files shipped with the package, from src/ (tsx, vitest) and from dist/ alike.
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file's folder (src/backend or dist/backend). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function packagePath(relative: string): string {
  return fileURLToPath(new URL(relative, new URL('../../', import.meta.url)));
}

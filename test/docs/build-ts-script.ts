// scripts/build-ts.mjs, typed for the tests: the script is plain JavaScript, so that
// `npm run build:ts` runs it with node alone, and the type-check reads no JavaScript.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BuildTsScript {
  RECIPES: string[];
  STAMP: string;
  OUTPUT: string;
  toolVersions(root: string): string[];
  tsInputsHash(root: string, tools?: string[]): string;
  buildTs(options: { root: string; force?: boolean; log: (line: string) => void; compile: (root: string) => void; mark: (root: string) => void }): { built: boolean; inputs: string };
}

export const buildTsScript = (await import(pathToFileURL(resolve(import.meta.dirname, '../../scripts/build-ts.mjs')).href)) as BuildTsScript;

// scripts/build-wasm.mjs, typed for the tests: the script is plain JavaScript, so that
// `npm run build:wasm` runs it with node alone, and the type-check reads no JavaScript.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BuildDecision {
  build: boolean;
  reason: string;
}

export interface BuildWasmScript {
  ASSEMBLY: string;
  RECIPE: string;
  STAMP_SUFFIX: string;
  compilerVersions(root: string): string[];
  wasmInputsHash(root: string, compilers?: string[]): string;
  wasmOutput(root: string): string;
  buildDecision(state: { inputs: string; output: Uint8Array | undefined; stamp: string | undefined }): BuildDecision;
  buildWasm(options?: { root?: string; force?: boolean; log?: (line: string) => void; compile?: (root: string) => Promise<void> }): Promise<{ built: boolean; inputs: string }>;
}

export const buildWasmScript = (await import(pathToFileURL(resolve(import.meta.dirname, '../../scripts/build-wasm.mjs')).href)) as BuildWasmScript;

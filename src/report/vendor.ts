// The charting library, read from node_modules and inlined into every report so the file opens
// offline: Vega (the renderer), Vega-Lite (the grammar the charts are written in) and
// vega-embed (which compiles and mounts them). Their source-map comments are dropped so no
// browser ever asks for a .map file next to the report.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The UMD bundles, in load order; each package's entry point sits in the same build folder. */
const BUNDLES = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

let cached: string[] | undefined;

export function vendorScripts(): string[] {
  cached ??= BUNDLES.map(([name, file]) => {
    const text = readFileSync(join(dirname(require.resolve(name)), file), 'utf8');
    return text.replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
  });
  return cached;
}

/** The versions inlined, for the report's footer. */
export function vendorVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const [name] of BUNDLES) {
    const pkg = JSON.parse(readFileSync(join(dirname(require.resolve(name)), '..', 'package.json'), 'utf8')) as { version: string };
    versions[name] = pkg.version;
  }
  return versions;
}

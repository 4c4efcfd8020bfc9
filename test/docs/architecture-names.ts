// What test/docs/architecture.test.ts checks in ARCHITECTURE.md: that every inline-code name of
// the guide is a thing of the repository (a path that exists, an npm script that package.json
// has, a name that some source file declares), and which imports break the layer rule.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Names of the platform and of libraries: declared outside the repository. */
const EXTERNAL = new Set(['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'SharedArrayBuffer', 'WebAssembly.Memory', 'subarray()', 'map', 'filter']);
const SOURCE_DIRS = ['src', 'native', 'assembly', 'scripts', 'test', 'bench'];
const SOURCE_FILE = /\.(ts|mts|mjs|cc|h|sh|py)$/;
const PATH_ROOTS = /^(src|test|native|assembly|scripts|bench|docs|\.ci)\//;
const ROOT_FILES = new Set(['package.json', 'binding.gyp', 'stryker.config.json', 'README.md', 'ARCHITECTURE.md', 'vitest.config.ts', 'vitest.interop.config.ts']);
const IDENTIFIER = /^#?[A-Za-z_$][\w$]*((\.|::)#?[A-Za-z_$][\w$]*)*(\(\))?$/;

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SOURCE_FILE.test(entry)) out.push(path);
  }
  return out;
}

const NAME = '#?[A-Za-z_$][\\w$]*';
const DECLARATIONS = [
  new RegExp(`\\b(?:function|class|interface|type|const|let|var|enum|struct|namespace|define)\\s+(${NAME})`, 'g'),
  // Methods (and TS overloads); a call at the start of a line passes too, which is harmless.
  new RegExp(`^[ \\t]*(?:(?:export|default|async|private|protected|public|static|readonly|override|abstract|get|set)\\s+)*(${NAME})\\s*(?:<[^>\\n]*>)?\\(`, 'gm'),
  // Properties of interfaces, classes and object literals.
  new RegExp(`^[ \\t]*(?:(?:private|protected|public|static|readonly|override|declare)\\s+)*(${NAME})\\??\\s*:`, 'gm'),
  // C++ functions: a return type, then the name.
  /^[ \t]*(?:[A-Z_]+\s+|inline\s+|static\s+)*(?:void|double|float|bool|int|long|Napi::Value|[A-Z]\w*)\s*[*&]?\s+([A-Za-z_]\w*)\s*\(/gm,
];

/** The names `text` declares: functions, classes, types, constants, methods, properties, re-exports. */
function declaredNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const pattern of DECLARATIONS) for (const match of text.matchAll(pattern)) names.add(match[1]!);
  for (const match of text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)) for (const name of match[1]!.split(',')) names.add(name.trim().split(/\s+/).at(-1)!);
  return names;
}

export interface Repository {
  root: string;
  /** Text of every source file, by path relative to the root. */
  files: Map<string, string>;
  /** The names each file declares. */
  declared: Map<string, Set<string>>;
  /** Every upper-case word with an underscore (constants, environment variables) of any file. */
  constants: Set<string>;
  scripts: Record<string, string>;
}

export function readRepository(root: string): Repository {
  const files = new Map<string, string>();
  for (const dir of SOURCE_DIRS) {
    for (const path of walk(join(root, dir))) {
      const file = relative(root, path);
      // This check's own test names things that must not exist.
      if (!file.startsWith('test/docs/architecture')) files.set(file, readFileSync(path, 'utf8'));
    }
  }
  const declared = new Map([...files].map(([file, text]) => [file, declaredNames(text)]));
  const constants = new Set([...files.values()].flatMap((text) => text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? []));
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return { root, files, declared, constants, scripts };
}

/** Inline code spans outside fenced blocks. */
export function inlineCode(markdown: string): string[] {
  const spans: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) for (const match of line.matchAll(/`([^`]+)`/g)) spans.push(match[1]!.trim());
  }
  return spans;
}

/** Why `span` names nothing in the repository, or undefined when it does (or is not a name). */
export function problemWith(repo: Repository, span: string): string | undefined {
  const path = span.replace(/\/$/, '');
  if (PATH_ROOTS.test(span) || ROOT_FILES.has(span)) {
    if (span.includes('<') || span.includes('*')) return undefined;
    return existsSync(join(repo.root, path)) ? undefined : `no file or folder ${span}`;
  }
  const script = /^npm run ([\w:-]+)/.exec(span);
  if (script) return repo.scripts[script[1]!] === undefined ? `no npm script ${script[1]}` : undefined;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(span)) {
    return repo.constants.has(span) ? undefined : `${span} appears in no source file`;
  }
  if (!IDENTIFIER.test(span) || EXTERNAL.has(span)) return undefined;
  const parts = span.replace(/\(\)$/, '').replace(/^this\./, '').split(/\.|::/);
  const owners = [...repo.declared].filter(([, names]) => names.has(parts[0]!));
  if (owners.length === 0) return `nothing declares ${parts[0]}`;
  for (const member of parts.slice(1)) {
    if (!owners.some(([, names]) => names.has(member))) return `${owners.map(([file]) => file).join(', ')} declares no ${member} (for ${span})`;
  }
  return undefined;
}

/** Each top-level entry of src/ (a folder with a trailing slash, or a file) and its rank. */
export function layerRanks(markdown: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of markdown.split('\n')) {
    const row = /^\|\s*(\d+)\s*\|([^|]+)\|/.exec(line);
    if (!row) continue;
    for (const match of row[2]!.matchAll(/`(src\/[^`]+)`/g)) ranks.set(match[1]!, Number(row[1]));
  }
  return ranks;
}

/** `src/x/` for a file under src/x, `src/x.ts` for a file at the top of src/. */
export function layerOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : file;
}

/** Every import `from` → `to` (paths relative to the root) of the files under src/. */
export function sourceImports(repo: Repository): { from: string; to: string }[] {
  const edges: { from: string; to: string }[] = [];
  for (const [file, text] of repo.files) {
    if (!file.startsWith('src/') || !file.endsWith('.ts')) continue;
    // import … from, export … from, import '…', import('…') and declare module '…' (which names a module as surely).
    for (const match of text.matchAll(/\b(?:from|import|declare\s+module)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      edges.push({ from: file, to: relative(repo.root, resolve(repo.root, dirname(file), match[1]!)) });
    }
  }
  return edges;
}

/** The imports that go up or sideways: to another layer of the same or a higher rank. */
export function backImports(repo: Repository, ranks: Map<string, number>): string[] {
  const back = new Set<string>();
  for (const { from, to } of sourceImports(repo)) {
    const [a, b] = [layerOf(from), layerOf(to)];
    if (a === b) continue;
    const [ra, rb] = [ranks.get(a), ranks.get(b)];
    if (ra === undefined || rb === undefined) throw new Error(`${from} imports ${to}: the layer table has no rank for ${ra === undefined ? a : b}`);
    if (rb >= ra) back.add(`${from} -> ${to}`);
  }
  return [...back].sort();
}

/** The exceptions the guide lists: each bullet names an importer, then what it imports. */
export function listedExceptions(markdown: string): string[] {
  const section = markdown.split(/^### Known exceptions$/m)[1]?.split(/^#/m)[0] ?? '';
  const listed: string[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('- ')) continue;
    const [from, ...to] = Array.from(line.matchAll(/`(src\/[^`]+)`/g), (m) => m[1]!);
    for (const target of to) listed.push(`${from} -> ${target}`);
  }
  return listed.sort();
}

// The oldest Linux systems a prebuilt addon must load on, as the newest symbol version it may
// import from each system library: RHEL 8 (glibc 2.28, GCC 8's libstdc++ and libgcc_s) and
// Ubuntu 20.04 (glibc 2.31, GCC 10's) both export every version up to these.
export const SYMBOL_VERSION_LIMITS: Readonly<Record<string, string>> = {
  GLIBC: '2.28',
  GLIBCXX: '3.4.25',
  CXXABI: '1.3.11',
  GCC: '7.0.0',
};

export interface ImportedSymbol {
  name: string;
  library: string;
  version: string;
}

export interface SymbolReport {
  /** The newest version imported from each library. */
  newest: Record<string, string>;
  /** Imported symbols whose version is above the limit. */
  tooNew: ImportedSymbol[];
}

export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The versioned symbols a shared object imports, from `readelf --dyn-syms -W` output. */
export function importedSymbols(readelfOutput: string): ImportedSymbol[] {
  const symbols: ImportedSymbol[] = [];
  for (const line of readelfOutput.split('\n')) {
    // Undefined (imported) entries only: what the addon defines needs nothing from the system.
    const match = /\sUND\s+([^@\s]+)@+([A-Z]+)_([0-9][0-9.]*)/.exec(line);
    if (match) symbols.push({ name: match[1]!, library: match[2]!, version: match[3]! });
  }
  return symbols;
}

export function checkSymbolVersions(symbols: ImportedSymbol[], limits = SYMBOL_VERSION_LIMITS): SymbolReport {
  const newest: Record<string, string> = {};
  const tooNew: ImportedSymbol[] = [];
  for (const symbol of symbols) {
    const current = newest[symbol.library];
    if (current === undefined || compareVersions(symbol.version, current) > 0) newest[symbol.library] = symbol.version;
    const limit = limits[symbol.library];
    // A library we set no limit for (a new dependency) is a failure until someone sets one.
    if (limit === undefined || compareVersions(symbol.version, limit) > 0) tooNew.push(symbol);
  }
  return { newest, tooNew };
}

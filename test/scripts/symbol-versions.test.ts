// The native binary loads on the oldest supported systems: it imports no glibc, libstdc++ or
// libgcc symbol version newer than RHEL 8 / Ubuntu 20.04 export.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkSymbolVersions, compareVersions, importedSymbols } from '../../scripts/symbol-versions.ts';
import { PACKAGE_ROOT } from '../../src/backend/package-root.ts';
import { BACKENDS } from '../backend/backends.ts';

const require = createRequire(import.meta.url);

// Lines as readelf prints them for a build on glibc 2.36 without the compat header.
const READELF = `
     1: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND _Znam@GLIBCXX_3.4 (2)
    13: 0000000000000000     0 FUNC    WEAK   DEFAULT  UND __cxa_finalize@GLIBC_2.2.5 (5)
    20: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND log@GLIBC_2.29 (7)
    21: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND expf@GLIBC_2.27 (8)
    22: 0000000000000000     0 FUNC    GLOBAL DEFAULT  UND pthread_create@GLIBC_2.34 (9)
    30: 0000000000001234    40 FUNC    GLOBAL DEFAULT   12 napi_register_module_v1
`;

describe('symbol versions', () => {
  it('compares versions numerically, part by part', () => {
    expect(compareVersions('2.28', '2.3')).toBe(1);
    expect(compareVersions('2.2.5', '2.28')).toBe(-1);
    expect(compareVersions('3.4', '3.4.0')).toBe(0);
  });

  it('flags every import above glibc 2.28 and names it', () => {
    const report = checkSymbolVersions(importedSymbols(READELF));
    expect(report.newest).toEqual({ GLIBCXX: '3.4', GLIBC: '2.34' });
    expect(report.tooNew.map((s) => `${s.name}@${s.version}`)).toEqual(['log@2.29', 'pthread_create@2.34']);
  });

  it('flags a library it has no limit for', () => {
    const report = checkSymbolVersions(importedSymbols('  5: 0 0 FUNC GLOBAL DEFAULT UND foo@LIBFOO_1.0 (2)'));
    expect(report.tooNew).toEqual([{ name: 'foo', library: 'LIBFOO', version: '1.0' }]);
  });

  it('the native binary that loads here imports nothing newer than the limits', () => {
    if (!BACKENDS.find((b) => b.name === 'native')!.backend) return;
    const file: string = require('node-gyp-build').path(PACKAGE_ROOT);
    const report = checkSymbolVersions(importedSymbols(execFileSync('readelf', ['--dyn-syms', '-W', file], { encoding: 'utf8' })));
    expect(report.tooNew).toEqual([]);
    expect(Object.keys(report.newest)).toContain('GLIBC');
  });
});

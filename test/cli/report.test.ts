// hyperprop report: from a storage (every study, or chosen ones) and from a training run file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStudyStorage } from '../fixtures/study-storage.ts';
import { xorRun } from '../fixtures/report-data.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hyperprop-report-cli-'));
let db: string;
beforeAll(async () => {
  db = await makeStudyStorage(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chartIds(html: string): string[] {
  return [...html.matchAll(/<div class="chart" id="([^"]+)" data-chart>/g)].map((m) => m[1]!);
}

describe('hyperprop report', () => {
  it('reports every study of a storage with the comparison, and --json parses (child process)', async () => {
    const out = join(dir, 'all.html');
    const { code, stdout } = await hyperprop(['report', db, '-o', out, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ report: out, kind: 'study', studies: ['alpha', 'beta'] });
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<section id="comparison">');
    expect(html).toContain('<section id="alpha-rungs">');
    expect(chartIds(html)).toContain('chart-comparison-1');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('reports chosen studies only, and a training run from its JSON file', async () => {
    const one = join(dir, 'beta.html');
    const runFile = join(dir, 'run.json');
    writeFileSync(runFile, JSON.stringify(xorRun()));
    const runOut = join(dir, 'run.html');
    const study = await hyperpropInProcess(['report', db, '--study', 'beta', '-o', one]);
    const run = await hyperpropInProcess(['report', runFile, '-o', runOut, '--title', 'XOR by hand']);
    expect(study.code).toBe(0);
    expect(study.stdout).toContain(`wrote report ${one} (beta)`);
    expect(readFileSync(one, 'utf8')).not.toContain('id="comparison"');
    expect(run.code).toBe(0);
    const html = readFileSync(runOut, 'utf8');
    expect(html).toContain('<title>XOR by hand</title>');
    expect(html).toContain('<section id="trace">');
  });

  it('exits 2 for a missing storage, an unknown study or a JSON file that is not a run', async () => {
    const notRun = join(dir, 'other.json');
    writeFileSync(notRun, '{"hello": 1}');
    const missing = await hyperpropInProcess(['report', join(dir, 'none.db')]);
    const unknown = await hyperpropInProcess(['report', db, '--study', 'zeta', '-o', join(dir, 'x.html')]);
    const other = await hyperpropInProcess(['report', notRun, '-o', join(dir, 'y.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--storage must be an existing SQLite file');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--study must name a study in the storage ("alpha", "beta"), got "zeta"');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('must be a run file written by `hyperprop train -o`');
  });

  it('refuses a run file that is a FIFO before reading, and never quotes a file that is not JSON', async () => {
    const fifo = join(dir, 'run-fifo.json');
    execFileSync('mkfifo', [fifo]);
    const start = performance.now();
    const piped = await hyperpropInProcess(['report', fifo, '-o', join(dir, 'fifo.html')]);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(`run file ${JSON.stringify(fifo)} must be a regular file, got a FIFO (named pipe)`);
    const passwd = join(dir, 'passwd.json');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
    const text = await hyperpropInProcess(['report', passwd, '-o', join(dir, 'passwd.html')]);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(`<study-or-run> must be a run file written by \`hyperprop train -o\`, got ${JSON.stringify(passwd)} (not valid JSON at line 1, column 1: unexpected character)`);
    expect(text.stderr).not.toMatch(/root:|bash/);
  });
});

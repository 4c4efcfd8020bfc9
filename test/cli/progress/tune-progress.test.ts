// `hyperprop tune` on a terminal: the bars, the last trial's row and the last study's summary all
// reach the screen, and every bar line fits the terminal's width. Node has no pseudo-terminal of
// its own, so util-linux's `script` provides one (present on every Linux; skipped without it).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../run-cli.ts';

const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'hyperprop-tty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs the CLI under a pseudo-terminal `columns` wide; resolves with everything it drew. */
function underTerminal(args: readonly string[], columns: number): Promise<{ code: number; screen: string }> {
  const command = `stty cols ${columns} rows 40 && exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' }, timeout: 120_000 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? (error.code as number) : 0, screen: stdout });
    });
  });
}

/** The text a terminal would keep on each line: escape sequences dropped, \r\n as newlines. */
function lines(screen: string): string[] {
  return screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').split(/\r?\n/).flatMap((line) => line.split('\r').filter((part) => part !== ''));
}

describe.skipIf(!HAS_SCRIPT)('hyperprop tune on a terminal (a pseudo-terminal from util-linux `script`; skipped where it is missing)', () => {
  it('prints every trial row and the last study’s summary, and the final bar shows the whole best value', async () => {
    const path = join(dir, 'iris.yaml');
    writeFileSync(path, 'data: { builtin: iris, split: { validation: 0.3, test: 0.2, seed: 0 } }\ntune: { study: iris, epochs: 3, trials: 3, seed: 4, space: { lr: { type: float, low: 0.001, high: 0.3, log: true } } }\n');
    const { code, screen } = await underTerminal(['tune', path], 80);
    expect(code, screen).toBe(0);
    const shown = lines(screen);
    for (const trial of [0, 1, 2]) expect(shown.some((l) => new RegExp(`^ +${trial}  complete `).test(l)), `row of trial ${trial}\n${shown.join('\n')}`).toBe(true);
    const summary = shown.find((l) => /^best [\d.]+ \(trial \d\) after 3 trials, \d+ epochs, [\d.]+ s; refit on \d+ training \+ validation rows for 3 epochs, on the test split: /.test(l));
    expect(summary, shown.join('\n')).toBeDefined();
    const best = /^best ([\d.]+)/.exec(summary!)![1]!;
    const finalBar = shown.filter((l) => l.startsWith(' study |')).at(-1)!;
    expect(finalBar).toMatch(new RegExp(`\\| 3/3 trials \\| .* best ${best.replace('.', '\\.')}$`));
    for (const bar of shown.filter((l) => l.includes('|'))) expect(bar.length, bar).toBeLessThanOrEqual(80);
  });
});

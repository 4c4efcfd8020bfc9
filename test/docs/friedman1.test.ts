// The README's Regression section, run as written: `hyperprop train` and `hyperprop tune` of
// examples/friedman1.yaml (rows 0-799 train, 800-999 test), read from its block tagged
// `test=friedman1`. The tuned and refit model must reach test R² 0.92 (scikit-learn's
// MLPRegressor: 0.919), in what tune prints and in the model file it saves.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFriedman1 } from '../../src/data/builtin.ts';
import { loadModel } from '../../src/nn/model-file.ts';
import { findPrinted, scratchFolder, sectionCommands } from './readme-commands.ts';

/** How far a quoted number with decimals may be from the printed one (another backend sums float32 in another order). */
const TOLERANCE = 0.01;
const TEST_ROWS = Int32Array.from({ length: 200 }, (_, i) => 800 + i);

const commands = sectionCommands('Regression', 'friedman1');
const folder = scratchFolder();
afterAll(() => folder.remove());

describe('README: friedman1 through the command line', () => {
  it('train and tune run as written, print what the README quotes, and the tuned model reaches test R² >= 0.92', { timeout: 300_000 }, async () => {
    expect(commands.map((c) => c.command.split(' ').slice(0, 3).join(' '))).toEqual(['npx hyperprop train', 'npx hyperprop tune']);
    let tuneOutput = '';
    for (const c of commands) {
      const { code, output } = await folder.run(c.command, 240_000);
      expect(code, `README line ${c.line}: ${c.command} exited with ${code}:\n${output}`).toBe(0);
      for (const quoted of c.prints) {
        expect(findPrinted(quoted, output, TOLERANCE), `README line ${c.line}: "${quoted}" is not what\n  ${c.command}\nprinted:\n${output}`).toBeDefined();
      }
      if (c.command.includes(' tune ')) tuneOutput = output;
    }
    const printed = Number(/on the test split: .*\br2 (\S+)/.exec(tuneOutput)![1]);
    expect(printed).toBeGreaterThanOrEqual(0.92);
    // The saved model, raw rows 800-999 in: its own scalers, the same R² as printed.
    const saved = /--save-model (\S+)/.exec(commands[1]!.command)![1]!;
    const { model } = loadModel(join(folder.dir, saved));
    const test = loadFriedman1().subset(TEST_ROWS);
    const r2 = model.evaluate(test.x, test.y).r2!;
    expect(r2).toBeGreaterThanOrEqual(0.92);
    expect(r2).toBeCloseTo(printed, 4);
  });
});

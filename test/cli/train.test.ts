// hyperprop train through the real executable: runs, files and JSON; bad configs exit 2 naming
// the field path.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/nn/model-file.ts';
import { hyperprop } from './run-cli.ts';
import { hyperpropInProcess } from './run-in-process.ts';
import { tempFolder } from '../fixtures/temp-folder.ts';

const { dir, write: config } = tempFolder('hyperprop-train-cli-');


describe('hyperprop train', () => {
  it('trains XOR to 100%, writes the run, the report and the model, and prints JSON that parses (child process)', async () => {
    const run = join(dir, 'xor-run.json');
    const report = join(dir, 'xor.html');
    const model = join(dir, 'xor-model.json');
    const { code, stdout } = await hyperprop(['train', 'examples/xor.yaml', '--json', '-o', run, '--report', report, '--save-model', model]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.kind).toBe('hyperprop-run');
    expect(result.history.status).toBe('completed');
    expect(result.history.series.accuracy.at(-1)).toBe(1);
    expect(result.trace.layers).toHaveLength(2);
    expect(result.files).toEqual({ run, report, model });
    expect(JSON.parse(readFileSync(run, 'utf8')).history.epoch).toHaveLength(2000);
    expect(readFileSync(report, 'utf8')).toContain('id="gradients"');
    const { model: loaded } = loadModel(model);
    expect(Array.from(loaded.predict([[0, 0], [0, 1], [1, 0], [1, 1]]))).toEqual([0, 1, 1, 0]);
  });

  it('prints one plain line per epoch when stdout is not a terminal, and the test metrics', async () => {
    const path = config('iris.yaml', 'data: { builtin: iris, split: { test: 0.2, seed: 1 } }\ntraining: { epochs: 3 }\n');
    const { code, stdout } = await hyperpropInProcess(['train', path]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^epoch 1\/3  loss [\d.]+  accuracy [\d.]+$/m);
    expect(stdout).toMatch(/^epoch 3\/3 /m);
    expect(stdout).toMatch(/^completed: test loss [\d.]+, test accuracy [\d.]+$/m);
  });

  it('k-fold configs report each fold', async () => {
    const { code, stdout } = await hyperpropInProcess(['train', 'examples/wine.yaml', '--json', '--quiet']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.folds.metrics).toHaveLength(5);
    expect(result.folds.mean.accuracy).toBeGreaterThan(0.8);
  });

  it('reads a CSV file named relative to the config, with its label column', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const x = (i % 10) / 10;
      const y = Math.floor(i / 10) / 6;
      return `${x},${y},${x + y > 0.9 ? 'big' : 'small'}`;
    });
    writeFileSync(join(dir, 'points.csv'), ['x,y,size', ...rows].join('\n'));
    const path = config('points.yaml', 'data: { csv: points.csv, label: size, split: { test: 0.25, seed: 3 } }\ntraining: { epochs: 40, optimizer: { type: adam, lr: 0.05 } }\n');
    const { code, stdout, stderr } = await hyperpropInProcess(['train', path, '--json', '--quiet']);
    expect(code, stderr).toBe(0);
    const run = JSON.parse(stdout);
    expect(run.data).toBe('points.csv (60 rows, 2 features, 2 classes)');
    expect(run.test.accuracy).toBeGreaterThan(0.8);
  });

  it('says which task it inferred from CSV labels: integers making many classes regress, few classify', async () => {
    // An integer-valued quantity (0 … 299): not a 300-class problem.
    const rows = Array.from({ length: 150 }, (_, i) => `${i / 150},${(i * 7) % 13},${2 * i}`);
    writeFileSync(join(dir, 'counts.csv'), ['a,b,count', ...rows].join('\n'));
    const counts = config('counts.yaml', 'data: { csv: counts.csv, label: count }\ntraining: { epochs: 1 }\n');
    const regression = await hyperpropInProcess(['train', counts, '--json']);
    expect(regression.code, regression.stderr).toBe(0);
    expect(regression.stderr).toContain('task: regression (inferred: integer labels making 299 classes, more than 20; set data.task: classification to classify)\n');
    expect(JSON.parse(regression.stdout).model.loss).toBe('mse');

    const classes = Array.from({ length: 60 }, (_, i) => `${i / 60},${i % 3}`);
    writeFileSync(join(dir, 'three.csv'), ['a,class', ...classes].join('\n'));
    const three = config('three.yaml', 'data: { csv: three.csv, label: class }\ntraining: { epochs: 1 }\n');
    const classification = await hyperpropInProcess(['train', three, '--json']);
    expect(classification.code, classification.stderr).toBe(0);
    expect(classification.stderr).toContain('task: classification (inferred: 3 classes from the labels; set data.task: regression if the label is a quantity)\n');
    expect(JSON.parse(classification.stdout).model.loss).toBe('categoricalCrossEntropy');

    // Said explicitly, nothing is inferred and the integers are classes.
    const asked = config('counts-classes.yaml', 'data: { csv: counts.csv, label: count, task: classification }\ntraining: { epochs: 1 }\n');
    const explicit = await hyperpropInProcess(['train', asked, '--json']);
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(explicit.stderr).not.toContain('task:');
    expect(JSON.parse(explicit.stdout).data).toBe('counts.csv (150 rows, 2 features, 299 classes)');
  });

  it('saves a model that scales raw rows itself, as the run scored them', async () => {
    const path = join(dir, 'wine-model.json');
    const wine = config('wine-split.yaml', 'data: { builtin: wine, scaling: standard, split: { test: 0.3, seed: 1 } }\ntraining: { epochs: 40 }\n');
    const { code, stdout, stderr } = await hyperpropInProcess(['train', wine, '--json', '--quiet', '--save-model', path]);
    expect(code, stderr).toBe(0);
    const run = JSON.parse(stdout);
    const { loadWine, trainTestSplit } = await import('../../src/data/index.ts');
    const { test } = trainTestSplit(loadWine(), { testSize: 0.3, seed: 1, stratify: true });
    const { model } = loadModel(path);
    expect(model.inputScaler?.constructor.name).toBe('StandardScaler');
    expect(model.evaluate(test.x, test.y).accuracy).toBeCloseTo(run.test.accuracy, 10);
  });

  it('--trace prints the first step before the epochs (to stderr with --json), and refuses a config that traces no rows', async () => {
    const path = config('xor-trace.yaml', 'data: { builtin: xor, scaling: none }\nmodel: { hidden: [{ units: 4, activation: sigmoid }], output: { activation: sigmoid }, seed: 1 }\ntraining: { epochs: 2, batchSize: 4, optimizer: { type: sgd, lr: 0.5 } }\n');
    const plain = await hyperpropInProcess(['train', path, '--trace']);
    expect(plain.code, plain.stderr).toBe(0);
    const traceAt = plain.stdout.indexOf('Backprop step (learning rate 0.5), loss before the step ');
    expect(traceAt).toBeGreaterThan(0);
    expect(plain.stdout.indexOf('Z(2) = A(1)·W(2)ᵀ + b(2)')).toBeGreaterThan(traceAt);
    expect(plain.stdout.indexOf('epoch 1/2')).toBeGreaterThan(plain.stdout.indexOf('b(2) − lr·∂E/∂b(2)'));
    const json = await hyperpropInProcess(['train', path, '--trace', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toContain('Z(1) = A(0)·W(1)ᵀ + b(1)');
    expect(JSON.parse(json.stdout).trace.layers[0].layer).toBe(1);
    const untraced = config('xor-untraced.yaml', 'data: { builtin: xor }\ntraining: { epochs: 1, traceRows: 0 }\n');
    const refused = await hyperpropInProcess(['train', untraced, '--trace']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--trace needs training.traceRows of at least 1, got 0');
    const folds = await hyperpropInProcess(['train', 'examples/wine.yaml', '--trace']);
    expect(folds.code).toBe(2);
    expect(folds.stderr).toContain('--trace traces the one model of a run; it cannot be used with data.kfold');
  });

  it('exits 2 with the field path, the rule and the value for a bad config', async () => {
    const path = config('bad.yaml', 'data: { builtin: iris }\nmodel:\n  hidden: [{ units: 0 }]\ntraining: { epoch: 5, optimizer: { type: adam, lr: -1 } }\n');
    const { code, stderr } = await hyperpropInProcess(['train', path]);
    expect(code).toBe(2);
    expect(stderr).toContain('model.hidden[0].units must be an integer >= 1, got 0');
    expect(stderr).toContain('training.optimizer.lr must be a finite number >= 0, got -1');
    expect(stderr).toContain('training.epoch is not a known setting');
  });

  it('exits 2 for a combination the model rejects, a YAML syntax error and a missing file', async () => {
    const mismatch = config('loss.yaml', 'data: { builtin: iris }\nmodel: { loss: binaryCrossEntropy }\n');
    const syntax = config('syntax.yaml', 'data:\n  builtin: iris\n   scaling: none\n');
    const json = config('bad.json', '{ "data": { "builtin": "iris", } }');
    const a = await hyperpropInProcess(['train', mismatch]);
    const b = await hyperpropInProcess(['train', syntax]);
    const c = await hyperpropInProcess(['train', json]);
    const d = await hyperpropInProcess(['train', join(dir, 'missing.yaml')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("model.output.activation must be 'sigmoid' for loss 'binaryCrossEntropy'");
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/invalid YAML at line 2, column \d+: Nested mappings are not allowed in compact mappings\n/);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/invalid JSON at line 1, column \d+/);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('config file must be readable, got ENOENT');
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });

  // In process: the exit code reaches the executable's own exit code by the one line of
  // src/cli/main.ts that the XOR run above checks (and interrupt.test.ts with 130).
  it('exits 3 when training diverges and writes the run but no model unless --save-diverged', async () => {
    const path = config('diverge.yaml', 'data: { builtin: iris, split: { test: 0.2, seed: 1 } }\ntraining: { epochs: 5, optimizer: { type: sgd, lr: 1000 } }\n');
    const model = join(dir, 'diverged-model.json');
    const run = join(dir, 'diverged-run.json');
    const refused = await hyperpropInProcess(['train', path, '--save-model', model, '-o', run, '--json', '--quiet']);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/^error: training diverged in epoch \d+, step \d+ \(a loss or weight became NaN or infinite\); no model written \(--save-diverged writes it anyway\)$/m);
    expect(existsSync(model)).toBe(false);
    expect(JSON.parse(readFileSync(run, 'utf8')).history.status).toBe('diverged');
    const printed = JSON.parse(refused.stdout);
    expect(printed.history.status).toBe('diverged');
    expect(printed.files.model).toBeNull();

    const kept = await hyperpropInProcess(['train', path, '--save-model', model, '--save-diverged']);
    expect(kept.code, kept.stderr).toBe(3);
    expect(kept.stdout).toContain(`wrote model ${model}`);
    expect(existsSync(model)).toBe(true);
    expect(kept.stderr).toMatch(/^error: training diverged in epoch \d+, step \d+ .*; the model was written as asked \(--save-diverged\)$/m);
  });
});

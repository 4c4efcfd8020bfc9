// The journal storage against Optuna 3.1 itself (Debian's python3-optuna): Optuna's
// JournalFileStorage loads a study hyperprop wrote, with every state, distribution kind,
// intermediate value, attribute and datetime as we stored them, in its trials and in
// trials_dataframe(); and a Python process running study.optimize shares one study on one file
// with a Node worker process at the same time. The interpreter is test:interop's (python.ts).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../src/tune/space.ts';
import { JournalStorage } from '../../src/tune/storage/journal/journal-storage.ts';
import { createStudy } from '../../src/tune/study.ts';
import type { FrozenTrial } from '../../src/tune/types.ts';
import type { JournalWorkerConfig } from '../fixtures/journal-worker.ts';
import { optunaPython } from './python.ts';

// Optuna writes naive local datetimes: a zone off UTC by a fraction of an hour shows any mix-up
// of local time and UTC. Node applies a TZ set at run time, and the child processes inherit it.
process.env.TZ = 'Asia/Kathmandu';
const PYTHON = optunaPython();
const SCRIPT = fileURLToPath(new URL('./optuna_journal.py', import.meta.url));
const WORKER = fileURLToPath(new URL('../fixtures/journal-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'hyperprop-journal-interop-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface OptunaTrial {
  number: number;
  state: string;
  values: number[] | null;
  params: Record<string, unknown>;
  distributions: Record<string, string>;
  intermediate: Record<string, number>;
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  datetime_start: number | null;
  datetime_complete: number | null;
}

interface OptunaFrame {
  directions: string[];
  system_attrs: Record<string, unknown>;
  user_attrs: Record<string, unknown>;
  trials: OptunaTrial[];
  frame: Record<string, unknown>[];
}

function frame(path: string, study: string): OptunaFrame {
  const run = spawnSync(PYTHON, [SCRIPT, 'frame', path, study], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`optuna_journal.py frame exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as OptunaFrame;
}

const OPTUNA_STATE: Record<string, string> = { complete: 'COMPLETE', pruned: 'PRUNED', failed: 'FAIL', diverged: 'FAIL', running: 'RUNNING', waiting: 'WAITING' };

/** A child process that prints a first line when ready and its result when done. */
function child(command: string, args: string[]): { process: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<string> } {
  const p = spawn(command, args, { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  p.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<string>((resolve, reject) => p.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr}`)))));
  const ready = (async () => {
    while (!stdout.includes('ready\n')) {
      if (p.exitCode !== null) throw new Error(`${command} exited ${p.exitCode}: ${stderr}`);
      await delay(20);
    }
  })();
  return { process: p, ready, done };
}

describe("Optuna's JournalFileStorage on hyperprop's journal", () => {
  it('loads the study: every state, distribution kind, intermediate value, attr and datetime, in trials and trials_dataframe()', async () => {
    const path = join(folder, 'written.log');
    const began = Date.now();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('written', 'minimize', 11);
    await storage.setStudyAttr(study.id, 'dataset', 'digits');
    const spaces = {
      lr: floatDistribution(1e-4, 1, { log: true }),
      units: intDistribution(8, 64, { step: 8 }),
      layers: intDistribution(1, 16, { log: true }),
      dropout: floatDistribution(0, 0.5, { step: 0.125 }),
      act: categoricalDistribution(['relu', 'tanh', null]),
    };
    const finish: [Exclude<FrozenTrial['state'], 'waiting'>, number | null][] = [
      ['complete', 0.25],
      ['pruned', 0.75],
      ['failed', null],
      ['diverged', null],
      ['complete', 0.125],
      ['running', null],
    ];
    for (const [k, [state, value]] of finish.entries()) {
      const t = await storage.createTrial(study.id, { state: 'running' });
      await storage.setParam(study.id, t.number, 'lr', spaces.lr, 10 ** -(k + 1));
      await storage.setParam(study.id, t.number, 'units', spaces.units, 8 * (k + 1));
      await storage.setParam(study.id, t.number, 'layers', spaces.layers, k + 1);
      await storage.setParam(study.id, t.number, 'dropout', spaces.dropout, (k % 5) * 0.125);
      await storage.setParam(study.id, t.number, 'act', spaces.act, spaces.act.choices[k % 3]!);
      for (let step = 0; step <= k % 3; step++) await storage.reportIntermediate(study.id, t.number, step, 1 / (k + step + 1));
      await storage.setTrialAttr(study.id, t.number, 'user', 'epochs', k + 1);
      if (state !== 'running') await storage.finishTrial(study.id, t.number, state, value);
    }
    await storage.createTrial(study.id, { state: 'waiting', systemAttrs: { fixedParams: { lr: 0.5 } } });
    const ours = await storage.getTrials(study.id);
    const ended = Date.now();

    const optuna = frame(path, 'written');
    // The times Optuna reads are the times the trials ran.
    for (const at of optuna.trials.flatMap((t) => [t.datetime_start, t.datetime_complete]).filter((x) => x !== null)) expect(at! >= began && at! <= ended).toBe(true);
    expect(optuna.directions).toEqual(['MINIMIZE']);
    expect(optuna.user_attrs).toEqual({ dataset: 'digits' });
    expect(optuna.system_attrs).toMatchObject({ 'hyperprop:seed': 11 });
    expect(optuna.trials).toHaveLength(ours.length);
    for (const [i, t] of ours.entries()) {
      const o = optuna.trials[i]!;
      expect(o).toMatchObject({ number: t.number, state: OPTUNA_STATE[t.state], values: t.values, params: t.params, user_attrs: t.userAttrs, datetime_start: t.startedAt, datetime_complete: t.completedAt });
      expect(Object.fromEntries(Object.entries(o.intermediate).map(([step, v]) => [Number(step), v]))).toEqual(t.intermediate);
      expect(o.system_attrs).toMatchObject({ ...t.systemAttrs, 'hyperprop:seed': t.seed });
      const row = optuna.frame[i]!;
      expect(row).toMatchObject({ number: t.number, value: t.value, state: OPTUNA_STATE[t.state], datetime_start: t.startedAt, datetime_complete: t.completedAt });
      for (const [name, value] of Object.entries(t.params)) expect(row[`params_${name}`]).toEqual(value);
      if (t.userAttrs['epochs'] !== undefined) expect(row['user_attrs_epochs']).toBe(t.userAttrs['epochs']);
    }
    expect(optuna.trials[3]!.system_attrs['hyperprop:state']).toBe('diverged');
    expect(JSON.parse(optuna.trials[0]!.distributions['units']!)).toEqual({ name: 'IntDistribution', attributes: { log: false, step: 8, low: 8, high: 64 } });
    expect(JSON.parse(optuna.trials[0]!.distributions['act']!)).toEqual({ name: 'CategoricalDistribution', attributes: { choices: ['relu', 'tanh', null] } });
  }, 60_000);

  it('loads a study with two objectives: its directions and each trial\'s values', async () => {
    const path = join(folder, 'two.log');
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('two', ['minimize', 'maximize'], 0);
    const t = await storage.createTrial(study.id, { state: 'running' });
    await storage.finishTrial(study.id, t.number, 'complete', [0.5, 120]);
    const optuna = frame(path, 'two');
    expect(optuna.directions).toEqual(['MINIMIZE', 'MAXIMIZE']);
    expect(optuna.trials[0]).toMatchObject({ state: 'COMPLETE', values: [0.5, 120] });
    expect(optuna.frame[0]).toMatchObject({ values_0: 0.5, values_1: 120 });
  }, 60_000);

  it('a Python study.optimize and a Node worker run 10 trials each on one file at the same time: 20 trials numbered once, both see all', async () => {
    const path = join(folder, 'shared.log');
    const counter = join(folder, 'counter');
    writeFileSync(counter, '0');
    const storage = new JournalStorage(path);
    const study = await createStudy({ name: 'shared', storage, seed: 1 });
    const config: JournalWorkerConfig = { mode: 'share', path, counter, trialMs: 50 };
    const python = child(PYTHON, [SCRIPT, 'optimize', path, 'shared', '10']);
    const node = child(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(config)]);
    await Promise.all([python.ready, node.ready]);
    for (const c of [python, node]) c.process.stdin.write('go\n');
    const [pyRan, nodeRan] = (await Promise.all([python.done, node.done])).map((out) => JSON.parse(out.trim().split('\n').at(-1)!) as number[]);
    expect(pyRan).toHaveLength(10);
    expect(nodeRan).toHaveLength(10);
    expect([...pyRan!, ...nodeRan!].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // At the same time: neither ran all its trials before the other started.
    expect(Math.max(...pyRan!)).toBeGreaterThan(Math.min(...nodeRan!));
    expect(Math.max(...nodeRan!)).toBeGreaterThan(Math.min(...pyRan!));
    const ours = await storage.getTrials(study.id);
    expect(ours.map((t) => [t.number, t.state])).toEqual(Array.from({ length: 20 }, (_, i) => [i, 'complete']));
    const optuna = frame(path, 'shared');
    expect(optuna.trials.map((t) => [t.number, t.state, t.values, t.params])).toEqual(ours.map((t) => [t.number, 'COMPLETE', t.values, t.params]));
  }, 120_000);
});

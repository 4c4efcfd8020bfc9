// JournalStorage: the conformance suite on real journal files (each storage instance a separate
// reader of the file, as another process would be), plus what the format adds: the lines are
// Optuna's, Python's NaN and Infinity, a crashed writer's half line, a file lock left behind,
// and Optuna's replay rules for records it skips.
import { appendFileSync, lutimesSync, readFileSync, symlinkSync, unlinkSync, existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.ts';
import { categoricalDistribution, floatDistribution, intDistribution } from '../../../src/tune/space.ts';
import { trialSeed } from '../../../src/tune/seeds.ts';
import { JournalStorage } from '../../../src/tune/storage/journal/journal-storage.ts';
import { storageConformance } from './conformance.ts';
import { tempJournals } from './journal-files.ts';

// Optuna writes naive local datetimes: a zone off UTC by a fraction of an hour shows any mix-up
// of local time and UTC (Node applies a TZ set at run time).
const zoneBefore = process.env.TZ;
process.env.TZ = 'Asia/Kathmandu';
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});
const nextPath = tempJournals();

storageConformance('JournalStorage', () => new JournalStorage(nextPath()), (storage) => new JournalStorage((storage as JournalStorage).path), 'process');

const lines = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l.replace(/\bInfinity\b/g, '1e999')) as Record<string, unknown>);

/** A record as a Python worker writes it (json.dumps spacing, its own worker id). */
function pythonLine(path: string, record: Record<string, unknown>): void {
  appendFileSync(path, `${JSON.stringify({ worker_id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427-140000', ...record }).replace(/,"/g, ', "').replace(/":/g, '": ')}\n`);
}

describe('JournalStorage files', () => {
  it("writes Optuna's records: op codes, directions, a distribution as a JSON string, a categorical by index, local ISO datetimes", async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'maximize', 5);
    const t = await storage.createTrial(study.id, { state: 'running' });
    await storage.setParam(study.id, t.number, 'act', categoricalDistribution(['relu', 'tanh', null]), 'tanh');
    await storage.setParam(study.id, t.number, 'lr', floatDistribution(1e-4, 1, { log: true }), 0.01);
    await storage.reportIntermediate(study.id, t.number, 3, Number.POSITIVE_INFINITY);
    await storage.finishTrial(study.id, t.number, 'complete', 0.5);
    const [create, seed, , trial, act, lr, report, finish] = lines(path);
    expect(create).toMatchObject({ op_code: 0, study_name: 's', directions: [2] });
    expect(seed).toMatchObject({ op_code: 3, study_id: 0, system_attr: { 'hyperprop:seed': 5 } });
    expect(trial).toMatchObject({ op_code: 4, study_id: 0, state: 0, value: null, values: null, system_attrs: { 'hyperprop:seed': trialSeed(5, 0) } });
    expect(trial!['datetime_start']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(trial).not.toHaveProperty('datetime_complete');
    expect(act).toMatchObject({ op_code: 5, trial_id: 0, param_name: 'act', param_value_internal: 1 });
    expect(JSON.parse(act!['distribution'] as string)).toEqual({ name: 'CategoricalDistribution', attributes: { choices: ['relu', 'tanh', null] } });
    expect(JSON.parse(lr!['distribution'] as string)).toEqual({ name: 'FloatDistribution', attributes: { step: null, low: 1e-4, high: 1, log: true } });
    expect(report).toMatchObject({ op_code: 7, trial_id: 0, step: 3, intermediate_value: Number.POSITIVE_INFINITY });
    expect(readFileSync(path, 'utf8')).toContain('"intermediate_value":Infinity}');
    expect(finish).toMatchObject({ op_code: 6, trial_id: 0, state: 1, values: [0.5] });
    expect(new Date(finish!['datetime_complete'] as string).getTime()).toBe((await storage.getTrial(study.id, 0)).completedAt);
    expect(lines(path).every((r) => typeof r['worker_id'] === 'string' && (r['worker_id'] as string).startsWith('hyperprop-'))).toBe(true);
  });

  it("reads a study Python wrote: its spacing, NaN, its datetimes with microseconds; a study without our seed gets seed 0", async () => {
    const path = nextPath();
    new JournalStorage(path);
    pythonLine(path, { op_code: 0, study_name: 'py', directions: [1] });
    pythonLine(path, { op_code: 4, study_id: 0, datetime_start: '2026-01-02T03:04:05.678901' });
    pythonLine(path, { op_code: 5, trial_id: 0, param_name: 'n', param_value_internal: 4.0, distribution: JSON.stringify({ name: 'IntDistribution', attributes: { log: false, step: 2, low: 2, high: 8 } }) });
    appendFileSync(path, '{"op_code": 7, "worker_id": "w", "trial_id": 0, "step": 1, "intermediate_value": NaN}\n');
    pythonLine(path, { op_code: 6, trial_id: 0, state: 2, values: [1.5], datetime_complete: '2026-01-02T03:04:06.000001' });
    const storage = new JournalStorage(path);
    const study = (await storage.getStudy('py'))!;
    expect(study).toMatchObject({ id: 0, direction: 'minimize', directions: ['minimize'], seed: 0, createdAt: 0 });
    const trial = await storage.getTrial(study.id, 0);
    expect(trial).toMatchObject({ state: 'pruned', value: 1.5, params: { n: 4 }, distributions: { n: intDistribution(2, 8, { step: 2 }) }, seed: trialSeed(0, 0) });
    expect(trial.intermediate[1]).toBeNaN();
    // 03:04:05.678901 in Kathmandu (UTC+5:45).
    expect(trial.startedAt).toBe(Date.UTC(2026, 0, 1, 21, 19, 5, 678));
    expect(trial.completedAt! - trial.startedAt!).toBe(322);
  });

  it("applies Optuna's replay rules: a taken study name, a change to a finished trial and an incompatible distribution are skipped", async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    const done = await storage.createTrial(study.id, { state: 'running' });
    await storage.setParam(study.id, done.number, 'x', floatDistribution(0, 1), 0.5);
    await storage.finishTrial(study.id, done.number, 'complete', 1);
    const open = await storage.createTrial(study.id, { state: 'running' });
    pythonLine(path, { op_code: 0, study_name: 's', directions: [2] });
    pythonLine(path, { op_code: 8, trial_id: done.number, user_attr: { late: 1 } });
    pythonLine(path, { op_code: 5, trial_id: open.number, param_name: 'x', param_value_internal: 3, distribution: JSON.stringify({ name: 'IntDistribution', attributes: { log: false, step: 1, low: 0, high: 9 } }) });
    expect(await storage.listStudies()).toMatchObject([{ name: 's', direction: 'minimize' }]);
    expect((await storage.getTrial(study.id, done.number)).userAttrs).toEqual({});
    expect((await storage.getTrial(study.id, open.number)).params).toEqual({});
    // Our own writes are refused instead, with the reason.
    await expect(storage.setParam(study.id, open.number, 'x', intDistribution(0, 9), 3)).rejects.toThrow(
      'setParam: parameter "x" must keep the kind of distribution it has in study 0 (FloatDistribution, log=false), got {"name":"IntDistribution"',
    );
    await expect(storage.setParam(study.id, open.number, 'c', categoricalDistribution(['a']), 'b')).rejects.toThrow('setParam: value of "c" must be one of the distribution\'s choices, got "b"');
    await expect(storage.setTrialAttr(study.id, open.number, 'system', 'hyperprop:seed', 1)).rejects.toThrow('setTrialAttr: key must not start with "hyperprop:"');
    // The same kind with other bounds is compatible, as in Optuna.
    await storage.setParam(study.id, open.number, 'x', floatDistribution(0, 2), 1.5);
    expect((await storage.getTrial(study.id, open.number)).params).toEqual({ x: 1.5 });
  });

  it('stores diverged as Optuna FAIL with a marker, and parameters given without a distribution beside Optuna\'s params', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    const t = await storage.createTrial(study.id, { state: 'running', params: { fixed: 'a', n: 3 } });
    await storage.setParam(study.id, t.number, 'n', intDistribution(1, 5), 3);
    await storage.finishTrial(study.id, t.number, 'diverged', null);
    expect(await storage.getTrial(study.id, t.number)).toMatchObject({ state: 'diverged', params: { fixed: 'a', n: 3 }, distributions: { n: intDistribution(1, 5) }, systemAttrs: {} });
    const written = lines(path);
    expect(written.at(-2)).toMatchObject({ op_code: 9, system_attr: { 'hyperprop:state': 'diverged' } });
    expect(written.at(-1)).toMatchObject({ op_code: 6, state: 3, values: null });
    expect(written.find((r) => r['op_code'] === 4)).toMatchObject({ params: {}, system_attrs: { 'hyperprop:params': { fixed: 'a', n: 3 } } });
  });

  it("never reads a half-written line; the next writer cuts off the half line a crashed writer left", async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    appendFileSync(path, '{"op_code": 4, "worker_id": "w", "study_id": 0, "datetime_st');
    expect(await storage.getTrials(study.id)).toEqual([]);
    const other = new JournalStorage(path);
    expect((await other.createTrial(study.id, { state: 'waiting' })).number).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toContain('datetime_st"');
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    expect((await storage.getTrials(study.id)).map((t) => t.number)).toEqual([0]);
  });

  it('names the file and line of a line that does not parse', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    await storage.createStudy('s', 'minimize', 0);
    appendFileSync(path, '{"op_code": 2, oops}\n');
    await expect(storage.listStudies()).rejects.toThrow(DataError);
    expect(() => new JournalStorage(path)).toThrow(
      `${path}: line 4: the line must be one JSON object (Optuna's journal format), got a line that does not parse (expected a quoted key at character 16)`,
    );
  });

  it('waits for a writer holding the file lock, and takes over a lock older than 30 s (its writer died)', async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    symlinkSync(path, `${path}.lock`);
    let done = false;
    const creating = storage.createTrial(study.id, { state: 'running' }).then(() => (done = true));
    await delay(150);
    expect(done).toBe(false);
    unlinkSync(`${path}.lock`);
    await creating;
    symlinkSync(path, `${path}.lock`);
    const old = Date.now() / 1000 - 60;
    lutimesSync(`${path}.lock`, old, old);
    expect((await storage.createTrial(study.id, { state: 'running' })).number).toBe(1);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it("fails hyperprop's stale trials only: Optuna's journal keeps no heartbeats, so a Python worker's running trial stays", async () => {
    const path = nextPath();
    const storage = new JournalStorage(path);
    const study = await storage.createStudy('s', 'minimize', 0);
    pythonLine(path, { op_code: 4, study_id: study.id, datetime_start: '2020-01-01T00:00:00.000000' });
    const ours = await storage.createTrial(study.id, { state: 'running' });
    await delay(20);
    const result = await storage.failStaleTrials(study.id, { graceMs: 5, maxRetries: 0 });
    expect(result).toEqual({ failed: [ours.number], requeued: [] });
    expect((await storage.getTrial(study.id, 0)).state).toBe('running');
  });
});

// Storage conformance: several objectives. A study keeps its directions; a trial keeps one value
// per objective (value is values[0]), through a reopen and an import; one value stays [value].
import { expect, it } from 'vitest';
import type { FrozenTrial, Storage } from '../../../src/tune/types.ts';

export function multiObjectiveConformance(make: () => Storage, reopen: (storage: Storage) => Storage): void {
  it('keeps a study\'s directions and each trial\'s values through a reopen; one direction and one value read back as arrays of one', async () => {
    const storage = make();
    const mo = await storage.createStudy('mo', ['maximize', 'minimize', 'minimize'], 4);
    expect(mo).toMatchObject({ name: 'mo', direction: 'maximize', directions: ['maximize', 'minimize', 'minimize'], seed: 4 });
    const so = await storage.createStudy('so', 'minimize', 5);
    expect(so.directions).toEqual(['minimize']);
    const viaIfAbsent = await storage.createStudyIfAbsent('mo2', ['minimize', 'maximize'], 6);
    expect(viaIfAbsent.study.directions).toEqual(['minimize', 'maximize']);
    expect((await storage.createStudyIfAbsent('mo2', 'maximize', 0)).study.directions).toEqual(['minimize', 'maximize']);

    const a = await storage.createTrial(mo.id, { state: 'running' });
    expect(a.values).toBeNull();
    await storage.finishTrial(mo.id, a.number, 'complete', [0.75, 12.5, -3]);
    const b = await storage.createTrial(mo.id, { state: 'running' });
    await storage.reportIntermediate(mo.id, b.number, 1, 0.5);
    await storage.finishTrial(mo.id, b.number, 'pruned', 0.5);
    const c = await storage.createTrial(mo.id, { state: 'running' });
    await storage.finishTrial(mo.id, c.number, 'failed', null);
    const d = await storage.createTrial(so.id, { state: 'running' });
    await storage.finishTrial(so.id, d.number, 'complete', 2.5);

    const again = reopen(storage);
    expect((await again.getStudy('mo'))!.directions).toEqual(['maximize', 'minimize', 'minimize']);
    expect((await again.listStudies()).map((s) => s.directions)).toEqual([['maximize', 'minimize', 'minimize'], ['minimize'], ['minimize', 'maximize']]);
    const trials = await again.getTrials(mo.id);
    expect(trials.map((t) => [t.state, t.value, t.values])).toEqual([
      ['complete', 0.75, [0.75, 12.5, -3]],
      ['pruned', 0.5, [0.5]],
      ['failed', null, null],
    ]);
    expect((await again.getTrialsFrom(mo.id, 0))[0]!.values).toEqual([0.75, 12.5, -3]);
    expect((await again.getTrial(so.id, d.number)).values).toEqual([2.5]);
    // Returned copies: changing one changes nothing stored.
    trials[0]!.values![0] = 99;
    expect((await again.getTrial(mo.id, a.number)).values).toEqual([0.75, 12.5, -3]);
    if (again !== storage) await again.close();
    await storage.close();
  });

  it('refuses bad directions and values with errors naming the field, the rule and the value', async () => {
    const storage = make();
    await expect(storage.createStudy('e', [], 0)).rejects.toThrow('createStudy: directions must be a non-empty array (one direction per objective), got []');
    await expect(storage.createStudy('e', ['minimize', 'up' as never], 0)).rejects.toThrow('createStudy: directions[1] must be "minimize" or "maximize", got "up"');
    const study = await storage.createStudy('s', ['minimize', 'minimize'], 0);
    const t = await storage.createTrial(study.id, { state: 'running' });
    await expect(storage.finishTrial(study.id, t.number, 'complete', [1, Number.NaN])).rejects.toThrow('finishTrial: value[1] must be a finite number, got NaN');
    await expect(storage.finishTrial(study.id, t.number, 'complete', [1, Number.POSITIVE_INFINITY])).rejects.toThrow('finishTrial: value[1] must be a finite number, got Infinity');
    await expect(storage.finishTrial(study.id, t.number, 'complete', [])).rejects.toThrow('finishTrial: value must be a non-empty array of values, got []');
    // Nothing was stored by the refused calls.
    expect((await storage.getTrial(study.id, t.number)).state).toBe('running');
    await storage.close();
  });

  it('imports trials with their values; a trial from an older export (value only) reads back as [value]', async () => {
    const storage = make();
    const study = await storage.createStudy('imp', ['minimize', 'maximize'], 1);
    const base: FrozenTrial = { number: 0, state: 'complete', params: {}, distributions: {}, value: 1, values: [1, 2], intermediate: {}, seed: 3, startedAt: 10, completedAt: 20, userAttrs: {}, systemAttrs: { constraints: [-1, 0.5] } };
    await storage.importTrials(study.id, [base, { ...base, number: 1, value: 4, values: [4] }]);
    const older = { ...base, number: 2, value: 5 } as Partial<FrozenTrial>;
    delete older.values;
    await storage.importTrial(study.id, older as FrozenTrial);
    await expect(storage.importTrial(study.id, { ...base, number: 3, value: 7 })).rejects.toThrow('importTrial: values[0] of trial 3 must equal its value (7), got 1');
    expect((await storage.getTrials(study.id)).map((t) => t.values)).toEqual([[1, 2], [4], [5]]);
    expect((await storage.getTrial(study.id, 0)).systemAttrs['constraints']).toEqual([-1, 0.5]);
    await storage.close();
  });
}

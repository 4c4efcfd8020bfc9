// A study document's checks and its JSON form, on memory storages: each refusal names the field,
// the rule and the value; ±Infinity survives JSON in a value, in several objectives' values and
// in intermediate values; a renamed import keeps the source's name free.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { copyStudy, exportStudy, importStudy, STUDY_EXPORT_FORMAT, STUDY_EXPORT_VERSION, studyFromJson, studyToJson, type StudyExport } from '../../src/tune/study-transfer.ts';
import { createStudy } from '../../src/tune/study.ts';

async function source(): Promise<{ storage: MemoryStorage; data: StudyExport }> {
  const storage = new MemoryStorage();
  const study = await createStudy({ name: 's', storage, directions: ['minimize', 'maximize'], seed: 3 });
  await study.setUserAttr('note', 'kept');
  const trial = await study.ask();
  await trial.report(Number.NEGATIVE_INFINITY, 2);
  await study.tell(trial, [1, 2]);
  return { storage, data: await exportStudy(storage, 's') };
}

describe('study documents', () => {
  it('exports the study record and its trials under the format and version', async () => {
    const { storage, data } = await source();
    expect(data.format).toBe(STUDY_EXPORT_FORMAT);
    expect(data.version).toBe(STUDY_EXPORT_VERSION);
    expect(data.study).toEqual({ name: 's', direction: 'minimize', directions: ['minimize', 'maximize'], seed: 3, userAttrs: { note: 'kept' } });
    expect(data.trials).toEqual(await storage.getTrials((await storage.getStudy('s'))!.id));
  });

  it('writes ±Infinity as text and reads it back as numbers, in values and intermediate values', async () => {
    const { data } = await source();
    const text = studyToJson(data, 0);
    expect(text).not.toContain('\n');
    expect(text).toContain('"intermediate":{"2":"-Infinity"}');
    const back = studyFromJson(text);
    expect(back.trials[0]!.intermediate[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(back).toEqual(data);
    expect(studyToJson(data)).toContain('\n  "format"');
    // An infinite objective is read back as a number, which the checks then refuse by name.
    const infinite = { ...data, trials: [{ ...data.trials[0]!, value: Number.POSITIVE_INFINITY, values: [Number.POSITIVE_INFINITY, 2] }] };
    const infiniteText = studyToJson(infinite, 0);
    expect(infiniteText).toContain('"value":"Infinity","values":["Infinity",2]');
    expect(() => studyFromJson(infiniteText)).toThrow(new TypeError('importTrial: values of trial 0[0] must be a finite number, got Infinity'));
  });

  it('imports under a new name, keeps the user attrs and trials, and refuses a taken name', async () => {
    const { storage, data } = await source();
    const target = new MemoryStorage();
    const record = await copyStudy(storage, target, 's', { name: 'copy' });
    expect(record).toMatchObject({ name: 'copy', directions: ['minimize', 'maximize'], seed: 3, userAttrs: { note: 'kept' } });
    expect(await target.getStudy('s')).toBeUndefined();
    expect(await target.getTrials(record.id)).toEqual(data.trials);
    await expect(importStudy(target, data, { name: 'copy' })).rejects.toThrow('importStudy: name must be free in the target storage, got "copy" (a study with that name exists)');
    await expect(importStudy(target, data, { name: '' })).rejects.toThrow(new TypeError('createStudy: name must be a non-empty string, got ""'));
    expect((await target.listStudies()).map((s) => s.name)).toEqual(['copy']);
  });

  it('a document from before several objectives (no directions) imports with its one direction', async () => {
    const { data } = await source();
    const old = { ...data, study: { name: 'old', direction: 'maximize' as const, seed: 1, userAttrs: {} }, trials: [] };
    const record = await importStudy(new MemoryStorage(), old);
    expect(record.directions).toEqual(['maximize']);
  });

  it('refuses a malformed document before writing anything, naming the field, the rule and the value', async () => {
    const { data } = await source();
    const target = new MemoryStorage();
    const refused = async (doc: unknown, error: Error) => {
      await expect(importStudy(target, doc as StudyExport)).rejects.toThrow(error);
      expect(await target.listStudies()).toEqual([]);
    };
    await refused(null, new TypeError('importStudy: data must be an object, got null'));
    await refused('x', new TypeError('importStudy: data must be an object, got "x"'));
    await refused({ ...data, format: undefined }, new TypeError('importStudy: format must be "hyperprop-study", got undefined'));
    await refused({ ...data, version: 2 }, new RangeError('importStudy: version must be 1, got 2 (written by another hyperprop)'));
    await refused({ ...data, study: { ...data.study, direction: 'up' } }, new TypeError('createStudy: direction must be "minimize" or "maximize", got "up"'));
    await refused({ ...data, study: { ...data.study, directions: ['up'] } }, new TypeError('importStudy: study.directions[0] must be "minimize" or "maximize", got "up"'));
    await refused({ ...data, study: { ...data.study, seed: 1.5 } }, new TypeError('importStudy: study.seed must be a safe integer, got 1.5'));
    await refused({ ...data, trials: {} }, new TypeError('importStudy: trials must be an array, got Object'));
    expect(() => studyFromJson(JSON.stringify({ ...data, trials: undefined }))).toThrow(new TypeError('importStudy: trials must be an array, got undefined'));
  });
});

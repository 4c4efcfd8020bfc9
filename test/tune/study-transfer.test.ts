// Moving a study SQLite → PostgreSQL → SQLite (and through a JSON file): every trial intact —
// states, values, params and distributions, intermediate values (±Infinity too), seeds,
// timestamps, attrs — numbering continues after the move.
import { describe, expect, it } from 'vitest';
import { SuccessiveHalvingPruner } from '../../src/tune/pruners/successive-halving-pruner.ts';
import { SqliteStorage } from '../../src/tune/storage/sqlite-storage.ts';
import { copyStudy, exportStudy, importStudy, studyFromJson, studyToJson } from '../../src/tune/study-transfer.ts';
import { createStudy, loadStudy } from '../../src/tune/study.ts';
import { TrialPrunedError } from '../../src/tune/trial-errors.ts';
import { postgresStorages } from './storage/pg-schemas.ts';
import { tempDatabases } from './storage/temp-db.ts';

const nextPath = tempDatabases();
const { next } = postgresStorages('move');

/** A SQLite study with trials in every state. */
async function richStudy(): Promise<SqliteStorage> {
  const storage = new SqliteStorage(nextPath());
  const study = await createStudy({ name: 'rich', storage, seed: 11, direction: 'maximize', pruner: new SuccessiveHalvingPruner({ minResource: 1 }) });
  await study.setUserAttr('dataset', { name: 'iris', rows: 150 });
  await study.optimize(
    async (trial) => {
      const lr = await trial.suggestFloat('lr', 1e-4, 1, { log: true });
      const units = await trial.suggestInt('units', 8, 64, { step: 8 });
      const act = await trial.suggestCategorical('act', ['relu', 'tanh', null]);
      await trial.setUserAttr('epochs', 3);
      if (trial.number === 3) throw new Error('out of memory');
      if (trial.number === 5) return Number.POSITIVE_INFINITY;
      for (let step = 0; step < 3; step++) {
        await trial.report(step === 1 && trial.number === 6 ? Number.NEGATIVE_INFINITY : lr * units + step, step);
        if (await trial.shouldPrune()) throw new TrialPrunedError();
      }
      return lr * units + (act === 'relu' ? 1 : 0);
    },
    { nTrials: 12 },
  );
  const running = await study.ask();
  await running.suggestFloat('lr', 1e-4, 1, { log: true });
  await study.enqueueTrial({ lr: 0.5 }, { source: 'by hand' });
  return storage;
}

describe('study transfer', () => {
  it('SQLite → PostgreSQL → SQLite keeps every trial intact', async () => {
    const sqlite = await richStudy();
    const original = await exportStudy(sqlite, 'rich');
    expect(new Set(original.trials.map((t) => t.state))).toEqual(new Set(['complete', 'pruned', 'failed', 'diverged', 'waiting', 'running']));
    expect(original.trials).toHaveLength(14);

    const postgres = next();
    const moved = await copyStudy(sqlite, postgres, 'rich');
    expect(moved).toMatchObject({ name: 'rich', direction: 'maximize', seed: 11, userAttrs: { dataset: { name: 'iris', rows: 150 } } });
    expect(await postgres.getTrials(moved.id)).toEqual(original.trials);

    const back = new SqliteStorage(nextPath());
    const returned = await copyStudy(postgres, back, 'rich', { name: 'rich-again' });
    expect(returned.name).toBe('rich-again');
    expect(await back.getTrials(returned.id)).toEqual(original.trials);

    // The moved study carries on: the waiting trial is claimed, numbering continues.
    const resumed = await loadStudy({ name: 'rich', storage: postgres });
    const claimed = await resumed.ask();
    expect(claimed.number).toBe(13);
    expect(await claimed.suggestFloat('lr', 1e-4, 1, { log: true })).toBe(0.5);
    expect((await resumed.ask()).number).toBe(14);
    await Promise.all([sqlite.close(), back.close()]);
  });

  it('round-trips through JSON, ±Infinity included, and refuses clashes and foreign documents', async () => {
    const sqlite = await richStudy();
    const original = await exportStudy(sqlite, 'rich');
    const text = studyToJson(original);
    expect(text).toContain('"-Infinity"');
    expect(studyFromJson(text)).toEqual(original);
    const target = new SqliteStorage(nextPath());
    const imported = await importStudy(target, studyFromJson(text));
    expect(await target.getTrials(imported.id)).toEqual(original.trials);
    await expect(importStudy(target, original)).rejects.toThrow('importStudy: name must be free in the target storage, got "rich"');
    expect(() => studyFromJson(JSON.stringify({ ...original, format: 'optuna' }))).toThrow('importStudy: format must be "hyperprop-study", got "optuna"');
    expect(() => studyFromJson(JSON.stringify({ ...original, trials: original.trials.slice(1) }))).toThrow("trial number must be the study's next (0), got 1");
    await expect(exportStudy(target, 'nope')).rejects.toThrow('exportStudy: name must name a study in the storage, got "nope"');
    await Promise.all([sqlite.close(), target.close()]);
  });

  it('keeps the directions and values of a study with several objectives, directly and through JSON', async () => {
    const source = new SqliteStorage(nextPath());
    const study = await createStudy({ name: 'mo', storage: source, directions: ['maximize', 'minimize'] });
    await study.tell(await study.ask(), [0.5, 3], { constraints: [-1] });
    await study.tell(await study.ask(), [0.75, 9]);
    const pg = next();
    const copied = await copyStudy(source, pg, 'mo');
    expect(copied.directions).toEqual(['maximize', 'minimize']);
    expect((await pg.getTrials(copied.id)).map((t) => t.values)).toEqual([[0.5, 3], [0.75, 9]]);
    const target = new SqliteStorage(nextPath());
    const back = await importStudy(target, studyFromJson(studyToJson(await exportStudy(pg, 'mo'))));
    expect(back.directions).toEqual(['maximize', 'minimize']);
    await Promise.all([source.close(), target.close()]);
  });
});

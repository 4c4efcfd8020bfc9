// Hyperband promotions across workers: the pruner keeps no history, so a worker judges its trial
// against every worker's rung values as stored in PostgreSQL (asynchronous successive halving).
// Two study objects with their own connection pools stand in for two machines.
import { describe, expect, it } from 'vitest';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband-pruner.ts';
import { createStudy, loadStudy } from '../../../src/tune/study.ts';
import type { Trial } from '../../../src/tune/trial.ts';
import { postgresStorages } from '../storage/pg-schemas.ts';

const { next } = postgresStorages('hist');
const pruner = () => new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });

/** Reports `value` at steps 1…9 and returns the step it was pruned at (undefined: ran to the end). */
async function train(trial: Trial, value: number): Promise<number | undefined> {
  for (let step = 1; step <= 9; step++) {
    await trial.report(value, step);
    if (await trial.shouldPrune()) return step;
  }
  return undefined;
}

describe('Hyperband across workers (PostgreSQL)', () => {
  it("one worker's trial is pruned by rung values another worker stored", async () => {
    const storageA = next();
    const schema = storageA.schema;
    const machineA = await createStudy({ name: 'asha', storage: storageA, pruner: pruner() });
    for (let i = 0; i < 12; i++) {
      const trial = await machineA.ask();
      // Each trial better than every earlier one: all promoted.
      expect(await train(trial, 0.5 - i / 100)).toBeUndefined();
      await machineA.tell(trial, 0.5 - i / 100);
    }
    const storageB = next({ schema });
    const machineB = await loadStudy({ name: 'asha', storage: storageB, pruner: pruner() });
    const bad = await machineB.ask();
    const prunedAt = await train(bad, 100);
    expect(prunedAt).toBeDefined();
    expect([1, 3]).toContain(prunedAt);

    // The same trial (same number, so the same bracket) in a study with no rung values goes on:
    // the first trial at a rung is always promoted.
    const alone = await createStudy({ name: 'alone', storage: storageB, pruner: pruner() });
    for (let i = 0; i < bad.number; i++) await alone.tell(await alone.ask(), 1);
    const twin = await alone.ask();
    expect(twin.number).toBe(bad.number);
    expect(await train(twin, 100)).toBeUndefined();
  });
});

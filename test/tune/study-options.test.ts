// createStudy's and ask's refusals word for word, and what a study stores from its options
// (directions, seed, a generated name), on a memory storage.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/tune/storage/memory-storage.ts';
import { createStudy } from '../../src/tune/study.ts';

describe('createStudy options', () => {
  it('names the field, the rule and the value it refuses', async () => {
    await expect(createStudy({ direction: 'minimize', directions: ['minimize', 'maximize'] })).rejects.toThrow(
      new TypeError('createStudy: direction and directions must not both be given, got direction "minimize" and directions [minimize, maximize]'),
    );
    await expect(createStudy({ direction: 'up' as never })).rejects.toThrow(new TypeError('createStudy: direction must be "minimize" or "maximize", got "up"'));
    await expect(createStudy({ directions: [] })).rejects.toThrow(new RangeError('createStudy: directions must be a non-empty array (one direction per objective), got []'));
    await expect(createStudy({ seed: 1.5 })).rejects.toThrow(new TypeError('createStudy: seed must be a safe integer, got 1.5'));
    await expect(createStudy({ constraints: 3 as never })).rejects.toThrow(new TypeError('createStudy: constraints must be a function of the finished trial, got 3'));
  });

  it('stores the directions, the seed (0 by default) and a generated name', async () => {
    const storage = new MemoryStorage();
    const plain = await createStudy({ storage });
    expect(plain.name).toMatch(/^study-[0-9a-f-]{36}$/);
    expect(await storage.getStudy(plain.name)).toMatchObject({ direction: 'minimize', directions: ['minimize'], seed: 0 });
    const two = await createStudy({ storage, name: 'two', directions: ['maximize', 'minimize'], seed: 9 });
    expect(await storage.getStudy(two.name)).toMatchObject({ direction: 'maximize', directions: ['maximize', 'minimize'], seed: 9 });
    const max = await createStudy({ storage, name: 'max', direction: 'maximize' });
    expect((await storage.getStudy('max'))!.directions).toEqual(['maximize']);
    expect(max.name).toBe('max');
  });

  it('ask refuses a bad maxTrials and gives no trial once the budget is spent', async () => {
    const study = await createStudy();
    await expect(study.tryAsk({ maxTrials: -1 })).rejects.toThrow(new RangeError('ask: maxTrials must be a non-negative integer, got -1'));
    await expect(study.tryAsk({ maxTrials: 0.5 })).rejects.toThrow(new RangeError('ask: maxTrials must be a non-negative integer, got 0.5'));
    expect(await study.tryAsk({ maxTrials: 0 })).toBeUndefined();
    const first = await study.tryAsk({ maxTrials: 1 });
    expect(first!.number).toBe(0);
    await study.tell(first!, 1);
    expect(await study.tryAsk({ maxTrials: 1 })).toBeUndefined();
    expect((await study.tryAsk({ maxTrials: 2 }))!.number).toBe(1);
  });
});

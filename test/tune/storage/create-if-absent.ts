// Storage conformance: createStudyIfAbsent is one atomic insert-if-absent then read, so callers
// racing on a new name (workers started together) all get one study and exactly one creates it.
import { expect, it } from 'vitest';
import type { Storage } from '../../../src/tune/types.ts';

export function createIfAbsentConformance(make: () => Storage): void {
  it('createStudyIfAbsent creates a new study once; later callers read it, with its own direction, seed and attrs', async () => {
    const storage = make();
    const first = await storage.createStudyIfAbsent('s', 'maximize', 3);
    expect(first).toMatchObject({ created: true, study: { name: 's', direction: 'maximize', seed: 3, userAttrs: {} } });
    await storage.setStudyAttr(first.study.id, 'budget', 6);
    const again = await storage.createStudyIfAbsent('s', 'minimize', 9);
    expect(again).toEqual({ created: false, study: { ...first.study, userAttrs: { budget: 6 } } });
    await expect(storage.createStudy('s', 'maximize', 3)).rejects.toThrow('name must be unique, got "s"');
    await expect(storage.createStudyIfAbsent('', 'minimize', 0)).rejects.toThrow('createStudy: name must be a non-empty string, got ""');
    await expect(storage.createStudyIfAbsent('t', 'up' as never, 0)).rejects.toThrow('createStudy: direction must be "minimize" or "maximize", got "up"');
    await expect(storage.createStudyIfAbsent('t', 'minimize', 0.5)).rejects.toThrow('seed must be a safe integer, got 0.5');
    expect((await storage.listStudies()).map((s) => s.name)).toEqual(['s']);
    await storage.close();
  });

  it('createStudyIfAbsent called 8 times at once on a new name: one study, created by exactly one caller', async () => {
    const storage = make();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => storage.createStudyIfAbsent('race', 'minimize', i)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)!.study;
    for (const r of results) expect(r.study).toEqual(winner);
    expect((await storage.listStudies()).map((s) => s.id)).toEqual([winner.id]);
    await storage.close();
  });
}

// A storage's refusals word for word (each names the call, the field, the rule and the value),
// the ids and timestamps it stamps, and getTrialsFrom's bounds: what the conformance suite checks
// only by error class or not at all. Every storage shares these messages (storage/rules.ts).
import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../../../src/tune/space.ts';
import type { Storage } from '../../../src/tune/types.ts';

export function storageRefusals(name: string, make: () => Storage): void {
  async function withTrial(): Promise<{ storage: Storage; id: number }> {
    const storage = make();
    const { id } = await storage.createStudy('s', 'minimize', 1);
    await storage.createTrial(id, { state: 'running' });
    return { storage, id };
  }

  describe(`${name} refusals`, () => {
    it('checks a new study: its name, directions, seed and uniqueness, also when created if absent', async () => {
      const storage = make();
      for (const create of [storage.createStudy.bind(storage), storage.createStudyIfAbsent.bind(storage)]) {
        await expect(create('', 'minimize', 1)).rejects.toThrow(new TypeError('createStudy: name must be a non-empty string, got ""'));
        await expect(create('s', 'up' as never, 1)).rejects.toThrow(new TypeError('createStudy: direction must be "minimize" or "maximize", got "up"'));
        await expect(create('s', 'minimize', 0.5)).rejects.toThrow(new TypeError('seed must be a safe integer, got 0.5'));
      }
      expect(await storage.listStudies()).toEqual([]);
      const first = await storage.createStudy('a', 'minimize', 1);
      const second = await storage.createStudy('b', ['maximize', 'minimize'], 2);
      expect(second.id).toBe(first.id + 1);
      await expect(storage.createStudy('a', 'minimize', 1)).rejects.toThrow(new Error('createStudy: name must be unique, got "a" (a study with that name exists)'));
      await expect(storage.setStudyAttr(first.id, 'k', undefined)).rejects.toThrow(new TypeError('setStudyAttr: value of "k" must be JSON-serialisable, got undefined'));
    });

    it('checks a new trial: its state, seed, params and system attrs; only a running trial has a start time', async () => {
      const storage = make();
      const { id } = await storage.createStudy('s', 'minimize', 1);
      await expect(storage.createTrial(id, { state: 'complete' as never })).rejects.toThrow(new TypeError('createTrial: state must be "waiting" or "running", got "complete"'));
      await expect(storage.createTrial(id, { state: 'waiting', seed: -0.5 })).rejects.toThrow(new TypeError('createTrial: seed must be a safe integer, got -0.5'));
      await expect(storage.createTrial(id, { state: 'waiting', params: (() => 1) as never })).rejects.toThrow(new TypeError('createTrial: params must be JSON-serialisable, got Function'));
      await expect(storage.createTrial(id, { state: 'waiting', systemAttrs: { f: undefined, g: (() => 1) as never } })).resolves.toBeDefined();
      await expect(storage.createTrial(id, { state: 'waiting', systemAttrs: (() => 1) as never })).rejects.toThrow(new TypeError('createTrial: systemAttrs must be JSON-serialisable, got Function'));
      const waiting = await storage.createTrial(id, { state: 'waiting' });
      const running = await storage.createTrial(id, { state: 'running' });
      expect([waiting.startedAt, typeof running.startedAt]).toEqual([null, 'number']);
    });

    it('checks params, reports and attrs of a trial, naming the field and the value', async () => {
      const { storage, id } = await withTrial();
      const d = floatDistribution(0, 1);
      await expect(storage.setParam(id, 0, 'x', undefined as never, 0.5)).rejects.toThrow(new TypeError('setParam: distribution must be JSON-serialisable, got undefined'));
      await expect(storage.setParam(id, 0, 'y', d, undefined as never)).rejects.toThrow(new TypeError('setParam: value must be JSON-serialisable, got undefined'));
      await storage.setParam(id, 0, 'z', d, 0.5);
      await expect(storage.setParam(id, 0, 'z', d, 0.5)).rejects.toThrow(new Error(`setParam: parameter "z" of trial 0 in study ${id} must be set once, got a second value`));
      await expect(storage.reportIntermediate(id, 0, -1, 1)).rejects.toThrow(new RangeError('reportIntermediate: step must be a non-negative integer, got -1'));
      await expect(storage.reportIntermediate(id, 0, 1, Number.NaN)).rejects.toThrow(new TypeError('reportIntermediate: value must be a number (not NaN), got NaN'));
      await expect(storage.reportIntermediate(id, 0, 1, null as never)).rejects.toThrow(new TypeError('reportIntermediate: value must be a number (not NaN), got null'));
      await expect(storage.setTrialAttr(id, 0, 'user', 'k', undefined)).rejects.toThrow(new TypeError('setTrialAttr: value of "k" must be JSON-serialisable, got undefined'));
      await expect(storage.setTrialAttr(id, 0, 'other' as never, 'k', 1)).rejects.toThrow(new TypeError('setTrialAttr: kind must be "user" or "system", got "other"'));
      await storage.setTrialAttr(id, 0, 'system', 'k', 2);
      const trial = await storage.getTrial(id, 0);
      expect([trial.userAttrs, trial.systemAttrs]).toEqual([{}, { k: 2 }]);
      await storage.finishTrial(id, 0, 'complete', 1);
      await expect(storage.setTrialAttr(id, 0, 'user', 'k', 1)).rejects.toThrow(new Error(`setTrialAttr: trial 0 of study ${id} must not be finished, got state "complete"`));
      await expect(storage.reportIntermediate(id, 0, 1, 1)).rejects.toThrow(new Error(`reportIntermediate: trial 0 of study ${id} must not be finished, got state "complete"`));
      await expect(storage.setParam(id, 0, 'w', d, 0.5)).rejects.toThrow(new Error(`setParam: trial 0 of study ${id} must not be finished, got state "complete"`));
    });

    it('getTrialsFrom returns the listed numbers below from (once, in order, existing only) and every trial from it on', async () => {
      const storage = make();
      const { id } = await storage.createStudy('s', 'minimize', 1);
      for (let i = 0; i < 5; i++) await storage.createTrial(id, { state: 'waiting' });
      const numbers = async (from: number, below: number[]) => (await storage.getTrialsFrom(id, from, below)).map((t) => t.number);
      expect(await numbers(3, [2, 0, 2, 3, 4])).toEqual([0, 2, 3, 4]);
      expect(await numbers(5, [4, 5, 7])).toEqual([4]);
      expect(await numbers(7, [5, 6])).toEqual([]);
      expect(await numbers(0, [])).toEqual([0, 1, 2, 3, 4]);
    });
  });
}

// trialsToCsv and trialsToJson.
import { describe, expect, it } from 'vitest';
import { trialsToCsv, trialsToJson } from '../../src/tune/export.ts';
import { createStudy } from '../../src/tune/study.ts';

describe('trial export', () => {
  it('writes one CSV row per trial with a column per param and user attr', async () => {
    const study = await createStudy();
    await study.enqueueTrial({ kind: 'a, "quoted"', x: 0.5 });
    await study.enqueueTrial({ kind: 'b' });
    await study.optimize(
      async (t) => {
        const kind = await t.suggestCategorical('kind', ['a, "quoted"', 'b']);
        if (kind === 'b') throw new Error('no');
        await t.setUserAttr('tags', ['x', 'y']);
        return t.suggestFloat('x', 0, 1);
      },
      { nTrials: 2 },
    );
    const trials = await study.trials();
    const lines = trialsToCsv(trials).trimEnd().split('\n');
    expect(lines[0]).toBe('number,state,value,seed,started_at,completed_at,duration_ms,params_kind,params_x,user_attrs_tags');
    const first = lines[1]!.split(',');
    expect(first.slice(0, 4)).toEqual(['0', 'complete', '0.5', String(trials[0]!.seed)]);
    expect(first[4]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(lines[1]).toContain(',"a, ""quoted""",0.5,"[""x"",""y""]"');
    expect(lines[2]).toMatch(/^1,failed,,\d+,.*,b,,$/);
  });

  it('adds values_0, values_1 … for a study with several objectives', async () => {
    const study = await createStudy({ directions: ['maximize', 'minimize'] });
    await study.tell(await study.ask(), [0.5, 3]);
    await study.tell(await study.ask(), 'failed');
    const [header, done, failed] = trialsToCsv(await study.trials()).trimEnd().split('\n');
    expect(header).toBe('number,state,value,seed,started_at,completed_at,duration_ms,values_0,values_1');
    expect(done!.split(',').slice(-3)).toEqual([done!.split(',')[6], '0.5', '3']);
    expect(failed!.split(',').slice(-2)).toEqual(['', '']);
    // One objective: no values columns (the value column has it).
    const single = await createStudy();
    await single.tell(await single.ask(), 1);
    expect(trialsToCsv(await single.trials()).split('\n')[0]).toBe('number,state,value,seed,started_at,completed_at,duration_ms');
  });

  it('writes JSON that parses back to the trials', async () => {
    const study = await createStudy();
    await study.optimize(async (t) => {
      await t.report(0.5, 1);
      return t.suggestInt('n', 1, 3);
    }, { nTrials: 3 });
    const trials = await study.trials();
    const parsed = JSON.parse(trialsToJson(trials)) as unknown[];
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({ number: 0, state: 'complete', intermediate: { 1: 0.5 }, distributions: { n: { type: 'int', low: 1, high: 3 } } });
  });
});

// The importance chart: bars in rank order with what was left out in the subtitle, placed right
// after each study's summary, and left out for a study with fewer than 2 complete trials.
import { describe, expect, it } from 'vitest';
import { paramImportanceChart } from '../../../src/report/charts/param-importance.ts';
import type { StudyData } from '../../../src/report/study-data.ts';
import { studyReportSections } from '../../../src/report/study-report.ts';
import { importanceOfTrials } from '../../../src/tune/importance/importance.ts';
import { createStudy } from '../../../src/tune/study.ts';
import { TrialPrunedError } from '../../../src/tune/trial-errors.ts';

async function studyOf(complete: number, name: string): Promise<StudyData> {
  const study = await createStudy({ direction: 'maximize', seed: 2 });
  for (let i = 0; i < complete + 2; i++) {
    const trial = await study.ask();
    const a = await trial.suggestFloat('a', 0, 1);
    const b = await trial.suggestFloat('b', 0, 1);
    await study.tell(trial, i < complete ? 4 * a + b : new TrialPrunedError('pruned'));
  }
  return { name, direction: 'maximize', settings: { strategy: name, sampler: { type: 'random' }, pruner: { type: 'median' }, metric: 'accuracy', epochs: 3 }, trials: await study.getTrials() };
}

describe('paramImportanceChart', () => {
  it('draws the parameters in rank order and says what the forest was fit on', async () => {
    const study = await studyOf(40, 'many');
    const spec = paramImportanceChart(importanceOfTrials(study.trials, { trees: 8 })) as { title: { subtitle: string }; data: { values: { param: string }[] }; encoding: { y: { sort: string[] } } };
    expect(spec.encoding.y.sort).toEqual(['a', 'b']);
    expect(spec.data.values.map((v) => v.param)).toEqual(['a', 'b']);
    expect(spec.title.subtitle).toBe('fANOVA over a random forest of 8 trees fit on 40 complete trials (left out: 2 pruned); shares sum to 1');
  });

  it('sits right after each study summary, and is left out of a study with one complete trial', async () => {
    const ids = studyReportSections([await studyOf(30, 'many'), await studyOf(1, 'one')]).map((s) => s.id);
    expect(ids.slice(0, 3)).toEqual(['comparison', 'many-summary', 'many-importance']);
    expect(ids).toContain('one-summary');
    expect(ids).not.toContain('one-importance');
  });
});

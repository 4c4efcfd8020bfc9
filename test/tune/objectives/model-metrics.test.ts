// Model-size objectives: the parameter count of the MLP a trial's hyperparameters build, returned
// after the objective's own value.
import { describe, expect, it } from 'vitest';
import { withModelMetrics } from '../../../src/tune/objectives/model-metrics.ts';
import { mlpParameterCount } from '../../../src/tune/objectives/parameter-count.ts';
import type { Objective } from '../../../src/tune/optimize.ts';
import { HYPERPARAMETERS_ATTR } from '../../../src/tune/refit-best.ts';
import { createStudy } from '../../../src/tune/study.ts';

describe('mlpParameterCount', () => {
  it('counts weights and biases of every dense layer, input to output', () => {
    // 64·32 + 32, 32·16 + 16, 16·10 + 10.
    expect(mlpParameterCount({ units: [32, 16] }, 64, 10)).toBe(2778);
    expect(mlpParameterCount({ units: [] }, 4, 3)).toBe(15);
    expect(mlpParameterCount({ units: [1] }, 1, 1)).toBe(4);
  });
});

describe('withModelMetrics', () => {
  const units = [5, 3];
  const objective: Objective = async (trial) => {
    await trial.setUserAttr(HYPERPARAMETERS_ATTR, { lr: 0.1, units, l2: 0, batchSize: 4, activation: 'relu' });
    return 0.25;
  };

  it('returns the value, then the parameter count once per metric asked for', async () => {
    const study = await createStudy({ seed: 0 });
    const trial = await study.ask();
    // 7·5 + 5, 5·3 + 3, 3·2 + 2.
    expect(await withModelMetrics(objective, ['params'], 7, 2)(trial)).toEqual([0.25, 66]);
    expect(await withModelMetrics(objective, ['params', 'params'], 7, 2)(trial)).toEqual([0.25, 66, 66]);
  });

  it('is the objective itself without metrics, and passes a result of several values through', async () => {
    expect(withModelMetrics(objective, [], 7, 2)).toBe(objective);
    const study = await createStudy({ seed: 0 });
    const several: Objective = async () => [0.5, 0.75];
    expect(await withModelMetrics(several, ['params'], 7, 2)(await study.ask())).toEqual([0.5, 0.75]);
  });
});

// The signals an objective or a study raises: their names (what logs and failReason show) and
// default messages.
import { describe, expect, it } from 'vitest';
import { ReproducibleWaitError, SearchSpaceExhaustedError, TrialDivergedError, TrialLostError, TrialPrunedError } from '../../src/tune/trial-errors.ts';

describe('trial errors', () => {
  it('carry their names and default messages', () => {
    expect([new TrialPrunedError().name, new TrialPrunedError().message]).toEqual(['TrialPrunedError', 'trial was pruned']);
    expect([new TrialDivergedError().name, new TrialDivergedError().message]).toEqual(['TrialDivergedError', 'training diverged']);
    expect(new TrialPrunedError('after epoch 3').message).toBe('after epoch 3');
    expect(new SearchSpaceExhaustedError('x').name).toBe('SearchSpaceExhaustedError');
    expect(new TrialLostError('x').name).toBe('TrialLostError');
    expect(new ReproducibleWaitError('x').name).toBe('ReproducibleWaitError');
    expect(String(new TrialDivergedError('loss became NaN'))).toBe('TrialDivergedError: loss became NaN');
  });
});

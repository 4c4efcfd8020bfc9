// The retry every storage builds for a failed trial, the stale policy's checks, and who owns a
// trial: the pure rules the storages share, checked value by value.
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkStalePolicy, retryCountOf, retryInit, staleReason } from '../../../src/tune/storage/retry-policy.ts';
import { orphanReason, ownerIsGone, processAlive, thisProcess } from '../../../src/tune/storage/trial-owner.ts';
import type { FrozenTrial } from '../../../src/tune/types.ts';

function frozen(systemAttrs: Record<string, unknown>, params: FrozenTrial['params'] = { x: 0.5 }): FrozenTrial {
  return {
    number: 7,
    state: 'failed',
    params,
    distributions: {},
    value: null,
    values: null,
    intermediate: {},
    seed: 1234,
    startedAt: 1,
    completedAt: 2,
    userAttrs: {},
    systemAttrs,
  };
}

describe('retryInit', () => {
  it('repeats the seed and params as fixed params (over earlier fixed ones), links the original and counts the retry', () => {
    expect(retryInit(frozen({ fixedParams: { x: 0.1, y: 2 } }))).toEqual({
      state: 'waiting',
      seed: 1234,
      systemAttrs: { fixedParams: { x: 0.5, y: 2 }, retryOf: 7, retryCount: 1 },
    });
    expect(retryInit(frozen({ fixedParams: null, gridIndex: 3, retryCount: 2 }))).toEqual({
      state: 'waiting',
      seed: 1234,
      systemAttrs: { fixedParams: { x: 0.5 }, retryOf: 7, retryCount: 3, gridIndex: 3 },
    });
    expect(retryInit(frozen({ fixedParams: 'x', gridIndex: '3' }))!.systemAttrs).toEqual({ fixedParams: { x: 0.5 }, retryOf: 7, retryCount: 1 });
  });

  it('stops at maxRetries: a trial retried that often gets no retry, one retry fewer gets one', () => {
    expect(retryInit(frozen({ retryCount: 2 }), 2)).toBeUndefined();
    expect(retryInit(frozen({ retryCount: 1 }), 2)!.systemAttrs['retryCount']).toBe(2);
    expect(retryInit(frozen({}), 0)).toBeUndefined();
    expect(retryInit(frozen({ retryCount: 1e6 }))!.systemAttrs['retryCount']).toBe(1e6 + 1);
  });

  it('counts only a numeric retryCount', () => {
    expect(retryCountOf(frozen({ retryCount: 4 }))).toBe(4);
    expect(retryCountOf(frozen({ retryCount: '4' }))).toBe(0);
    expect(retryCountOf(frozen({}))).toBe(0);
  });
});

describe('checkStalePolicy', () => {
  it('returns just the two fields, and names the field, the rule and the value it refuses', () => {
    expect(checkStalePolicy({ graceMs: 0.5, maxRetries: 0, extra: 1 } as never)).toEqual({ graceMs: 0.5, maxRetries: 0 });
    expect(() => checkStalePolicy(null as never)).toThrow(new TypeError('failStaleTrials: policy must be an object, got null'));
    expect(() => checkStalePolicy(3 as never, 'p')).toThrow(new TypeError('p must be an object, got 3'));
    expect(() => checkStalePolicy({ graceMs: 0, maxRetries: 1 })).toThrow(new RangeError('failStaleTrials: policy.graceMs must be a positive number of ms, got 0'));
    expect(() => checkStalePolicy({ graceMs: '5' as never, maxRetries: 1 })).toThrow(new RangeError('failStaleTrials: policy.graceMs must be a positive number of ms, got "5"'));
    expect(() => checkStalePolicy({ graceMs: 5, maxRetries: -1 })).toThrow(new RangeError('failStaleTrials: policy.maxRetries must be a non-negative integer, got -1'));
    expect(() => checkStalePolicy({ graceMs: 5, maxRetries: 0.5 })).toThrow(new RangeError('failStaleTrials: policy.maxRetries must be a non-negative integer, got 0.5'));
  });

  it('says how long a stale trial went without a beat', () => {
    expect(staleReason(250)).toBe('stale heartbeat: no beat for more than 250 ms');
  });
});

describe('trial owners', () => {
  it('stamps this host and pid, and calls an owner gone only on this host with a dead, valid pid other than ours', () => {
    expect(thisProcess()).toEqual({ host: hostname(), pid: process.pid });
    expect(processAlive(process.pid)).toBe(true);
    // Far above any pid_max: no such process.
    const dead = 2 ** 30;
    expect(processAlive(dead)).toBe(false);
    expect(ownerIsGone(hostname(), dead)).toBe(true);
    expect(ownerIsGone(`${hostname()}-other`, dead)).toBe(false);
    expect(ownerIsGone(null, dead)).toBe(false);
    expect(ownerIsGone(hostname(), null)).toBe(false);
    expect(ownerIsGone(hostname(), process.pid)).toBe(false);
    expect(ownerIsGone(hostname(), 0)).toBe(false);
    expect(ownerIsGone(hostname(), -dead)).toBe(false);
    expect(ownerIsGone(hostname(), dead + 0.5)).toBe(false);
    expect(orphanReason('h', 12)).toBe('orphaned: its process (pid 12 on h) is gone');
  });
});

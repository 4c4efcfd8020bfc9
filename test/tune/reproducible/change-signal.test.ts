// The wake-up of trials waiting on the logical clock: a notify wakes every waiter at once, a
// waiter not woken resolves after its own time, and a waiter is woken only once.
import { describe, expect, it } from 'vitest';
import { ChangeSignal } from '../../../src/tune/reproducible/change-signal.ts';

describe('ChangeSignal', () => {
  it('notify wakes every pending waiter at once, long before their timers', async () => {
    const signal = new ChangeSignal();
    const started = Date.now();
    const waits = [signal.next(60_000), signal.next(60_000)];
    signal.notify();
    await Promise.all(waits);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a waiter resolves after its ms without a notify; a notify after it wakes only newer waiters', async () => {
    const signal = new ChangeSignal();
    let early = false;
    const first = signal.next(30).then(() => (early = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(early).toBe(false);
    await first;
    expect(early).toBe(true);
    // The timed-out waiter left the set: a later notify wakes the new one and nothing else.
    let woken = false;
    const second = signal.next(60_000).then(() => (woken = true));
    signal.notify();
    await second;
    expect(woken).toBe(true);
  });

  it('a notify with nobody waiting does not wake a later waiter', async () => {
    const signal = new ChangeSignal();
    signal.notify();
    let woken = false;
    const wait = signal.next(40).then(() => (woken = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(false);
    await wait;
  });
});

import { describe, expect, it } from 'vitest';
import { sleep } from './sleep.js';

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });

  it('rejects with the reason of an already aborted signal', async () => {
    const reason = new Error('stop');
    await expect(sleep(10_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('rejects as soon as the signal aborts during the wait', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
  });

  // Found in review: setTimeout takes at most 2^31 − 1 ms; a longer delay overflowed and fired
  // after about 1 ms (with a TimeoutOverflowWarning), so a long wait did not wait at all.
  it('keeps waiting when asked for more than 2^31 − 1 ms', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      let settled = false;
      const waiting = sleep(2 ** 31, controller.signal).finally(() => {
        settled = true;
      });
      await sleep(50);
      expect(settled).toBe(false);
      controller.abort(new Error('enough'));
      await expect(waiting).rejects.toThrow('enough');
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });
});

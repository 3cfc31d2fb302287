import { describe, expect, it } from 'vitest';
import { InterruptedError, TransportError } from './operation-caller.js';
import type { Exchange, RawExchange, StepContext } from './scenario-types.js';
import { trackRequests } from './step-requests.js';

const request = { method: 'GET', url: 'http://127.0.0.1:9/v2/assets/x', headers: {} };
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A context whose calls and raw requests do what `outcome` says for their operation or URL, after `ms`. */
function fakeContext(outcome: (key: string) => { ms: number; error?: Error }): StepContext {
  const settle = async <T>(key: string, value: T): Promise<T> => {
    const { ms, error } = outcome(key);
    await later(ms);
    if (error) {
      throw error;
    }
    return value;
  };
  const exchange = { status: 200, headers: new Headers(), body: {}, text: '{}', ok: true, request } as Exchange;
  const raw: RawExchange = { status: 201, headers: new Headers(), bytes: new Uint8Array(), text: '' };
  return {
    call: (spec) => settle(spec.operationId, exchange),
    raw: (r) => settle(r.url, raw),
  } as Partial<StepContext> as StepContext;
}

const dropped = () => new TransportError('GET … failed: other side closed', request);

describe('trackRequests', () => {
  it('waits for requests still in flight, and for those they lead to, after a sibling failed', async () => {
    const { context, settled } = trackRequests(
      fakeContext((key) => (key === 'get-asset' ? { ms: 0, error: dropped() } : { ms: 20 })),
    );
    const order: string[] = [];
    const step = Promise.all([
      context.call({ operationId: 'get-asset', expect: 200 }),
      context
        .call({ operationId: 'get-asset-folder', expect: 200 })
        .then(() => context.raw({ method: 'GET', url: 'http://cdn.test/file' }))
        .then(() => order.push('chain done')),
    ]);
    await expect(step).rejects.toThrow('other side closed');
    order.push('step threw');
    const tally = await settled();
    order.push('settled');
    expect(order).toEqual(['step threw', 'chain done', 'settled']);
    expect(tally).toMatchObject({ answered: 1, unanswered: 1, interrupted: false });
    expect(tally.transportErrors.map((e) => e.message)).toEqual(['GET … failed: other side closed']);
  });

  it('counts only API calls as answered or not (raw requests go to other hosts), but records their transport failures', async () => {
    const { context, settled } = trackRequests(
      fakeContext((key) => (key.startsWith('http://storage') ? { ms: 0, error: dropped() } : { ms: 0 })),
    );
    await context.raw({ method: 'GET', url: 'http://cdn.test/file' });
    await expect(context.raw({ method: 'POST', url: 'http://storage.test/upload' })).rejects.toThrow();
    const tally = await settled();
    expect(tally).toMatchObject({ answered: 0, unanswered: 0 });
    expect(tally.transportErrors).toHaveLength(1);
  });

  it('notices an interruption that a request ran into', async () => {
    const { context, settled } = trackRequests(fakeContext(() => ({ ms: 0, error: new InterruptedError() })));
    await expect(context.call({ operationId: 'get-asset', expect: 200 })).rejects.toThrow('interrupted');
    expect(await settled()).toMatchObject({ answered: 0, unanswered: 0, interrupted: true });
  });

  it('settles at once when the step sent nothing', async () => {
    const { settled } = trackRequests(fakeContext(() => ({ ms: 0 })));
    expect(await settled()).toEqual({ answered: 0, unanswered: 0, transportErrors: [], interrupted: false });
  });
});

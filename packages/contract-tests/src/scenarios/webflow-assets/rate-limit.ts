import type { CallSpec, Scenario, StepDef } from '../../runner/scenario-types.js';
import { UNKNOWN_ID } from './fixtures.js';

/** More than this many requests to exhaust a budget is not worth it (and not polite). */
const MAX_BUDGET = 300;

/** The two steps, sharing the status of the last request that spent the budget (unset until it completed). */
function rateLimitSteps(): StepDef[] {
  let spent: number | undefined;
  let tooLarge: string | undefined;
  return [
    {
      name: 'exhaust the request budget',
      run: async (ctx) => {
        const probe: CallSpec = {
          operationId: 'list-asset-folders',
          params: { site_id: ctx.vars.siteId as string },
          expect: [200, 429],
          unthrottled: true,
          noRetry: true,
        };
        const first = await ctx.call(probe);
        const remaining = Number(first.headers.get('x-ratelimit-remaining'));
        // A missing or malformed header failed the response's own checks already.
        ctx.need(Number.isInteger(remaining) ? remaining : undefined, 'an integer X-RateLimit-Remaining');
        if (remaining > MAX_BUDGET) {
          // A large budget is no fault (Webflow's Enterprise plans set their own): the 429s are out
          // of this run's reach, said in the coverage, not failed.
          tooLarge = `the budget (X-RateLimit-Remaining ${remaining}) is more than the ${MAX_BUDGET} requests the suite spends to exhaust one`;
          ctx.untriggerable({ operationId: '*', status: '429', reason: tooLarge });
          ctx.skip(tooLarge);
        }
        let status = first.status;
        for (let sent = 0; status !== 429 && sent <= remaining + 5; sent++) {
          status = (await ctx.call(probe)).status;
        }
        spent = status;
        ctx.expect('rate-limit-reached', status === 429, {
          pointer: '',
          message: `after X-RateLimit-Remaining (${remaining}) more requests the server should answer 429, got ${status}`,
          expected: '429',
          actual: String(status),
          operationId: 'list-asset-folders',
        });
      },
    },
    {
      name: 'every operation answers 429',
      run: async (ctx) => {
        if (tooLarge !== undefined) {
          ctx.skip(tooLarge);
        }
        ctx.need(spent === 429 ? spent : undefined, 'an exhausted request budget');
        const limited = (spec: Omit<CallSpec, 'expect'>) =>
          ctx.call({ ...spec, expect: 429, unthrottled: true, noRetry: true });
        await Promise.all([
          limited({ operationId: 'list-assets', params: { site_id: ctx.vars.siteId as string } }),
          limited({ operationId: 'list-asset-folders', params: { site_id: ctx.vars.siteId as string } }),
          limited({ operationId: 'get-asset', params: { asset_id: UNKNOWN_ID } }),
          limited({ operationId: 'get-asset-folder', params: { asset_folder_id: UNKNOWN_ID } }),
          limited({ operationId: 'patch-asset', params: { asset_id: UNKNOWN_ID }, body: { displayName: 'x' } }),
          limited({ operationId: 'delete-asset', params: { asset_id: UNKNOWN_ID } }),
          limited({
            operationId: 'create-asset',
            params: { site_id: UNKNOWN_ID },
            body: { fileName: 'x.png', fileHash: '0'.repeat(32) },
          }),
          limited({ operationId: 'create-asset-folder', params: { site_id: UNKNOWN_ID }, body: { displayName: 'x' } }),
        ]);
      },
    },
  ];
}

/**
 * Exhausts the token's rate-limit budget, then calls every operation once to see each answer
 * 429 with `Retry-After`. Opt-in (`--exercise-rate-limit`) and run after cleanup, because it
 * leaves the token without requests for up to a minute. The write calls target unknown ids and
 * an unknown site, so a server that does not limit them still writes nothing.
 */
export const rateLimit: Scenario = {
  name: 'rate limit',
  description: 'Exhausts the request budget and checks every operation answers 429 with Retry-After.',
  writes: true,
  phase: 'final',
  unavailable: (config) =>
    config.exerciseRateLimit ? undefined : `opt in with ${config.optionNames.exerciseRateLimit}`,
  steps: rateLimitSteps,
};

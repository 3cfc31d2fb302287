import { OBJECT_ID } from '@assetkit/contract';
import type { Resource, ScenarioModule, UntriggerableRule } from '../../runner/scenario-types.js';
import { existingData } from './existing-data.js';
import { list, record, runName } from './fixtures.js';
import { lifecycle } from './lifecycle.js';
import { assetResource, folderResource } from './lifecycle-state.js';
import { negativeReads, negativeWrites } from './negatives.js';
import { LOCALE_OPTION, SITE_OPTION } from './option-keys.js';
import { rateLimit } from './rate-limit.js';

const READS = ['list-assets', 'get-asset', 'list-asset-folders', 'get-asset-folder'];
const WRITES = ['create-asset', 'patch-asset', 'delete-asset', 'create-asset-folder'];

/** The check of an id option; its problem follows the option's name, as the entry point takes it. */
const objectId = (value: string) =>
  OBJECT_ID.test(value) ? undefined : `must be a 24-character hex ObjectId, got ${JSON.stringify(value)}`;

function untriggerable(config: Parameters<ScenarioModule['untriggerable']>[0]): UntriggerableRule[] {
  const rules: UntriggerableRule[] = [
    {
      operationId: '*',
      status: '500',
      reason: 'a conforming server answers 500 only when it fails; nothing a client sends should cause it',
    },
    ...READS.map((operationId) => ({
      operationId,
      status: '403',
      reason: 'needs a token that may not read this site; any token able to run the suite holds assets:read',
    })),
  ];
  if (!config.exerciseRateLimit) {
    rules.push({
      operationId: '*',
      status: '429',
      reason: `needs an exhausted budget: opt in with ${config.optionNames.exerciseRateLimit}`,
    });
  } else if (config.readOnly) {
    // The scenario that exhausts the budget writes, so --read-only skips it.
    rules.push({
      operationId: '*',
      status: '429',
      reason: `${config.optionNames.readOnly} skips the scenario that exhausts the budget (it writes)`,
    });
  }
  // Under --read-only no write is sent at all (the runner says so); a read-only token would not help.
  if (!config.hasReadOnlyToken && !config.readOnly) {
    rules.push(
      ...WRITES.map((operationId) => ({
        operationId,
        status: '403',
        reason: `needs a token without assets:write: pass ${config.optionNames.readOnlyToken}`,
      })),
    );
  }
  return rules;
}

/** Finds this run's leftovers by the run id in their names (a create cut off before its answer). */
async function sweep({ runId, vars, call }: Parameters<NonNullable<ScenarioModule['sweep']>>[0]): Promise<Resource[]> {
  const prefix = runName(runId);
  const found: Resource[] = [];
  const params = { site_id: vars.siteId as string };
  for (let offset = 0, pages = 0; pages < 50; pages++, offset += 100) {
    const { status, body } = await call({ operationId: 'list-assets', params, query: { offset, limit: 100 } });
    if (status !== 200) {
      // Else a failed page reads as "nothing left behind" (the search fails, and says so).
      throw new Error(`list-assets answered ${status}`);
    }
    const assets = list(body, 'assets').map(record);
    for (const asset of assets) {
      const name = String(asset.originalFileName ?? '');
      if (name.startsWith(prefix) && typeof asset.id === 'string') {
        found.push(assetResource(asset.id, name));
      }
    }
    const total = Number(record(record(body).pagination).total);
    if (assets.length === 0 || offset + assets.length >= total) {
      break;
    }
  }
  const folders = await call({ operationId: 'list-asset-folders', params });
  if (folders.status !== 200) {
    throw new Error(`list-asset-folders answered ${folders.status}`);
  }
  const { body } = folders;
  for (const folder of list(body, 'assetFolders').map(record)) {
    if (String(folder.displayName ?? '').startsWith(prefix) && typeof folder.id === 'string') {
      found.push(folderResource(folder.id, String(folder.displayName)));
    }
  }
  return found;
}

/**
 * The Webflow asset API's scenarios and configuration: everything API-specific the runner needs,
 * as data. Names of everything it creates start with `assetkit-conformance-<runId>`.
 *
 * @example
 * await runSuite({ module: webflowAssets, baseUrl, token, vars: { siteId } });
 */
export const webflowAssets: ScenarioModule = {
  api: 'webflow-assets',
  options: [
    {
      ...SITE_OPTION,
      description: 'the site to test (ObjectId)',
      required: true,
      validate: objectId,
    },
    {
      ...LOCALE_OPTION,
      description: 'a secondary locale of the site, to test per-locale altText (the step is skipped without it)',
      required: false,
      validate: objectId,
    },
  ],
  probe: (config) => {
    const { token, baseUrl, moduleOption } = config.optionNames;
    const siteId = moduleOption(SITE_OPTION);
    return {
      call: { operationId: 'list-asset-folders', params: { site_id: config.vars.siteId as string }, expect: 200 },
      hints: {
        401: `the token was not accepted: check ${token}`,
        403: `the token may not read this site: check ${token} and ${siteId}`,
        404: `the site or the route was not found: check ${siteId}, and that ${baseUrl} ends with the API base path (e.g. /v2)`,
        // Only after the waits for Retry-After (or none, when it asks for longer than the suite
        // waits): every call of the run would wait the same way.
        429: "the token's request budget is spent, beyond the waits for Retry-After the suite makes: something else is spending it; rerun when the token is idle",
      },
    };
  },
  scenarios: [existingData, lifecycle, negativeReads, negativeWrites, rateLimit],
  untriggerable,
  sweep,
};

import type { Resource, ScenarioModule, UntriggerableRule } from '../../runner/scenario-types.js';
import { lifecycle } from './lifecycle.js';
import { negativeReads, negativeWrites } from './negatives.js';
import { checkPathPrefix, DEFAULT_PATH_PREFIX, runPath, runPathResource } from './run-paths.js';

const UNTRIGGERABLE: UntriggerableRule[] = [
  {
    operationId: 'store-asset',
    status: '403',
    reason: 'needs a path whose allowed-content-types exclude PNG: server configuration the suite cannot change',
  },
];

/** A run stores only below `<prefix>/<runId>`: one recursive delete finds and removes whatever it left. */
async function sweep({ runId, vars }: Parameters<NonNullable<ScenarioModule['sweep']>>[0]): Promise<Resource[]> {
  return [runPathResource(runPath({ runId, vars }))];
}

/**
 * Konifer's asset API: its scenarios and configuration, as data. Konifer has no credentials, so
 * no token is needed (a proxy in front of it takes its own key with `--token`). Everything a run
 * stores is below `<path prefix>/<runId>`.
 *
 * @example
 * await runSuite({ module: koniferAssets, baseUrl: 'http://127.0.0.1:4010', vars: {} });
 */
export const koniferAssets: ScenarioModule = {
  api: 'konifer-assets',
  options: [
    {
      name: 'pathPrefix',
      flag: 'path-prefix',
      placeholder: 'PATH',
      description: `the asset path every run stores below, as <prefix>/<runId> (default ${DEFAULT_PATH_PREFIX})`,
      required: false,
      validate: checkPathPrefix,
    },
  ],
  probe: (config) => {
    const { token, baseUrl, api } = config.optionNames;
    return {
      call: {
        operationId: 'get-metadata',
        params: { path: config.vars.pathPrefix ?? DEFAULT_PATH_PREFIX },
        query: { limit: -1 },
        expect: 200,
      },
      hints: {
        401: `the credential was not accepted: check ${token} (a proxy in front of Konifer wants its own key)`,
        403: `the credential may not read this API: check ${token}`,
        404: `no Konifer asset API answers here: check ${baseUrl} (the server root, without /assets)`,
        405: `this server does not serve Konifer metadata: check ${api} and ${baseUrl}`,
      },
    };
  },
  scenarios: [lifecycle, negativeReads, negativeWrites],
  untriggerable: () => UNTRIGGERABLE,
  sweep,
};

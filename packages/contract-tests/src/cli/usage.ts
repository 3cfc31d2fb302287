import { type ApiName, basePathsOf, getContract } from '@assetkit/contract';
import { DEFAULT_TIMEOUT_MS } from '../runner/run-suite.js';
import { scenarioModule, testableApis } from '../scenarios/registry.js';
import { declaresSecurity } from './args.js';

/**
 * The `--help` text: every flag, the options of the selected API's scenario module, and the exit
 * codes; the base URL and `--token` as that API's spec has them (a server path, security).
 */
export function usage(api = 'webflow-assets'): string {
  const module = scenarioModule(api);
  const moduleFlags = (module?.options ?? []).map(
    (o) => `  --${`${o.flag} ${o.placeholder ?? 'ID'}`.padEnd(26)}${o.description}${o.required ? ' (required)' : ''}`,
  );
  const secured = !module || declaresSecurity(api);
  const contract = module ? getContract(api as ApiName) : undefined;
  const first = contract?.document.servers?.[0];
  const base = contract ? (basePathsOf(contract.document).find((b) => b.server === first)?.basePath ?? '') : '/v2';
  const start = contract?.operations[0]?.path.split('/')[1];
  const baseUrl =
    base !== ''
      ? `the server; a bare host gets the spec’s first server path (${base})`
      : `the server’s root, as given (the API’s paths start with /${start})`;
  const tokens = secured
    ? [
        '  --token TOKEN               a token with read and write scopes (read is enough with --read-only)',
        '  --token-read-only TOKEN     a second token with read scope only: also checks 403 on writes',
      ]
    : [
        '  --token TOKEN               optional: the API’s spec declares no security; when given, sent as',
        '                              a bearer token (a proxy in front of the API wants its key)',
      ];
  return [
    `Usage: assetkit-conformance ${api === 'webflow-assets' ? '' : `--api ${api} `}--base-url URL ${secured ? '--token TOKEN' : '[--token TOKEN]'} [options]`,
    '',
    'Checks that a live server speaks an assetkit API: runs scenarios against it and checks every',
    'response (status, content type, headers, body schema, semantics) against the OpenAPI contract.',
    '',
    'Target:',
    `  --api NAME                  the API to test: ${testableApis().join(', ')} (default webflow-assets)`,
    `  --base-url URL              ${baseUrl}`,
    ...tokens,
    ...moduleFlags,
    '',
    'Behaviour:',
    '  --read-only                 send only GET requests, to existing data',
    '  --strict                    also report response properties the spec does not document',
    '  --rate-limit N/UNIT         client-side budget, e.g. 60/min, 5/s, unlimited (it always wins);',
    '                              default: the budget the server announces (X-RateLimit-Limit),',
    '                              and until it does, unlimited for localhost/127.x, 60/min otherwise',
    '  --exercise-rate-limit       exhaust the token’s budget at the end to check every 429 response',
    '  --timeout DURATION          how long one request may take before it counts as unanswered:',
    `                              seconds (30, 2.5s) or milliseconds (500ms); default ${DEFAULT_TIMEOUT_MS / 1000}s`,
    '',
    'Reports:',
    '  --json FILE                 every check, the coverage matrix and timings, as JSON',
    '  --junit FILE                JUnit XML for CI (one testsuite per scenario, one testcase per check)',
    '  --min-coverage PERCENT      fail when triggerable coverage (operation × status) is below PERCENT',
    '  -h, --help                  show this help',
    '',
    'Exit codes: 0 all checks passed · 1 conformance failures (or coverage below --min-coverage)',
    '            2 usage error, or the target is unreachable, its TLS certificate is not trusted,',
    '            or it refuses the credentials',
    '            130 / 143 interrupted by SIGINT / SIGTERM (after cleanup)',
    '',
  ].join('\n');
}

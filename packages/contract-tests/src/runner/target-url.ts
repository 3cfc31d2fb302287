import { basePathsOf, type Contract, MULTI_SEGMENT_EXTENSION } from '@assetkit/contract';

/**
 * What is wrong with a base URL, each problem worded after the option's name (`--base-url` in the
 * CLI, `baseUrl` for `runSuite`): missing, not a URL, not http(s), a user name or password in it
 * (not echoed: the message would print the password into a CI log; the credential goes in the
 * token's option), or a query string: every call's URL is the API root plus the operation's own
 * path and query, so it would be dropped and the run would test another URL than the one given.
 * Refused rather than added to each call: a conformance run sends the requests the spec describes,
 * and a `?limit=` or `?offset=` there would fight the suite's own.
 *
 * @example
 * baseUrlProblems('api.webflow.com', { option: 'baseUrl', token: 'token' });
 * // ['baseUrl must be a URL, got "api.webflow.com"']
 */
export function baseUrlProblems(value: unknown, names: { option: string; token: string }): string[] {
  const { option } = names;
  if (typeof value !== 'string') {
    return [`${option} is required: the URL of the API under test (for example https://api.webflow.com/v2)`];
  }
  if (!URL.canParse(value)) {
    return [`${option} must be a URL, got ${JSON.stringify(value)}`];
  }
  const url = new URL(value);
  const problems: string[] = [];
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${option} must be an http(s) URL, got ${JSON.stringify(value)}`);
  } else if (url.username !== '' || url.password !== '') {
    problems.push(`${option} must not hold a user name or password (the credential goes in ${names.token})`);
  }
  if (url.search !== '') {
    problems.push(
      `${option} must not have a query string, got ${JSON.stringify(url.search)}: every call is the API root plus the operation's own path and query`,
    );
  }
  return problems;
}

/**
 * The URL the API lives at. A base URL that already ends in one of the spec's server paths
 * (`https://api.webflow.com/v2`, `…/beta`) is used as is; a bare host gets the first server's
 * path, so `http://127.0.0.1:4010` means `http://127.0.0.1:4010/v2`.
 *
 * @example
 * apiRoot(contract, 'http://127.0.0.1:4010'); // 'http://127.0.0.1:4010/v2'
 */
export function apiRoot(contract: Contract, baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  const bases = basePathsOf(contract.document);
  if (bases.some((b) => b.basePath !== '' && path.endsWith(b.basePath))) {
    return `${url.origin}${path}`;
  }
  const first = contract.document.servers?.[0];
  const base = bases.find((b) => b.server === first)?.basePath ?? '';
  return `${url.origin}${path}${base}`;
}

/**
 * The URL of one call: the operation's path template filled with percent-encoded parameters
 * (a parameter marked `x-assetkit-multi-segment` keeps its `/`s: each segment is encoded on its
 * own), then the query (undefined values left out).
 *
 * @example
 * operationUrl(contract, root, 'get-asset', { asset_id: 'x' }); // '…/v2/assets/x'
 */
export function operationUrl(
  contract: Contract,
  root: string,
  operationId: string,
  params: Record<string, string> = {},
  query: Record<string, string | number | undefined> = {},
): { method: string; url: string } {
  const operation = contract.operation(operationId);
  if (!operation) {
    throw new TypeError(`${contract.name} has no operation ${JSON.stringify(operationId)}`);
  }
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new TypeError(`${operationId} needs path parameter ${name}`);
    }
    const multi = operation.parameters.some(
      (p) => p.in === 'path' && p.name === name && p.object[MULTI_SEGMENT_EXTENSION] === true,
    );
    return multi ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      search.append(name, String(value));
    }
  }
  const qs = search.toString();
  return { method: operation.method.toUpperCase(), url: `${root}${path}${qs ? `?${qs}` : ''}` };
}

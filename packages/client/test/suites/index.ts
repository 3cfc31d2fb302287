import type { StartTarget } from '../helpers.js';
import { describeAssets } from './assets-suite.js';
import { describeFolders } from './folders-suite.js';
import { describeIterate } from './iterate-suite.js';
import { describeRequestBodies } from './request-body-suite.js';
import { describeResilience } from './resilience-suite.js';
import { describeUpload } from './upload-suite.js';
import { describeValidation } from './validation-suite.js';

export {
  describeAssets,
  describeFolders,
  describeIterate,
  describeRequestBodies,
  describeResilience,
  describeUpload,
  describeValidation,
};

/**
 * Every client suite against one target. A second target (the proxy in front of a sandbox) is a
 * `StartTarget` plus one call of this in its own test file.
 *
 * @example
 * // test/proxy.test.ts
 * describeEverySuite(startProxyTarget);
 */
export function describeEverySuite(start: StartTarget) {
  describeAssets(start);
  describeFolders(start);
  describeRequestBodies(start);
  describeIterate(start);
  describeUpload(start);
  describeResilience(start);
  describeValidation(start);
}

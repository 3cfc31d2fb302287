import { startProxyTarget } from './proxy-target.js';
import { describeEverySuite } from './suites/index.js';

// Every client suite again, with the validating proxy between the client and the sandbox.
describeEverySuite(startProxyTarget);

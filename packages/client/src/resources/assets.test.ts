import { startSandboxTarget } from '../../test/helpers.js';
import { describeAssets } from '../../test/suites/assets-suite.js';

// The suites are shared with other targets (the proxy); see test/suites/index.ts.
describeAssets(startSandboxTarget);

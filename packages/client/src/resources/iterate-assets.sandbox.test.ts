import { startSandboxTarget } from '../../test/helpers.js';
import { describeIterate } from '../../test/suites/iterate-suite.js';

describeIterate(startSandboxTarget);

import { startSandboxTarget } from '../../test/helpers.js';
import { describeResilience } from '../../test/suites/resilience-suite.js';

describeResilience(startSandboxTarget);

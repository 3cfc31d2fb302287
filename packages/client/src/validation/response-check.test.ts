import { startSandboxTarget } from '../../test/helpers.js';
import { describeValidation } from '../../test/suites/validation-suite.js';

describeValidation(startSandboxTarget);

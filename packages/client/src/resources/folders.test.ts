import { startSandboxTarget } from '../../test/helpers.js';
import { describeFolders } from '../../test/suites/folders-suite.js';

describeFolders(startSandboxTarget);

import { startSandboxTarget } from '../../test/helpers.js';
import { describeUpload } from '../../test/suites/upload-suite.js';

describeUpload(startSandboxTarget);

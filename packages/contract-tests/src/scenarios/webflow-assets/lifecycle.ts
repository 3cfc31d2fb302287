import type { Scenario } from '../../runner/scenario-types.js';
import { createSteps } from './lifecycle-create.js';
import { listSteps } from './lifecycle-list.js';
import { lifecycleState } from './lifecycle-state.js';
import { updateSteps } from './lifecycle-update.js';

/**
 * The full life of an asset: folder → two assets → upload → get → list (folder filter, an asset
 * at the site root left out of it, pages, the whole site) → patch (primary locale, then `localeId`) → refused writes → delete → gone.
 * Every created asset is registered for cleanup the moment its id is known.
 */
export const lifecycle: Scenario = {
  name: 'lifecycle',
  description: 'Creates a folder and two assets, uploads, reads, lists, patches, deletes and proves them gone.',
  writes: true,
  steps: ({ runId }) => {
    const state = lifecycleState(runId);
    return [...createSteps(state), ...listSteps(state), ...updateSteps(state)];
  },
};

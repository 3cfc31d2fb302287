import { apiNames } from '@assetkit/contract';
import type { ScenarioModule } from '../runner/scenario-types.js';
import { koniferAssets } from './konifer-assets/index.js';
import { webflowAssets } from './webflow-assets/index.js';

/**
 * Scenario modules by API name. A new API needs a module here and its spec in `openapi/`; the
 * runner stays as it is.
 */
const modules: Readonly<Record<string, ScenarioModule>> = {
  'webflow-assets': webflowAssets,
  'konifer-assets': koniferAssets,
};

/** The API names the suite can test: those with both a contract and a scenario module. */
export function testableApis(): string[] {
  return apiNames().filter((name) => Object.hasOwn(modules, name));
}

/**
 * The scenario module of an API, or `undefined` when there is none.
 *
 * @example
 * scenarioModule('webflow-assets')?.scenarios.map((s) => s.name);
 */
export function scenarioModule(api: string): ScenarioModule | undefined {
  return Object.hasOwn(modules, api) ? modules[api] : undefined;
}

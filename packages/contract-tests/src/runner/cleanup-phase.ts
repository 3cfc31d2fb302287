import type { CleanupRegistry } from './cleanup-registry.js';
import { retryingCleanupCall } from './cleanup-retry.js';
import { type Clock, systemClock } from './clock.js';
import type { CleanupReport } from './report-types.js';
import type { CleanupCall, ScenarioModule } from './scenario-types.js';

/** The body as JSON, or `undefined` when it is empty or not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  if (text.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The cleanup phase of a run: when something may have escaped the registry (an interrupted or
 * failed writing scenario), the module's sweep looks for the run id in names first; then every
 * registered resource is removed (or reported as left behind, with why). Both send a request
 * again after a server failure or no answer ({@link retryingCleanupCall}).
 */
export async function cleanUp(
  module: ScenarioModule,
  registry: CleanupRegistry,
  call: CleanupCall,
  options: {
    runId: string;
    vars: Record<string, string>;
    sweep: boolean;
    clock?: Clock;
    /** Aborted on Ctrl-C: nothing is sent again after that. */
    signal?: AbortSignal | undefined;
    /** Told of each request cleanup sends again, and why. */
    onRetry?: ((what: string) => void) | undefined;
  },
): Promise<CleanupReport> {
  const clock = options.clock ?? systemClock;
  const notes: CleanupReport['failed'] = [];
  if (options.sweep && module.sweep) {
    // A step that was cut off (Ctrl-C, a response without an id) may have created something the
    // registry never heard of; the module finds it by the run id it put in every name.
    try {
      const search = retryingCleanupCall(call, clock, { signal: options.signal, onRetry: options.onRetry }).call;
      for (const found of await module.sweep({ runId: options.runId, vars: options.vars, call: search })) {
        if (!registry.has(found.kind, found.id)) {
          registry.register(found);
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      notes.push({ kind: 'sweep', id: options.runId, label: 'search for leftovers', error: message });
    }
  }
  const report = await registry.cleanup(call, { clock, signal: options.signal, onRetry: options.onRetry });
  return { ...report, failed: [...notes, ...report.failed] };
}

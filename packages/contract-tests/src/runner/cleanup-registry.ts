import { retryingCleanupCall } from './cleanup-retry.js';
import { type Clock, systemClock } from './clock.js';
import { SILENT_IN_A_ROW_BEFORE_GIVING_UP, TransportError } from './operation-caller.js';
import type { CleanupReport } from './report-types.js';
import type { CleanupCall, Resource } from './scenario-types.js';

/**
 * Thrown by a resource's `remove` that decided not to remove it (it turned out not to be the
 * run's): reported as not removed, with the message, and without an attempt count, since no
 * removal was attempted.
 */
export class LeftAloneError extends Error {
  override name = 'LeftAloneError';
}

/**
 * Remembers every resource a run created, so cleanup can remove them whatever happened: a
 * failed check, a thrown step, or Ctrl-C. Resources are removed newest first (an asset before
 * the folder it sits in), each sent again after a server failure or no answer
 * ({@link retryingCleanupCall}); ones the API cannot remove are reported as left behind, with why.
 *
 * @example
 * const registry = createCleanupRegistry();
 * registry.register({ kind: 'asset', id, label: 'logo.png', remove: (call) => call({ operationId: 'delete-asset', params: { asset_id: id } }).then(() => {}) });
 * const report = await registry.cleanup(call);
 */
export function createCleanupRegistry() {
  const resources = new Map<string, Resource>();
  const key = (kind: string, id: string) => `${kind}\u0000${id}`;
  return {
    register: function register(resource: Resource): void {
      resources.set(key(resource.kind, resource.id), resource);
    },
    release: function release(kind: string, id: string): void {
      resources.delete(key(kind, id));
    },
    has: function has(kind: string, id: string): boolean {
      return resources.has(key(kind, id));
    },
    pending: function pending(): Resource[] {
      return [...resources.values()];
    },
    cleanup: async function cleanup(
      call: CleanupCall,
      {
        clock = systemClock,
        signal,
        onRetry,
      }: { clock?: Clock; signal?: AbortSignal | undefined; onRetry?: ((what: string) => void) | undefined } = {},
    ): Promise<CleanupReport> {
      const report: CleanupReport = { removed: [], failed: [], left: [] };
      // Like the scenarios: once two removals in a row got no answer at all (each after its
      // retries), the target stopped answering, and the rest are reported untried instead of
      // each waiting out its timeouts.
      let unanswered = 0;
      for (const resource of [...resources.values()].reverse()) {
        const { kind, id, label } = resource;
        if (!resource.remove) {
          report.left.push({ kind, id, label, reason: resource.leftReason ?? 'the API cannot remove it' });
          continue;
        }
        if (unanswered >= SILENT_IN_A_ROW_BEFORE_GIVING_UP) {
          report.failed.push({ kind, id, label, error: 'not tried: the target stopped answering', attempts: 0 });
          continue;
        }
        // Every kind is removed through the same retries: one place decides what is sent again.
        const retrying = retryingCleanupCall(call, clock, { signal, onRetry });
        try {
          await resource.remove(retrying.call);
          resources.delete(key(kind, id));
          report.removed.push({ kind, id, label, ...(retrying.attempts > 1 && { attempts: retrying.attempts }) });
          unanswered = 0;
        } catch (error) {
          unanswered = error instanceof TransportError ? unanswered + 1 : 0;
          const message = error instanceof Error ? error.message : String(error);
          report.failed.push({
            kind,
            id,
            label,
            error: message,
            ...(retrying.attempts > 0 && !(error instanceof LeftAloneError) && { attempts: retrying.attempts }),
          });
        }
      }
      return report;
    },
  };
}

/** The registry {@link createCleanupRegistry} builds. */
export type CleanupRegistry = ReturnType<typeof createCleanupRegistry>;

import { driftExpectation } from './drift.js';
import type { DriftKind } from './drift-kinds.js';
import type { FaultConfig, FaultFrequency } from './fault-config.js';
import { seededRandom } from './prng.js';

/** The faults chosen for one request, before its handler runs. */
export interface FaultPlan {
  latencyMs: number;
  drop: boolean;
  /** `retryAfterSeconds`: always for a 429 (1 unless configured), for a 503 only when configured, never for a 500. */
  error: { status: 429 | 500 | 503; retryAfterSeconds: number | undefined } | undefined;
  invalidJson: boolean;
}

/** The live fault state: the configuration, what is left of its counts, and the PRNG. */
export interface FaultInjector {
  /** Replaces the faults (null clears them) and reseeds the PRNG. */
  set(config: FaultConfig | null): void;
  /** The current configuration, with each `count` replaced by what is left of it. */
  current(): FaultConfig | null;
  /** Decides the pre-handler faults for a request to `operationId` (consuming counts). */
  plan(operationId: string): FaultPlan | undefined;
  /** Decides whether a successful response to `operationId` drifts (consuming the count only if the kind applies). */
  drift(operationId: string): DriftKind | undefined;
}

/**
 * Creates the fault injector. A rule with neither `count` nor `rate` fires on every matching
 * request; `count` limits it to the next N; `rate` fires on that share, decided by a PRNG
 * seeded with `seed` (default 1).
 *
 * @example
 * const faults = createFaultInjector({ error: { status: 503, count: 1 } });
 * faults.plan('get-asset')?.error; // { status: 503, retryAfterSeconds: undefined }
 * faults.plan('get-asset')?.error; // undefined
 */
export function createFaultInjector(initial: FaultConfig | null = null): FaultInjector {
  let config: FaultConfig | null = null;
  let random = seededRandom(1);

  const applies = (operationId: string) =>
    config !== null && (config.operations === undefined || config.operations.includes(operationId));
  const fires = (rule: FaultFrequency | undefined): boolean => {
    if (!rule || (rule.count !== undefined && rule.count <= 0)) {
      return false;
    }
    if (rule.rate !== undefined && random() >= rule.rate) {
      return false;
    }
    if (rule.count !== undefined) {
      rule.count -= 1;
    }
    return true;
  };

  const injector: FaultInjector = {
    set(next) {
      config = next === null ? null : structuredClone(next);
      random = seededRandom(next?.seed ?? 1);
    },
    current: () => (config === null ? null : structuredClone(config)),
    plan(operationId) {
      if (!config || !applies(operationId)) {
        return undefined;
      }
      const plan: FaultPlan = { latencyMs: config.latencyMs ?? 0, drop: false, error: undefined, invalidJson: false };
      if (fires(config.drop)) {
        plan.drop = true;
      } else if (config.error && fires(config.error)) {
        const { status, retryAfterSeconds } = config.error;
        plan.error = {
          status,
          retryAfterSeconds: status === 500 ? undefined : (retryAfterSeconds ?? (status === 429 ? 1 : undefined)),
        };
      } else if (fires(config.invalidJson)) {
        plan.invalidJson = true;
      }
      return plan;
    },
    drift(operationId) {
      const drift = config?.drift;
      if (!drift || !applies(operationId) || !driftExpectation(drift.kind, operationId) || !fires(drift)) {
        return undefined;
      }
      return drift.kind;
    },
  };
  injector.set(initial);
  return injector;
}

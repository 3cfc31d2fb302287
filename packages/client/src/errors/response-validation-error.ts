import type { Violation } from '@assetkit/contract';
import { AssetsError } from './assets-error.js';

/**
 * A response that breaks the contract (only with `validateResponses` on): its status, headers,
 * content type or body drifted from `openapi/webflow-assets.yaml`. The message lists every
 * violation's location, JSON pointer and what was wrong.
 *
 * @example
 * catch (error) {
 *   if (error instanceof AssetsResponseValidationError) error.violations.map((v) => v.pointer); // ['/variants/0/height']
 * }
 */
export class AssetsResponseValidationError extends AssetsError {
  override name = 'AssetsResponseValidationError';
  readonly operationId: string;
  readonly status: number;
  readonly violations: Violation[];
  /** The response body that failed, parsed when it was JSON. */
  readonly body: unknown;

  constructor(facts: { operationId: string; status: number; violations: Violation[]; body: unknown }) {
    const lines = facts.violations.map((v) => `  ${v.location} ${v.pointer || '(root)'}: ${v.message}`);
    super(
      `${facts.operationId} answered ${facts.status} with a response that breaks the contract:\n${lines.join('\n')}`,
    );
    this.operationId = facts.operationId;
    this.status = facts.status;
    this.violations = facts.violations;
    this.body = facts.body;
  }
}

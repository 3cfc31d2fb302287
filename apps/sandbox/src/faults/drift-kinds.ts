/** The ways a drift fault can break a response (see {@link DRIFT_KINDS}). */
export type DriftKind =
  | 'height-as-string'
  | 'missing-id'
  | 'null-display-name'
  | 'extra-property'
  | 'wrong-content-type'
  | 'undocumented-status'
  | 'missing-rate-limit-headers';

/** What one drift kind does, and whether only strict validation notices it. */
export interface DriftKindInfo {
  description: string;
  /** `true` when the response is still valid unless validated in strict mode. */
  strictOnly: boolean;
}

/**
 * Every drift kind, with what it does to a successful response. Lists and assets without
 * variants get a synthetic item or variant, so the promised violation always happens.
 *
 * @example
 * const lines = Object.entries(DRIFT_KINDS).map(([kind, info]) => `${kind}: ${info.description}`);
 */
export const DRIFT_KINDS: Readonly<Record<DriftKind, DriftKindInfo>> = Object.freeze({
  'height-as-string': {
    description: 'An asset variant\'s `height` is sent as a string (`"500"`), not an integer.',
    strictOnly: false,
  },
  'missing-id': { description: 'The `id` of the asset, upload or folder is left out.', strictOnly: false },
  'null-display-name': { description: 'The `displayName` of the asset or folder is `null`.', strictOnly: false },
  'extra-property': {
    description: 'An undocumented top-level property `sandboxDrift` is added (a violation only in strict mode).',
    strictOnly: true,
  },
  'wrong-content-type': {
    description: 'The JSON body is sent as `text/plain`.',
    strictOnly: false,
  },
  'undocumented-status': { description: 'The status is 202, which no operation documents.', strictOnly: false },
  'missing-rate-limit-headers': {
    description: 'The `X-RateLimit-Limit` and `X-RateLimit-Remaining` headers are removed.',
    strictOnly: false,
  },
});

/** The drift kinds, in declaration order. */
export const DRIFT_KIND_NAMES = Object.keys(DRIFT_KINDS) as DriftKind[];

/** Whether a string names a drift kind. */
export function isDriftKind(value: unknown): value is DriftKind {
  return typeof value === 'string' && Object.hasOwn(DRIFT_KINDS, value);
}

import type { Exchange, Resource, StepContext } from '../../runner/scenario-types.js';
import { makePng, NAME_PREFIX, record } from '../webflow-assets/fixtures.js';

/** The default `--path-prefix`: every run stores below `<prefix>/<runId>`. */
export const DEFAULT_PATH_PREFIX = NAME_PREFIX;

/** Konifer's path characters, and no empty or `-` segment (`-` separates selectors). */
const ASSET_PATH = /^(?!\/)(?!.*\/\/)(?!-(?:\/|$))(?!.*\/-(?:\/|$))[a-zA-Z0-9_~!$'()*+=@/-]+(?<!\/)$/;

/** Checks a path prefix (`--path-prefix`, `vars.pathPrefix`); returns the problem, worded to follow the option's name, if any. */
export function checkPathPrefix(value: string): string | undefined {
  return ASSET_PATH.test(value)
    ? undefined
    : `must be an asset path (letters, digits, _~!$'()*+=@-, segments separated by /, no "-" segment), got ${JSON.stringify(value)}`;
}

/** Where this run stores: `<prefix>/<runId>`, optionally with more segments. */
export function runPath(ctx: Pick<StepContext, 'runId' | 'vars'>, ...below: string[]): string {
  return [ctx.vars.pathPrefix ?? DEFAULT_PATH_PREFIX, ctx.runId, ...below].join('/');
}

/**
 * Everything a run stored, removed in one recursive delete of its path (204 even when empty; a
 * 404 counts too: what it should delete is gone either way, e.g. deleted with its parent or by a step).
 */
export function runPathResource(path: string): Resource {
  return {
    kind: 'asset path',
    id: path,
    label: `${path} and everything below it`,
    remove: async (call) => {
      const { status } = await call({ operationId: 'delete-recursive', params: { path } });
      if (status !== 204 && status !== 404) {
        throw new Error(`delete-recursive answered ${status}`);
      }
    },
  };
}

/** A multipart store body: the `metadata` part as JSON text and a small real PNG as the `asset` part. */
export function storeForm(
  metadata: unknown,
  label: string,
  parts: { metadata?: boolean; asset?: boolean } = {},
): FormData {
  const form = new FormData();
  if (parts.metadata !== false) {
    form.append('metadata', JSON.stringify(metadata));
  }
  if (parts.asset !== false) {
    form.append('asset', new Blob([makePng(label)], { type: 'image/png' }), 'conformance.png');
  }
  return form;
}

/** Stores an image at `path` (expecting 201), registering the run's path for cleanup first. */
export async function storeAt(ctx: StepContext, path: string, metadata: Record<string, unknown>): Promise<Exchange> {
  ctx.register(runPathResource(runPath(ctx)));
  return ctx.call({
    operationId: 'store-asset',
    params: { path },
    form: storeForm(metadata, `${path} stored by @assetkit/contract-tests`),
    expect: 201,
  });
}

/** The parts of an asset its metadata promises to keep (the variants and timestamps aside). */
export function metadataOf(asset: unknown): Record<string, unknown> {
  const { alt, labels, tags, entryId } = record(asset);
  return { alt, labels, tags, entryId };
}

import type { Exchange, Resource, StepContext } from '../../runner/scenario-types.js';
import { makePng, md5Hex, runName } from './fixtures.js';
import { type OwnedFile, removeOwnedAsset } from './owned-asset.js';

/** One file the lifecycle creates, uploads, reads, patches and deletes (only once it is shown to be its own). */
export interface LifecycleFile extends OwnedFile {
  bytes: Uint8Array<ArrayBuffer>;
  hash: string;
  /** The create-asset response. */
  created?: Record<string, unknown>;
  /** The status storage answered the upload with (unset: the upload got no answer). */
  uploadStatus?: number;
  /** The get-asset response after the upload. */
  got?: Record<string, unknown>;
  /** The status delete-asset answered with (unset: the delete got no answer). */
  deleteStatus?: number;
}

/** What the lifecycle's steps hand to each other. */
export interface LifecycleState {
  folderId?: string;
  folder?: Record<string, unknown>;
  files: LifecycleFile[];
  /** An asset at the site root, outside the folder: what the `folderId` filter must leave out. */
  outside: LifecycleFile;
  /** The asset as the latest successful PATCH returned it. */
  patched?: Record<string, unknown>;
  /** The asset (primary locale) as the latest GET showed it. */
  current?: Record<string, unknown>;
}

function lifecycleFile(fileName: string, width?: number): LifecycleFile {
  const bytes = makePng(`${fileName} uploaded by @assetkit/contract-tests`, width);
  return { fileName, bytes, hash: md5Hex(bytes) };
}

/**
 * Fresh state for one run: two distinct small PNGs named after the run, 640 pixels wide so that a
 * server that makes responsive variants makes one (500 wide) and its schema is checked too, and a
 * third (2 pixels wide) for the site root.
 */
export function lifecycleState(runId: string): LifecycleState {
  return {
    files: [1, 2].map((n) => lifecycleFile(`${runName(runId)}-${n}.png`, 640)),
    outside: lifecycleFile(`${runName(runId)}-outside.png`),
  };
}

/**
 * A created asset, removable through delete-asset once get-asset shows it is `fileName` (the
 * name the run created it with; `label` by default). A 404 counts: it is gone either way.
 */
export function assetResource(id: string, label: string, fileName = label): Resource {
  return { kind: 'asset', id, label, remove: (call) => removeOwnedAsset(call, id, fileName) };
}

/** A created folder: Webflow's API has no way to delete one, so it is reported as left behind. */
export function folderResource(id: string, label: string): Resource {
  return {
    kind: 'asset folder',
    id,
    label,
    leftReason:
      'the API has no endpoint to delete asset folders; on Webflow remove it in the Designer (a sandbox folder can stay: it costs nothing)',
  };
}

/**
 * Registers what a create answered with, whatever the scenario expected: a server that wrongly
 * accepts a write (no token, unknown site) must not leave litter behind. `fileName` is the one
 * an asset's create sent, which cleanup checks before it deletes.
 */
export function registerIfCreated(
  ctx: StepContext,
  res: Exchange,
  kind: 'asset' | 'asset folder',
  label: string,
  fileName: unknown,
): void {
  const id = (res.body as { id?: unknown } | undefined)?.id;
  if (res.status >= 200 && res.status < 300 && typeof id === 'string') {
    ctx.register(
      kind === 'asset'
        ? assetResource(id, label, typeof fileName === 'string' ? fileName : label)
        : folderResource(id, label),
    );
  }
}

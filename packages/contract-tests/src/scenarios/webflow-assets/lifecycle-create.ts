import type { StepContext, StepDef } from '../../runner/scenario-types.js';
import { expectListed } from './expect-listed.js';
import { list, record, runName, sameBytes, text } from './fixtures.js';
import { assetResource, folderResource, type LifecycleFile, type LifecycleState } from './lifecycle-state.js';
import { confirmOwned } from './owned-asset.js';

/** Creates `file`'s asset in the folder `folderId`, or at the site root when it is `null`. */
export async function createFile(ctx: StepContext, folderId: string | null, file: LifecycleFile): Promise<void> {
  const res = await ctx.call({
    operationId: 'create-asset',
    params: { site_id: ctx.vars.siteId as string },
    body: { fileName: file.fileName, fileHash: file.hash, ...(folderId !== null && { parentFolder: folderId }) },
    expect: 200,
  });
  const id = text(res.body, 'id');
  if (id !== undefined && res.status === 200) {
    ctx.register(assetResource(id, file.fileName));
    file.id = id;
    file.created = record(res.body);
  }
  // `parentFolder` is optional in the answer: compared when the server sends it. A server that
  // ignores it is caught by the folder's own list and the `folderId` filter later on.
  const echoed = record(res.body);
  const sent = 'parentFolder' in echoed;
  ctx.expectEqual(
    'create-asset-echoes-request',
    { originalFileName: echoed.originalFileName, ...(sent && { parentFolder: echoed.parentFolder }) },
    { originalFileName: file.fileName, ...(sent && { parentFolder: folderId }) },
    { operationId: 'create-asset', of: res },
  );
}

/** Uploads `file`'s bytes to the `uploadUrl` its create-asset answer gave, as S3's POST-object asks. */
export async function upload(ctx: StepContext, file: LifecycleFile): Promise<void> {
  const created = ctx.need(file.created, `the create-asset response of ${file.fileName}`);
  const uploadUrl = ctx.need(text(created, 'uploadUrl'), 'uploadUrl');
  const form = new FormData();
  const details = record(created.uploadDetails);
  // S3's POST-object rule: every presigned field verbatim, in order, and the file last.
  for (const [name, value] of Object.entries(details)) {
    form.append(name, String(value));
  }
  form.append('file', new Blob([file.bytes], { type: 'image/png' }), file.fileName);
  const res = await ctx.raw({ method: 'POST', url: uploadUrl, body: form });
  file.uploadStatus = res.status;
  const expected = successStatus(details.success_action_status);
  ctx.expect('upload', res.status === expected.status, {
    pointer: '',
    message: `POST uploadUrl with every uploadDetails field and the file last should answer ${expected.status} (${expected.why}), got ${res.status}: ${res.text.slice(0, 200)}`,
    expected: String(expected.status),
    actual: String(res.status),
    operationId: 'create-asset',
  });
}

/**
 * The status a storage answers a successful POST-object upload with, by S3's rule: the
 * `success_action_status` field's when it is 200, 201 or 204 (Webflow's presigned fields say
 * 201), otherwise 204.
 *
 * @example
 * successStatus('201'); // { status: 201, why: 'its success_action_status' }
 */
export function successStatus(field: unknown): { status: number; why: string } {
  return field === '200' || field === '201' || field === '204'
    ? { status: Number(field), why: 'its success_action_status' }
    : { status: 204, why: 'S3 answers 204 where success_action_status is absent or not 200, 201 or 204' };
}

async function getUploaded(ctx: StepContext, file: LifecycleFile): Promise<void> {
  const id = ctx.need(file.id, `the id of ${file.fileName}`);
  // Without an answer to the upload, what get-asset shows of it (size, hostedUrl) proves nothing.
  ctx.need(file.uploadStatus, `an answer to the upload of ${file.fileName}`);
  const res = await ctx.call({ operationId: 'get-asset', params: { asset_id: id }, expect: 200 });
  confirmOwned(file, res);
  const asset = record(res.body);
  if (res.status === 200) {
    file.got = asset;
  }
  ctx.expectEqual(
    'get-asset-shows-upload',
    { id: asset.id, originalFileName: asset.originalFileName, size: asset.size },
    { id, originalFileName: file.fileName, size: file.bytes.length },
    { operationId: 'get-asset', of: res },
  );
  const hostedUrl = ctx.need(text(asset, 'hostedUrl'), 'hostedUrl');
  const hosted = await ctx.raw({ method: 'GET', url: hostedUrl });
  const same = hosted.status === 200 && sameBytes(hosted.bytes, file.bytes);
  ctx.expect('hosted-url-serves-file', same, {
    pointer: '/hostedUrl',
    message: `GET hostedUrl should answer 200 with the ${file.bytes.length} uploaded bytes; got ${hosted.status} with ${hosted.bytes.length} bytes`,
    expected: `200, ${file.bytes.length} identical bytes`,
    actual: `${hosted.status}, ${hosted.bytes.length} bytes${hosted.status === 200 ? ' (different)' : ''}`,
    operationId: 'get-asset',
  });
}

/** Steps 1–5 of the lifecycle: create a folder, list and get it, create two assets, upload, read back. */
export function createSteps(state: LifecycleState): StepDef[] {
  return [
    {
      name: 'create a folder',
      run: async (ctx) => {
        const name = runName(ctx.runId);
        const res = await ctx.call({
          operationId: 'create-asset-folder',
          params: { site_id: ctx.vars.siteId as string },
          body: { displayName: name },
          expect: 200,
        });
        const id = text(res.body, 'id');
        if (id !== undefined && res.status === 200) {
          ctx.register(folderResource(id, name));
          state.folderId = id;
          state.folder = record(res.body);
        }
        const folder = record(res.body);
        ctx.expectEqual(
          'create-folder-echoes-request',
          { displayName: folder.displayName, parentFolder: folder.parentFolder, siteId: folder.siteId },
          { displayName: name, parentFolder: null, siteId: ctx.vars.siteId },
          { operationId: 'create-asset-folder', of: res },
        );
      },
    },
    {
      name: 'get and list the folder',
      run: async (ctx) => {
        const id = ctx.need(state.folderId, 'the created folder');
        const siteId = ctx.vars.siteId as string;
        const [got, listed] = await Promise.all([
          ctx.call({ operationId: 'get-asset-folder', params: { asset_folder_id: id }, expect: 200 }),
          ctx.call({ operationId: 'list-asset-folders', params: { site_id: siteId }, expect: 200 }),
        ]);
        ctx.expectEqual('get-folder-equals-create', got.body, state.folder, {
          operationId: 'get-asset-folder',
          of: got,
        });
        expectListed(ctx, 'created-folder-listed', list(listed.body, 'assetFolders'), id, {
          operationId: 'list-asset-folders',
          of: listed,
          pointer: '/assetFolders',
          expected: state.folder,
        });
      },
    },
    {
      name: 'create two assets in the folder',
      run: async (ctx) => {
        const folderId = ctx.need(state.folderId, 'the created folder');
        await Promise.all(state.files.map((file) => createFile(ctx, folderId, file)));
      },
    },
    {
      name: 'upload both files to uploadUrl',
      run: async (ctx) => void (await Promise.all(state.files.map((file) => upload(ctx, file)))),
    },
    {
      name: 'get an uploaded asset and its hosted file',
      run: async (ctx) => void (await Promise.all(state.files.map((file) => getUploaded(ctx, file)))),
    },
  ];
}

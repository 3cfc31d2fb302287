import type { Violation } from '@assetkit/contract';
import { joinPointer } from '@assetkit/contract/json-pointer';
import type { Asset, AssetUpload, CreateAssetBody, LocaleQuery } from '../api-types.js';
import { AssetsApiError } from '../errors/assets-api-error.js';
import { bodyViolation } from '../errors/body-problems.js';
import { AssetsResponseValidationError } from '../errors/response-validation-error.js';
import { AssetsUploadError, type UploadStep } from '../errors/upload-error.js';
import { callOptionsProblems } from '../options/call-options.js';
import { given } from '../options/given.js';
import { unknownFlatNames } from '../options/option-names.js';
import { type CallOptions, pathIdArgument } from '../resources/call.js';
import type { Transport } from '../transport/transport.js';
import { md5Hex } from './md5.js';
import { parseStorageAnswer } from './storage-response.js';
import { readUploadData, type UploadData } from './upload-data.js';

/**
 * What `assets.upload` takes.
 *
 * @example
 * const input: UploadInput = { data: await readFile('logo.png'), fileName: 'logo.png', contentType: 'image/png' };
 */
export interface UploadInput {
  /** The file: bytes, a `Blob`/`File`, a web `ReadableStream` or a Node readable stream. */
  data: UploadData;
  /** File name with extension, at most 99 characters. */
  fileName: string;
  /** The file part's MIME type (`image/png`); defaults to the Blob's type, then the type the API derived from the name. */
  contentType?: string;
  /** The folder to put the asset in; none or `null` for the site root (as `folders.create` takes it). */
  parentFolder?: string | null;
}

interface UploadContext {
  siteId: string;
  input: UploadInput;
  options: CallOptions | undefined;
  transport: Transport;
  create: (siteId: string, body: CreateAssetBody, options?: CallOptions) => Promise<AssetUpload>;
  get: (assetId: string, options?: LocaleQuery & CallOptions) => Promise<Asset>;
}

/** Wraps a step's failure, except the caller's own abort, which stays as it is. */
function failure(step: UploadStep, cause: unknown, context: UploadContext, assetId?: string): unknown {
  if (context.options?.signal?.aborted) {
    return cause;
  }
  const status = cause instanceof AssetsApiError ? cause.status : undefined;
  return new AssetsUploadError({
    step,
    fileName: typeof context.input?.fileName === 'string' ? context.input.fileName : '',
    cause,
    ...(assetId === undefined ? {} : { assetId }),
    ...(status === undefined ? {} : { status }),
  });
}

/** The storage request: every `uploadDetails` field verbatim, in order, then the file part last (an S3 rule). */
function storageForm(created: AssetUpload, bytes: Uint8Array<ArrayBuffer>, context: UploadContext): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(created.uploadDetails)) {
    form.append(name, value);
  }
  const { input } = context;
  const blobType = typeof Blob !== 'undefined' && input.data instanceof Blob ? input.data.type : '';
  const type = input.contentType ?? (blobType || created.uploadDetails['content-type'] || 'application/octet-stream');
  form.append('file', new Blob([bytes], { type }), input.fileName);
  return form;
}

/**
 * What in `create-asset`'s answer the upload cannot go on with (it is returned unchecked without
 * `validateResponses`): without this, an answer missing `uploadDetails` or `uploadUrl` failed the
 * storage step with `Cannot convert undefined or null to object` or `Failed to parse URL from
 * undefined`, and one missing `id` sent the bytes to storage, then failed at `get-asset`.
 */
function createdProblems(created: AssetUpload): Violation[] {
  const { id, uploadUrl, uploadDetails } = created as Partial<Record<keyof AssetUpload, unknown>>;
  const problems: Violation[] = [];
  if (typeof id !== 'string' || id.trim() === '') {
    problems.push(bodyViolation('/id', `must be a non-empty id string, got ${JSON.stringify(id) ?? 'nothing'}`));
  }
  let url: URL | undefined;
  try {
    url = typeof uploadUrl === 'string' ? new URL(uploadUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    const got = JSON.stringify(uploadUrl)?.slice(0, 200) ?? 'nothing';
    problems.push(bodyViolation('/uploadUrl', `must be an absolute http(s) URL, got ${got}`));
  }
  if (typeof uploadDetails !== 'object' || uploadDetails === null || Array.isArray(uploadDetails)) {
    const got = JSON.stringify(uploadDetails)?.slice(0, 200) ?? 'nothing';
    problems.push(bodyViolation('/uploadDetails', `must be an object of form fields, got ${got}`));
  } else {
    for (const [name, value] of Object.entries(uploadDetails)) {
      if (typeof value !== 'string') {
        const pointer = joinPointer('/uploadDetails', name);
        problems.push(bodyViolation(pointer, `must be a string, got ${JSON.stringify(value) ?? String(value)}`));
      }
    }
  }
  return problems;
}

/** Webflow's size limit for images (the extensions it takes as images). */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
/** Webflow's size limit for every other file. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg']);

/** `type/subtype`, then any parameters, in printable ASCII (RFC 9110 media-type, loosely past the `;`). */
const MIME_TYPE = /^[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+( *;[\x20-\x7e]*)?$/;

// `satisfies`: a field added to UploadInput without this table fails check-types.
const UPLOAD_INPUT_NAMES = {
  data: true,
  fileName: true,
  contentType: true,
  parentFolder: true,
} as const satisfies Record<keyof UploadInput, true>;

/** Why the input cannot be uploaded at all (checked before anything is read or sent). */
function inputProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) {
    return `upload needs { data, fileName }, got ${input === null ? 'null' : typeof input}`;
  }
  // From JavaScript a misspelt `parentfolder` was dropped: the asset went to the site root.
  const unknown = unknownFlatNames(input, Object.keys(UPLOAD_INPUT_NAMES), { what: 'field' });
  if (unknown.length > 0) {
    return unknown.join('; ');
  }
  const { fileName, data, contentType } = input as Partial<Record<keyof UploadInput, unknown>>;
  if (typeof fileName !== 'string' || fileName.trim() === '') {
    return 'upload needs a fileName with its extension, e.g. "logo.png"';
  }
  if (data === undefined || data === null) {
    return 'upload needs data: bytes, a Blob or File, or a stream';
  }
  // From JavaScript, 5 went to storage as the file's type "5", and a type with a line break in it
  // as no type at all (a Blob drops a type with characters outside printable ASCII).
  if (contentType !== undefined && (typeof contentType !== 'string' || !MIME_TYPE.test(contentType))) {
    return `contentType must be a MIME type such as "image/png", got ${given(contentType)}`;
  }
  return undefined;
}

/** Why these bytes are too big for Webflow, or `undefined`. */
function sizeProblem(fileName: string, size: number): string | undefined {
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  const [limit, kind] = IMAGE_EXTENSIONS.has(extension) ? [MAX_IMAGE_BYTES, 'an image'] : [MAX_FILE_BYTES, 'a file'];
  return size > limit
    ? `the file is ${size} bytes; Webflow takes at most ${limit} bytes (${limit / 1024 / 1024} MB) for ${kind}`
    : undefined;
}

/**
 * The two-step upload in one call: reads the data, computes its MD5, calls `create-asset`, POSTs
 * the presigned form to `uploadUrl` (no bearer token: it goes to storage), checks the status the
 * form asked for (`success_action_status`, 201), then returns the asset from `get-asset`.
 *
 * Each failure is an `AssetsUploadError` naming the step; a storage rejection carries the
 * storage's XML `Code`/`Message` and the id of the asset created without its bytes.
 *
 * @example
 * const asset = await uploadAsset({ siteId, input: { data, fileName: 'logo.png' }, options: {}, transport, create, get });
 */
export async function uploadAsset(context: UploadContext): Promise<Asset> {
  const { siteId, input, transport } = context;
  const problem = inputProblem(input);
  const optionsProblems = callOptionsProblems(context.options);
  // The site id is create-asset's, but checked here, before the file is read and hashed (a
  // stream consumed for nothing), and reported with the options as `call` does: first, with its
  // AssetsError as the cause of theirs; alone, as the step create it belongs to.
  const id = pathIdArgument('create-asset', { siteId });
  const cause = id.problems.length > 0 ? { cause: id.error() } : undefined;
  // All at once, options before input, as a call with a request body reports its options and its body.
  const typeProblems = problem === undefined ? optionsProblems.type : [...optionsProblems.type, problem];
  if (typeProblems.length > 0) {
    throw failure('read', new TypeError([...id.problems, ...typeProblems].join('; '), cause), context);
  }
  if (optionsProblems.range !== undefined) {
    throw failure('read', new RangeError([...id.problems, optionsProblems.range].join('; '), cause), context);
  }
  if (cause !== undefined) {
    throw failure('create', cause.cause, context);
  }
  const options: CallOptions = context.options ?? {};
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readUploadData(input.data);
  } catch (cause) {
    throw failure('read', cause, context);
  }
  if (bytes.byteLength === 0) {
    // Storage refuses an empty file (its policy's content-length-range starts at 1), but only
    // after create-asset has made a record that would stay without bytes: refuse it here instead.
    throw failure('read', new RangeError('the file is empty (0 bytes): there is nothing to upload'), context);
  }
  // Storage refuses it too, but only after create-asset has made a record without bytes.
  const tooBig = sizeProblem(input.fileName, bytes.byteLength);
  if (tooBig !== undefined) {
    throw failure('read', new RangeError(tooBig), context);
  }
  const body: CreateAssetBody = { fileName: input.fileName, fileHash: md5Hex(bytes) };
  // create-asset has no null for the root (create-asset-folder has): the root is no parentFolder
  // (assets.create leaves a null out too).
  if (input.parentFolder !== undefined && input.parentFolder !== null) {
    body.parentFolder = input.parentFolder;
  }
  let created: AssetUpload;
  try {
    created = await context.create(siteId, body, options);
  } catch (cause) {
    throw failure('create', cause, context);
  }
  const problems = createdProblems(created);
  if (problems.length > 0) {
    const cause = new AssetsResponseValidationError({
      operationId: 'create-asset',
      status: 200,
      violations: problems,
      body: created,
    });
    const id = (created as { id?: unknown }).id;
    throw failure('create', cause, context, typeof id === 'string' && id.trim() !== '' ? id : undefined);
  }
  let response: Response;
  try {
    const request = new Request(created.uploadUrl, {
      method: 'POST',
      body: storageForm(created, bytes, context),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    response = await transport.send(request, {
      timeoutMs: options.timeoutMs,
      check: false,
      idempotent: true,
      paced: false,
    });
  } catch (cause) {
    throw failure('upload', cause, context, created.id);
  }
  const expected = Number(created.uploadDetails.success_action_status) || 204;
  if (response.status !== expected) {
    const text = await response.text();
    const said = parseStorageAnswer(text);
    throw new AssetsUploadError({
      step: 'upload',
      fileName: input.fileName,
      assetId: created.id,
      status: response.status,
      storageCode: said.code ?? `HTTP ${response.status}`,
      storageMessage: said.message ?? (text.slice(0, 200) || `expected status ${expected}`),
    });
  }
  try {
    return await context.get(created.id, { signal: options.signal, timeoutMs: options.timeoutMs });
  } catch (cause) {
    throw failure('fetch', cause, context, created.id);
  }
}

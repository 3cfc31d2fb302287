import { describe, expect, it } from 'vitest';
import { AssetsApiError } from './assets-api-error.js';
import { AssetsError, AssetsNetworkError, AssetsTimeoutError } from './assets-error.js';
import { AssetsResponseValidationError } from './response-validation-error.js';
import { AssetsUploadError } from './upload-error.js';

const apiError = new AssetsApiError({
  status: 403,
  code: 'missing_scopes',
  message: 'OAuthForbidden: You are missing the following scopes - assets:write',
  details: [],
  requestId: undefined,
  operationId: 'create-asset',
  retryAfterSeconds: undefined,
  attempts: 1,
  body: undefined,
});

describe('AssetsUploadError', () => {
  it.each([
    [
      'a storage rejection',
      {
        step: 'upload' as const,
        fileName: 'a.png',
        assetId: 'abc',
        status: 400,
        storageCode: 'BadDigest',
        storageMessage: 'MD5 differs',
      },
      'upload of "a.png" failed at the storage upload with status 400: BadDigest (MD5 differs); asset abc exists without its bytes',
    ],
    [
      'a create-asset failure',
      { step: 'create' as const, fileName: 'a.png', status: 403, cause: apiError },
      'upload of "a.png" failed at create-asset with status 403: OAuthForbidden: You are missing the following scopes - assets:write',
    ],
    [
      'a read failure',
      { step: 'read' as const, fileName: 'a.png', cause: new Error('disk on fire') },
      'upload of "a.png" failed at reading the data: disk on fire',
    ],
    [
      'a failure to fetch the finished asset',
      { step: 'fetch' as const, fileName: 'a.png', assetId: 'abc', cause: new Error('timeout') },
      'upload of "a.png" failed at get-asset after the upload: timeout',
    ],
  ])('says where %s happened', (_name, facts, message) => {
    const error = new AssetsUploadError(facts);
    expect(error.message).toBe(message);
    expect(error).toBeInstanceOf(AssetsError);
    expect(error.name).toBe('AssetsUploadError');
  });
});

describe('AssetsResponseValidationError', () => {
  it('lists every violation with its location and pointer', () => {
    const error = new AssetsResponseValidationError({
      operationId: 'get-asset',
      status: 200,
      body: {},
      violations: [
        {
          location: 'response.body',
          pointer: '/variants/0/height',
          schemaPath: '#/x',
          keyword: 'type',
          message: 'must be integer or null, got string "500"',
        },
        {
          location: 'response.status',
          pointer: '',
          schemaPath: '#/y',
          keyword: 'status',
          message: 'status 202 is not documented',
        },
      ],
    });
    expect(error.message).toBe(
      'get-asset answered 200 with a response that breaks the contract:\n' +
        '  response.body /variants/0/height: must be integer or null, got string "500"\n' +
        '  response.status (root): status 202 is not documented',
    );
  });
});

describe('network errors', () => {
  it('say how many attempts timed out', () => {
    const error = new AssetsTimeoutError({ method: 'GET', url: 'http://x/v2/assets/1', attempts: 3, timeoutMs: 50 });
    expect(error.message).toBe('GET http://x/v2/assets/1 timed out after 50 ms (3 attempts)');
    expect(error).toBeInstanceOf(AssetsNetworkError);
    expect(error.name).toBe('AssetsTimeoutError');
  });

  it('keep the cause of a failed connection', () => {
    const cause = new TypeError('fetch failed');
    const error = new AssetsNetworkError('GET u failed', { method: 'GET', url: 'u', attempts: 1, cause });
    expect(error.cause).toBe(cause);
    expect(error.attempts).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { createPresignedPost, encodePolicy, signPolicy } from './presigned-post.js';
import { S3Error } from './s3-xml.js';
import { verifyPostForm } from './verify-post.js';

const SECRET = 'unit-test-secret-0123456789';
const NOW = Date.UTC(2026, 4, 5, 12, 0, 0);
const BUCKET = 'assetkit-sandbox';

function form(overrides: Record<string, string | undefined> = {}): Map<string, string> {
  const details = createPresignedPost({
    secret: SECRET,
    bucket: BUCKET,
    key: 'site/asset_a.png',
    contentType: 'image/png',
    maxBytes: 4194304,
    now: NOW,
    expirySeconds: 60,
  });
  const fields = new Map<string, string>();
  for (const [name, value] of Object.entries({ ...details, ...overrides })) {
    if (value !== undefined) {
      fields.set(name.toLowerCase(), value);
    }
  }
  return fields;
}

function failure(fields: Map<string, string>, now = NOW): [number, string] | undefined {
  try {
    verifyPostForm(fields, { bucket: BUCKET, secret: SECRET, now });
    return undefined;
  } catch (error) {
    return error instanceof S3Error ? [error.status, error.code] : [0, String(error)];
  }
}

describe('createPresignedPost and verifyPostForm', () => {
  it('signs a form that verifies, with the size range of the policy', () => {
    expect(verifyPostForm(form(), { bucket: BUCKET, secret: SECRET, now: NOW })).toEqual({
      key: 'site/asset_a.png',
      contentType: 'image/png',
      minBytes: 1,
      maxBytes: 4194304,
    });
  });

  it('computes the AWS SigV4 POST signature (a known vector)', () => {
    // The policy and key of AWS's documented example (sigv4-post-example), with its result.
    const policy =
      'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9';
    expect(signPolicy(policy, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '20151229')).toBe(
      '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e',
    );
  });

  it.each([
    ['a wrong signature', { 'X-Amz-Signature': 'f'.repeat(64) }, 403, 'SignatureDoesNotMatch'],
    ['a missing key', { key: undefined }, 400, 'InvalidArgument'],
    ['another algorithm', { 'X-Amz-Algorithm': 'AWS2' }, 400, 'InvalidArgument'],
    ['a changed key', { key: 'site/other_a.png' }, 403, 'AccessDenied'],
    ['an extra field', { 'x-amz-meta-a': '1' }, 403, 'AccessDenied'],
  ])('rejects %s', (_name, overrides, status, code) => {
    expect(failure(form(overrides))).toEqual([status, code]);
  });

  it('allows x-ignore- fields like S3', () => {
    expect(failure(form({ 'x-ignore-me': '1' }))).toBeUndefined();
  });

  it('rejects an expired policy', () => {
    expect(failure(form(), NOW + 61_000)).toEqual([403, 'AccessDenied']);
  });

  it('rejects a validly signed policy that is not JSON', () => {
    const Policy = Buffer.from('not json').toString('base64');
    const fields = form({ Policy, 'X-Amz-Signature': signPolicy(Policy, SECRET, '20260505') });
    expect(failure(fields)).toEqual([400, 'InvalidPolicyDocument']);
  });

  it('supports eq and starts-with array conditions', () => {
    const policy = encodePolicy({
      expiration: new Date(NOW + 60_000).toISOString(),
      conditions: [
        ['starts-with', '$key', 'site/'],
        ['eq', '$acl', 'public-read'],
        { bucket: BUCKET },
        { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
        ['starts-with', '$x-amz-credential', 'ASSETKITSANDBOX00001/'],
        ['starts-with', '$x-amz-date', ''],
      ],
    });
    const fields = new Map(
      Object.entries({
        key: 'site/x.png',
        acl: 'public-read',
        policy,
        'x-amz-signature': signPolicy(policy, SECRET, '20260505'),
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
        'x-amz-credential': 'ASSETKITSANDBOX00001/20260505/us-east-1/s3/aws4_request',
        'x-amz-date': '20260505T120000Z',
      }),
    );
    expect(failure(fields)).toBeUndefined();
    expect(failure(new Map([...fields, ['acl', 'private']]))).toEqual([403, 'AccessDenied']);
    expect(failure(new Map([...fields, ['key', 'other/x.png']]))).toEqual([403, 'AccessDenied']);
  });
});

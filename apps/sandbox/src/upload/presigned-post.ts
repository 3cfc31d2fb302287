import { createHmac, timingSafeEqual } from 'node:crypto';

/** The S3 presigned-POST form fields, with Webflow's exact key casing. */
export interface UploadDetails {
  acl: string;
  bucket: string;
  'X-Amz-Algorithm': string;
  'X-Amz-Credential': string;
  'X-Amz-Date': string;
  key: string;
  Policy: string;
  'X-Amz-Signature': string;
  success_action_status: string;
  'content-type': string;
  'Cache-Control': string;
}

/** One POST-policy condition: `{ field: value }`, `['eq'|'starts-with', '$field', value]` or a length range. */
export type PolicyCondition =
  | Record<string, string>
  | [string, string, string]
  | ['content-length-range', number, number];

/** A decoded POST policy. */
export interface PostPolicy {
  expiration: string;
  conditions: PolicyCondition[];
}

/** The sandbox's fixed (fake) access key id; the secret is the upload secret. */
export const ACCESS_KEY_ID = 'ASSETKITSANDBOX00001';
/** The region in credentials and signing keys. */
export const REGION = 'us-east-1';
/** The only signing algorithm S3 POST accepts. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** The `Cache-Control` Webflow's uploadDetails carry. */
export const CACHE_CONTROL = 'max-age=31536000, must-revalidate';

/** `20240102T030405Z`, the AWS SigV4 date format. */
export function amzDate(now: number): string {
  return new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * Signs a base64 policy the way S3 does (SigV4: the signing key is derived from the secret,
 * the date, the region and the service; the signature is the HMAC of the policy).
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html
 * @example
 * signPolicy(policyBase64, secret, '20240102'); // '9f86d0…' (64 hex)
 */
export function signPolicy(policyBase64: string, secret: string, day: string, region = REGION): string {
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  return hmac(signingKey, policyBase64).toString('hex');
}

/** Encodes a policy as the base64 `Policy` field. */
export function encodePolicy(policy: PostPolicy): string {
  return Buffer.from(JSON.stringify(policy), 'utf8').toString('base64');
}

/**
 * Builds the presigned POST for one object: a policy that pins the bucket, key, ACL, status,
 * content type, cache control and size range, expiring `expirySeconds` from now, and its
 * signature.
 *
 * @example
 * createPresignedPost({ secret, bucket: 'assetkit-sandbox', key: `${siteId}/${id}_a.png`, contentType: 'image/png',
 *   maxBytes: 4194304, now: Date.now(), expirySeconds: 3600 });
 */
export function createPresignedPost(options: {
  secret: string;
  bucket: string;
  key: string;
  contentType: string;
  maxBytes: number;
  now: number;
  expirySeconds: number;
}): UploadDetails {
  const date = amzDate(options.now);
  const credential = `${ACCESS_KEY_ID}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const fields = {
    acl: 'public-read',
    bucket: options.bucket,
    'X-Amz-Algorithm': ALGORITHM,
    'X-Amz-Credential': credential,
    'X-Amz-Date': date,
    key: options.key,
    success_action_status: '201',
    'content-type': options.contentType,
    'Cache-Control': CACHE_CONTROL,
  };
  const policy: PostPolicy = {
    expiration: new Date(options.now + options.expirySeconds * 1000).toISOString(),
    conditions: [
      ...Object.entries(fields).map(([name, value]) => ({ [name]: value })),
      ['content-length-range', 1, options.maxBytes],
    ],
  };
  const Policy = encodePolicy(policy);
  return { ...fields, Policy, 'X-Amz-Signature': signPolicy(Policy, options.secret, date.slice(0, 8)) };
}

/** Whether a signature matches, compared in constant time. */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

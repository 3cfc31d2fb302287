import { ACCESS_KEY_ID, ALGORITHM, type PostPolicy, signatureMatches, signPolicy } from './presigned-post.js';
import { S3Error } from './s3-xml.js';

/** What a verified upload form allows. */
export interface VerifiedPost {
  key: string;
  /** The form's `content-type` field (the object's content type, as S3 stores it). */
  contentType: string | undefined;
  minBytes: number;
  maxBytes: number;
}

// Fields S3 never requires a policy condition for.
const EXEMPT = new Set(['policy', 'x-amz-signature', 'file']);
const REQUIRED = ['key', 'policy', 'x-amz-signature', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date'];

function policyFailed(condition: unknown): S3Error {
  return new S3Error(
    403,
    'AccessDenied',
    `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
  );
}

function decodePolicy(base64: string): PostPolicy {
  try {
    const policy = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as PostPolicy;
    if (typeof policy?.expiration !== 'string' || !Array.isArray(policy.conditions)) {
      throw new Error('expiration and conditions are required');
    }
    return policy;
  } catch (error) {
    throw new S3Error(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON or missing expiration/conditions.', {
      cause: error,
    });
  }
}

function checkConditions(policy: PostPolicy, fields: ReadonlyMap<string, string>, bucket: string) {
  const values = new Map(fields);
  values.set('bucket', bucket);
  const covered = new Set<string>(['bucket']);
  let range = { min: 0, max: Number.MAX_SAFE_INTEGER };
  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      const [op, target, expected] = condition;
      if (op === 'content-length-range' && typeof target === 'number' && typeof expected === 'number') {
        range = { min: target, max: expected };
        continue;
      }
      const name = typeof target === 'string' ? target.replace(/^\$/, '').toLowerCase() : '';
      const actual = values.get(name) ?? '';
      covered.add(name);
      const ok = (op === 'eq' && actual === expected) || (op === 'starts-with' && actual.startsWith(String(expected)));
      if (!ok) {
        throw policyFailed(condition);
      }
      continue;
    }
    for (const [rawName, expected] of Object.entries(condition ?? {})) {
      const name = rawName.toLowerCase();
      covered.add(name);
      if (values.get(name) !== expected) {
        throw policyFailed(['eq', `$${rawName}`, expected]);
      }
    }
  }
  const extra = [...fields.keys()].filter(
    (name) => !EXEMPT.has(name) && !name.startsWith('x-ignore-') && !covered.has(name),
  );
  if (extra.length > 0) {
    throw new S3Error(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  }
  return range;
}

/**
 * Verifies a browser-based POST upload form like S3: every required field is present, the
 * algorithm and access key are the sandbox's, the signature matches the policy, the policy
 * has not expired, and every field matches a policy condition (and no field is unaccounted
 * for). Field names are compared case-insensitively, as S3 does.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 * @example
 * const { key, maxBytes } = verifyPostForm(fields, { bucket, secret, now: Date.now() });
 */
export function verifyPostForm(
  fields: ReadonlyMap<string, string>,
  options: { bucket: string; secret: string; now: number },
): VerifiedPost {
  for (const name of REQUIRED) {
    if (!fields.get(name)) {
      throw new S3Error(400, 'InvalidArgument', `Bucket POST must contain a field named '${name}'.`);
    }
  }
  if (fields.get('x-amz-algorithm') !== ALGORITHM) {
    throw new S3Error(400, 'InvalidArgument', `X-Amz-Algorithm must be ${ALGORITHM}.`);
  }
  const [accessKey, day = '', region = ''] = (fields.get('x-amz-credential') as string).split('/');
  if (accessKey !== ACCESS_KEY_ID) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  const policyBase64 = fields.get('policy') as string;
  const expected = signPolicy(policyBase64, options.secret, day, region);
  if (!signatureMatches(expected, fields.get('x-amz-signature') as string)) {
    throw new S3Error(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  const policy = decodePolicy(policyBase64);
  const expiration = Date.parse(policy.expiration);
  if (!Number.isFinite(expiration) || expiration <= options.now) {
    throw new S3Error(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  }
  const range = checkConditions(policy, fields, options.bucket);
  return {
    key: fields.get('key') as string,
    contentType: fields.get('content-type'),
    minBytes: range.min,
    maxBytes: range.max,
  };
}

/**
 * An error the S3-like upload endpoint answers with, in S3's XML shape
 * (`<Error><Code>…</Code><Message>…</Message>…</Error>`).
 *
 * @example
 * throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
 */
export class S3Error extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'S3Error';
    this.status = status;
    this.code = code;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML element. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** The XML body of an S3 error. */
export function errorXml(error: S3Error, requestId: string): string {
  return `${DECLARATION}<Error><Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message><RequestId>${requestId}</RequestId><HostId>assetkit-sandbox</HostId></Error>`;
}

/** The XML body S3 sends for a POST upload with `success_action_status=201`. */
export function postResponseXml(fields: { location: string; bucket: string; key: string; etag: string }): string {
  return `${DECLARATION}<PostResponse><Location>${xmlEscape(fields.location)}</Location><Bucket>${xmlEscape(fields.bucket)}</Bucket><Key>${xmlEscape(fields.key)}</Key><ETag>"${fields.etag}"</ETag></PostResponse>`;
}

/** What an S3-style storage said in its XML answer. */
export interface StorageAnswer {
  code?: string;
  message?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
}

function element(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match?.[1] === undefined ? undefined : decodeXml(match[1].trim());
}

/**
 * Reads `<Error><Code>…</Code><Message>…</Message></Error>` from an S3-style XML answer, with a
 * regular expression because `DOMParser` does not exist in Node and the shape is fixed.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 * @example
 * parseStorageAnswer('<Error><Code>BadDigest</Code><Message>The Content-MD5 you specified did not match</Message></Error>');
 * // → { code: 'BadDigest', message: 'The Content-MD5 you specified did not match' }
 */
export function parseStorageAnswer(xml: string): StorageAnswer {
  const answer: StorageAnswer = {};
  const code = element(xml, 'Code');
  const message = element(xml, 'Message');
  if (code !== undefined) {
    answer.code = code;
  }
  if (message !== undefined) {
    answer.message = message;
  }
  return answer;
}

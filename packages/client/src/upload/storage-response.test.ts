import { describe, expect, it } from 'vitest';
import { parseStorageAnswer } from './storage-response.js';

describe('parseStorageAnswer', () => {
  it.each([
    [
      'an S3 error',
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>BadDigest</Code><Message>The Content-MD5 you specified did not match what we received.</Message><RequestId>X</RequestId></Error>',
      { code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' },
    ],
    [
      'escaped characters and whitespace',
      '<Error>\n  <Code> EntityTooLarge </Code>\n  <Message>size &gt; 4 MB &amp; rejected</Message>\n</Error>',
      { code: 'EntityTooLarge', message: 'size > 4 MB & rejected' },
    ],
    ['a success answer', '<PostResponse><Location>https://x/y</Location><Key>a/b.png</Key></PostResponse>', {}],
    ['text that is not XML', 'Bad Gateway', {}],
    ['a code without a message', '<Error><Code>AccessDenied</Code></Error>', { code: 'AccessDenied' }],
  ])('reads %s', (_name, xml, want) => {
    expect(parseStorageAnswer(xml)).toEqual(want);
  });
});

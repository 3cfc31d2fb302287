/** How much of a Content-Encoding value a message quotes. */
const QUOTED_CHARACTERS = 100;

/**
 * Why a request body under this Content-Encoding (its value, lower-cased and trimmed) cannot be
 * checked, or undefined for none or `identity`. No operation documents a content coding: the
 * validator reads the raw bytes, and compressed bytes are not the document. Content-Encoding is a
 * list (RFC 9110 §8.4), and two headers are read as one (§5.3): a list of `identity` alone says
 * the body is uncompressed, but an upstream reading the value as one coding (as the sandbox does)
 * would refuse it, so it is refused too, with what to send instead.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.4
 * @example
 * contentCodingProblem('gzip'); // 'Content-Encoding gzip is not accepted; send the body uncompressed'
 * contentCodingProblem('identity'); // undefined
 */
export function contentCodingProblem(coding: string | undefined): string | undefined {
  if (!coding || coding === 'identity') {
    return undefined;
  }
  const shown = coding.slice(0, QUOTED_CHARACTERS);
  const members = coding
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '');
  if (!members.every((member) => member === 'identity')) {
    return `Content-Encoding ${shown} is not accepted; send the body uncompressed`;
  }
  return members.length > 1
    ? `Content-Encoding "${shown}" names identity ${members.length} times (two Content-Encoding headers are read as one list): send Content-Encoding: identity once, or none`
    : `Content-Encoding "${shown}" is a list with an empty member: send Content-Encoding: identity, or none`;
}

/**
 * The members of a header that is a comma-separated list (`Connection`, `Expect`, `Vary`), trimmed,
 * lower-cased and without empty ones; a field sent more than once (Node joins most with ", ", and
 * hands some over as an array) is one list.
 *
 * @example
 * listMembers('Keep-Alive, X-Debug,'); // ['keep-alive', 'x-debug']
 */
export function listMembers(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) {
    return [];
  }
  return (typeof value === 'string' ? value : value.join(','))
    .split(',')
    .map((member) => member.trim().toLowerCase())
    .filter(Boolean);
}

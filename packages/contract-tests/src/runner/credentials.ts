/**
 * What is wrong with a token that goes into `Authorization: Bearer …`, worded after its option
 * (`--token` in the CLI, `token` for `runSuite`), found before anything is sent. A header value
 * cannot carry a control character (a token file's newline, `\r\n` line ends) or a character past
 * Latin-1: `fetch` refuses the request, and its message quotes the whole header, token and all,
 * into the log and the reports. The token itself is never echoed.
 *
 * @example
 * tokenProblems('--token', 'abc\n'); // ['--token holds a line break or another control character, which an Authorization header cannot carry (was it read from a file with its newline?)']
 */
export function tokenProblems(option: string, token: unknown): string[] {
  if (typeof token !== 'string') {
    return [];
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it looks for
  if (/[\u0000-\u001f\u007f]/.test(token)) {
    return [
      `${option} holds a line break or another control character, which an Authorization header cannot carry (was it read from a file with its newline?)`,
    ];
  }
  const beyond = [...token].find((c) => (c.codePointAt(0) ?? 0) > 0xff);
  return beyond === undefined
    ? []
    : [
        `${option} holds a character past Latin-1 (${JSON.stringify(beyond)}), which an Authorization header cannot carry`,
      ];
}

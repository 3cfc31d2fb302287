/**
 * Certificate problems of an https target, by Node's error `code`: what each means in words. None
 * is transient (sent again, the request meets the same certificate), and none means the target is
 * unreachable: the connection was made, and this machine refused the server's certificate.
 */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is not trusted: it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'is not trusted: its chain ends in a self-signed root this machine does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'is not trusted: it is signed by a CA this machine does not know (or the server does not send its intermediate certificates)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'is not trusted: it is signed by a CA this machine does not know (or the server does not send its intermediate certificates)',
  UNABLE_TO_GET_ISSUER_CERT: 'is not trusted: the certificate of its issuer could not be found',
  CERT_UNTRUSTED: 'is not trusted',
  CERT_SIGNATURE_FAILURE: 'is not valid: its signature does not verify',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  CERT_REVOKED: 'has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'is not valid for this host name',
};

/**
 * What to do about each kind of problem, given the base URL's option as the run was started
 * (`--base-url`, `baseUrl`) for the hints that name it.
 */
const TRUST_HINT =
  "If the server is yours (a private CA, or a self-signed test server), trust its CA's certificate (PEM) by starting the CLI with NODE_EXTRA_CA_CERTS=/path/to/ca.pem";
const HINTS: Record<string, (baseUrl: string) => string> = {
  CERT_HAS_EXPIRED: () => "The server's certificate must be renewed (or this machine's clock is wrong)",
  CERT_NOT_YET_VALID: () => "This machine's clock or the certificate's start date is wrong",
  ERR_TLS_CERT_ALTNAME_INVALID: (baseUrl) =>
    `The ${baseUrl} must use a host name the certificate names (for example localhost rather than 127.0.0.1)`,
};

/**
 * TLS failures that are no certificate's: the server answered the handshake with something else
 * (a plain-HTTP server behind an https:// URL). Just as lasting, and just as little "unreachable".
 */
const HANDSHAKE_PROBLEMS: Record<string, string> = {
  ERR_SSL_WRONG_VERSION_NUMBER: 'answered the TLS handshake with something other than TLS',
};
const handshakeHint = (baseUrl: string) => `If it serves plain HTTP on that port, use http:// in ${baseUrl}.`;

/** The codes, as they appear in a transport failure's message (`… (CODE)`). */
export const CERTIFICATE_CODE = new RegExp(
  `\\((${[...Object.keys(CERTIFICATE_PROBLEMS), ...Object.keys(HANDSHAKE_PROBLEMS)].join('|')})\\)`,
);

/** The certificate (or handshake) problem code somewhere in an error's `cause` chain (undici wraps it in "fetch failed"). */
export function certificateCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code in CERTIFICATE_PROBLEMS || code in HANDSHAKE_PROBLEMS)) {
      return code;
    }
  }
  return undefined;
}

/**
 * Why the run stops when the first request met a certificate (or handshake) problem (`message` is the transport
 * failure's, holding the code), or undefined when it did not. `baseUrl` is the base URL's option as the
 * run was started (`--base-url`, `baseUrl`), for the hints that name it.
 */
export function certificateStop(root: string, message: string, baseUrl: string): string | undefined {
  const code = CERTIFICATE_CODE.exec(message)?.[1];
  if (code === undefined) {
    return undefined;
  }
  const handshake = HANDSHAKE_PROBLEMS[code];
  if (handshake !== undefined) {
    return `${root} ${handshake} (${code}); not sent again, the same port would answer the same. ${handshakeHint(baseUrl)} (${message})`;
  }
  return `the TLS certificate of ${root} ${CERTIFICATE_PROBLEMS[code]} (${code}); not sent again, the same certificate would be refused again. ${HINTS[code]?.(baseUrl) ?? TRUST_HINT} (${message})`;
}

// Failure classification for network steps: a stable `code` (from
// `error.cause?.code ?? error.code`, normalised where libraries disagree) and
// the raw message kept as evidence. Rules match on these codes, never on text.

/**
 * Codes this module produces besides the OS/TLS/parser codes passed through
 * (ENOTFOUND, EAI_AGAIN, ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH,
 * ENETUNREACH, SELF_SIGNED_CERT_IN_CHAIN, CERT_HAS_EXPIRED,
 * ERR_TLS_CERT_ALTNAME_INVALID, HPE_*, ...).
 */
export const PROBE_CODES = {
  /** Our deadline (or an undici connect/headers/body timeout) ran out. */
  timeout: "TIMEOUT",
  /** The caller cancelled (Ctrl-C, the run ended). */
  abort: "ABORT",
  /** More than the allowed redirects (a loop). */
  tooManyRedirects: "TOO_MANY_REDIRECTS",
  /** Response headers larger than the parser allows (endless headers). */
  headersOverflow: "HEADERS_OVERFLOW",
  /** The server closed the connection mid-response. */
  socketClosed: "SOCKET_CLOSED",
  /** A 2xx zip response sent no body bytes within the read window. */
  bodyStalled: "BODY_STALLED",
  /** A 2xx protocol answer (.info, @v/list, @latest, /latest) was larger than any real one and still going. */
  answerTooLarge: "ANSWER_TOO_LARGE",
  /** A 2xx protocol answer that is not what a module proxy or checksum database sends (an HTML page, not JSON, no Version). */
  notProxyAnswer: "NOT_PROXY_ANSWER",
  /** A proxy's .info or @latest answer is JSON that breaks off or does not parse: the proxy's own answer, cut or corrupt (not a page in its place). */
  cutAnswer: "CUT_ANSWER",
  /** A proxy's .info answer is for another version than the one asked (a cache serving the wrong file). */
  wrongVersion: "WRONG_VERSION",
  /** An HTTP proxy opened a tunnel (2xx to CONNECT) and nothing came back through it. */
  tunnelSilent: "TUNNEL_SILENT",
  /** A proxy answered something that is not HTTP. */
  badResponse: "BAD_RESPONSE",
  /** The server's bytes are not HTTP (undici gave no HPE_* detail). */
  parse: "HPE_PARSE",
  /** A URL or address we cannot use (bad scheme, unparsable). */
  badUrl: "BAD_URL",
  /** A proxy scheme we do not speak (socks). */
  unsupported: "UNSUPPORTED",
  /** Anything without a code. */
  unknown: "UNKNOWN",
} as const;

/** A read the other side ended part-way: closed, reset or a broken pipe (not a stall, not a timeout). */
export const CONNECTION_CUT_CODES: ReadonlySet<string> = new Set<string>([PROBE_CODES.socketClosed, "ECONNRESET", "EPIPE"]);

export interface ClassifiedError {
  code: string;
  message: string;
}

const UNDICI_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: PROBE_CODES.timeout,
  UND_ERR_HEADERS_TIMEOUT: PROBE_CODES.timeout,
  UND_ERR_BODY_TIMEOUT: PROBE_CODES.timeout,
  UND_ERR_HEADERS_OVERFLOW: PROBE_CODES.headersOverflow,
  UND_ERR_SOCKET: PROBE_CODES.socketClosed,
  UND_ERR_ABORTED: PROBE_CODES.abort,
  UND_ERR_ABORT: PROBE_CODES.abort,
  UND_ERR_DESTROYED: PROBE_CODES.abort,
  UND_ERR_CLOSED: PROBE_CODES.abort,
  ERR_INVALID_URL: PROBE_CODES.badUrl,
};

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === "object" && value !== null ? (value as ErrorLike) : undefined;
}

function rawCode(err: ErrorLike): string | undefined {
  if (err.name === "TimeoutError") return PROBE_CODES.timeout;
  if (err.name === "AbortError" && asErrorLike(err.cause)?.name === "TimeoutError") return PROBE_CODES.timeout;
  if (typeof err.code === "string" && err.code !== "") return err.code;
  if (err.name === "AbortError") return PROBE_CODES.abort;
  // undici's parser errors sometimes carry no llhttp code.
  if (err.name === "HTTPParserError") return PROBE_CODES.parse;
  return undefined;
}

/** The code of an error: the cause's first (a fetch/undici wrapper hides the socket's), then its own. */
export function errorCode(error: unknown): string {
  const err = asErrorLike(error);
  if (!err) return PROBE_CODES.unknown;
  const cause = asErrorLike(err.cause);
  // A timeout reason wins over the generic abort wrapper around it.
  const code = (cause && rawCode(cause)) ?? rawCode(err) ?? PROBE_CODES.unknown;
  return UNDICI_CODES[code] ?? code;
}

/** The message with its cause's, so the evidence names what the socket said. */
export function errorMessage(error: unknown): string {
  const err = asErrorLike(error);
  if (!err) return String(error);
  const own = typeof err.message === "string" ? err.message : String(error);
  const cause = asErrorLike(err.cause);
  const inner = cause && typeof cause.message === "string" ? cause.message : undefined;
  return inner && !own.includes(inner) ? `${own}: ${inner}` : own;
}

/** OpenSSL's `80AC…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…` -> its reason. */
const OPENSSL = /error:[0-9A-F]+:SSL routines:[^:]*:([^:]+):/;
/** undici's ProxyAgent when the proxy answers CONNECT with anything but 200 (it calls that an abort). */
const TUNNEL_REFUSED = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

export function classifyError(error: unknown): ClassifiedError {
  const code = errorCode(error);
  const message = errorMessage(error);
  const tunnel = TUNNEL_REFUSED.exec(message);
  if (tunnel) return { code: `HTTP_${tunnel[1]}`, message: `the HTTP proxy answered CONNECT with ${tunnel[1]}: no tunnel to the server` };
  const reason = OPENSSL.exec(message)?.[1];
  if (reason) {
    const why = code === "ERR_SSL_WRONG_VERSION_NUMBER" ? ": the answer is not TLS (plain HTTP where https was expected, or another service on that port)" : "";
    return { code, message: `TLS failed: ${reason}${why}` };
  }
  return { code, message };
}

/** Codes meaning "ran out of time" rather than "was refused". */
export function isTimeoutCode(code: string | undefined): boolean {
  return code === PROBE_CODES.timeout || code === "ETIMEDOUT";
}

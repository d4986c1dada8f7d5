// Classifies network failures from what the go command printed (Go's net,
// net/http and crypto/x509 error texts) and from probe codes (Node's
// cause.code), into one vocabulary the rules share.

import { PROBE_CODES } from "../probes/net/errors.js";
import { escapeModulePath } from "../util/modpath.js";

export type NetFailure =
  | "dns"
  | "refused"
  | "timeout"
  | "reset"
  | "eof"
  | "unreachable"
  | "tls-untrusted"
  | "tls-expired"
  | "tls-hostname"
  | "tls-other"
  | "body-stalled"
  /** The server answered, but not with HTTP a client can use (garbage, redirect loop, endless headers). */
  | "protocol";

export interface NetClass {
  failure: NetFailure;
  /** The host named by a DNS failure (`lookup HOST`). */
  host?: string;
  /** The failure happened on the way to an HTTP(S)_PROXY (`proxyconnect tcp:`). */
  viaHttpProxy: boolean;
  /** For x509 unknown authority: the candidate issuer go names, when it does. */
  issuer?: string;
}

// The resolver's own failure may come wrapped: "lookup H on R:53: read udp A->R:53: i/o timeout".
// ... or fail on the way to it: "read udp A->R:53: read: no route to host" (the DNS server cannot be reached).
const DNS_TEXT =
  /lookup ([^\s:]+)(?: on [^\s]+)?: (?:(?:read|write|dial) (?:udp|tcp)\S* \S+: (?:(?:read|write|connect): )?)?(no such host|server misbehaving|Temporary failure in name resolution|Name or service not known|i\/o timeout|no answer from DNS server|connection refused|no route to host|network is unreachable|invalid argument|cannot assign requested address)/i;
/**
 * A DNS query refused by a resolver on this machine: go asks the nameservers
 * of /etc/resolv.conf and, when it names none or cannot be read, 127.0.0.1:53
 * and [::1]:53 (net/dnsconfig_unix.go defaultNS); 127.0.0.53 is systemd-resolved's stub.
 */
const LOOPBACK_RESOLVER_REFUSED = /lookup \S+ on ((?:127\.\d+\.\d+\.\d+|\[::1\]):53): (?:(?:read|write|dial) udp\S* \S+: )?(?:(?:read|write|connect): )?connection refused/;

/** The loopback resolver (`[::1]:53`) that refused a lookup in a go error, else undefined. */
export function loopbackResolverRefusing(text: string): string | undefined {
  return LOOPBACK_RESOLVER_REFUSED.exec(text)?.[1];
}

/**
 * The DNS server a lookup went to and how it failed to answer: `lookup H on R:53: read udp A->R:53: i/o timeout`
 * (or `no route to host`, `network is unreachable`). The name is not at fault: the resolver go was given is.
 * A loopback resolver's refusal is loopbackResolverRefusing's (nothing runs there).
 */
const RESOLVER_SILENT = /lookup \S+ on ((?:\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\]):53): (?:(?:read|write|dial) udp\S* \S+: )?(?:(?:read|write|connect): )?(i\/o timeout|no route to host|network is unreachable)/i;

/** The DNS server that did not answer a lookup in a go error (`192.168.0.1:53`) and how (`i/o timeout`), else undefined. */
export function silentResolver(text: string): { server: string; how: string } | undefined {
  const m = RESOLVER_SILENT.exec(text);
  return m ? { server: m[1]!, how: m[2]! } : undefined;
}

/**
 * Older go ends a lookup that outlives the dial's deadline with the bare deadline error
 * (net/lookup.go lookupIPAddr: `mapErr(ctx.Err())`; newer go wraps it as `lookup HOST: i/o timeout`), so `dial tcp: i/o timeout` names no address:
 * no address was ever tried, the name lookup took the whole 30 s. A connect timeout names its address.
 */
export function lookupOutlivedDial(text: string): boolean {
  return /\bdial tcp: i\/o timeout/.test(text);
}

/** git (curl) and ssh failing to resolve a repository host: `Could not resolve host: github.com`, `ssh: Could not resolve hostname H: ...`. */
// The name runs to ": " or the end: ssh handed `ssh://git@github.com:owner/repo` (an scp-style
// `host:path` inside an ssh:// URL, usually an insteadOf rewrite) looks up "github.com:owner".
const GIT_DNS_TEXT = /Could not resolve host(?:name)?:? '?([^\s']+?)'?(?=:\s|\s|$)/im;
// git's own TCP connection (connect.c: the git:// protocol) cannot look the name up: `unable to look up H (port 9418) (Name or service not known)`.
const GIT_LOOKUP_TEXT = /\bunable to look up ([^\s(]+) \(/;
// git (curl) and ssh say it their own way: `Failed to connect to H port 443 after 2 ms: Connection refused` (newer curl: `Couldn't connect to server`),
// `ssh: connect to host H port 22: Connection refused`; git's own connection (connect.c, git://) ends with strerror:
// `fatal: unable to connect to H:\nH[0: 1.2.3.4]: errno=Connection refused` (`errno=Connection timed out`, `errno=No route to host`).
const REFUSED_TEXT = /connect: connection refused|errno=Connection refused|actively refused|Failed to connect to \S+ port \d+[^:\n]*: (?:Connection refused|Couldn't connect to server)|ssh: connect to host \S+ port \d+: Connection refused/i;
// The last is Windows' WSAETIMEDOUT (`connectex: A connection attempt failed because the connected party did not properly respond ...`).
const TIMEOUT_TEXT =
  /i\/o timeout|connection timed out|TLS handshake timeout|timeout awaiting response headers|Client\.Timeout exceeded|context deadline exceeded|operation timed out|did not properly respond after a period of time/i;
/** `ssh: connect to host H port 22: ...`, `Failed to connect to H port 443 ...`, `unable to connect to H:` (git://): the host git could not connect to. */
const GIT_CONNECT_HOST = /(?:ssh: connect to host|Failed to connect to) ([^\s:]+) port \d+|unable to connect to (\S+?):(?:\s|$)/;
const UNREACHABLE_TEXT = /network is unreachable|no route to host/i;
// HTTP/2 cuts a response without a TCP reset: the server resets the stream
// (`stream error: stream ID 5; INTERNAL_ERROR; received from peer`) or closes
// the connection (`http2: server sent GOAWAY and closed the connection`); see http2CutIn.
const RESET_TEXT =
  /connection reset by peer|broken pipe|forcibly closed|stream error: stream ID \d+; (?!PROTOCOL_ERROR)[A-Z_]+|http2: server sent GOAWAY and closed the connection|http2: Transport received (?:GOAWAY from server|Server's graceful shutdown GOAWAY)|http2: client connection (?:lost|force closed)/i;
/**
 * How an HTTP/2 connection or stream was cut, from net/http's HTTP/2 client errors (h2_bundle.go):
 * `stream error: stream ID N; CODE[; received from peer]` (a stream reset: the server's RST_STREAM),
 * `http2: server sent GOAWAY and closed the connection; ... ErrCode=CODE` and `http2: Transport received
 * GOAWAY from server ErrCode:CODE` (the server ended the connection with requests on it),
 * `http2: client connection force closed via ClientConn.Close` (a write on the connection failed: the
 * connection broke under go, and every request on it ends), `http2: client connection lost` (health-check pings unanswered).
 */
export interface Http2Cut {
  kind: "stream-reset" | "goaway" | "connection-broken" | "connection-lost";
  /** The HTTP/2 error code (INTERNAL_ERROR, NO_ERROR, PROTOCOL_ERROR...), when go names it. */
  code?: string;
  /** A GOAWAY's LastStreamID: the last of go's streams (odd IDs: 1, 3, 5...) the server took. */
  lastStreamId?: number;
}

export function http2CutIn(text: string): Http2Cut | undefined {
  const stream = /stream error: stream ID \d+; ([A-Z_]+|unknown error code 0x[0-9a-f]+)/i.exec(text);
  if (stream) return { kind: "stream-reset", code: stream[1]! };
  const goaway = /http2: server sent GOAWAY and closed the connection; LastStreamID=(\d+), ErrCode=([A-Z_]+|unknown error code 0x[0-9a-f]+)|http2: Transport received GOAWAY from server ErrCode:([A-Z_]+)/.exec(text);
  if (goaway) return { kind: "goaway", code: (goaway[2] ?? goaway[3])!, ...(goaway[1] ? { lastStreamId: Number(goaway[1]) } : {}) };
  if (/http2: server sent GOAWAY|http2: Transport received Server's graceful shutdown GOAWAY/.test(text)) return { kind: "goaway" };
  if (/http2: client connection force closed/.test(text)) return { kind: "connection-broken" };
  if (/http2: client connection lost/.test(text)) return { kind: "connection-lost" };
  return undefined;
}

// git over http says a pack transfer was cut its own way (fetch-pack, index-pack, curl 18/56), not with go's `unexpected EOF`.
const EOF_TEXT =
  /unexpected EOF|: EOF\b|fatal: early EOF|unexpected disconnect while reading sideband packet|bytes of body are still expected|transfer closed with outstanding read data remaining|RPC failed; curl (?:18|56|92) /;
const X509_UNKNOWN = /x509: certificate signed by unknown authority|certificate is not trusted|x509: .*self[- ]signed/i;
const X509_CANDIDATE = /candidate authority certificate "([^"]+)"/;
// macOS's verifier (go1.18+ on darwin) words it its own way: `x509: “misc-sni.google.com” certificate is expired`.
const X509_EXPIRED = /x509: certificate has expired or is not yet valid|x509: [“"][^”"]+[”"] certificate is (?:expired|not yet valid)/i;
// go joins every name the certificate holds with ", " (crypto/x509 HostnameError): `valid for a, *.b, c, not d`.
// An address asked for by IP needs an IP SAN; a certificate with only a Common Name is refused since go1.15.
const X509_NAME = /x509: (?:certificate is (?:valid for .+, not \S|not valid for any names)|cannot validate certificate for \S+ because it doesn't contain any IP SANs|certificate relies on legacy Common Name field)/i;
const X509_WANTED = /x509: certificate is (?:valid for (.+?), not ([^\s,"]+?)|not valid for any names, but wanted to match ([^\s,"]+?))\.?(?:$|[\s"])/im;
const PROTOCOL_TEXT = /stopped after \d+ redirects|stream error: stream ID \d+; PROTOCOL_ERROR|malformed HTTP (?:status code|response|version)|net\/http: HTTP\/1\.x transport connection broken|server response headers exceeded|http: server gave HTTP response to HTTPS client/i;
const TLS_OTHER = /tls: |remote error: tls|first record does not look like a TLS handshake/i;

/** Classifies a go error text; undefined when it names no network failure. */
export function classifyNetText(text: string): NetClass | undefined {
  const viaHttpProxy = /proxyconnect tcp:/.test(text);
  const dns = DNS_TEXT.exec(text);
  if (dns) return { failure: "dns", ...(dns[1] ? { host: dns[1] } : {}), viaHttpProxy };
  const gitDns = GIT_DNS_TEXT.exec(text) ?? GIT_LOOKUP_TEXT.exec(text);
  if (gitDns) return { failure: "dns", host: gitDns[1]!, viaHttpProxy };
  if (X509_UNKNOWN.test(text)) {
    const issuer = X509_CANDIDATE.exec(text)?.[1];
    return { failure: "tls-untrusted", viaHttpProxy, ...(issuer ? { issuer } : {}) };
  }
  if (X509_EXPIRED.test(text)) return { failure: "tls-expired", viaHttpProxy };
  if (X509_NAME.test(text)) {
    // The name go wanted: an error posted without its URL still says which host answered wrongly.
    const wanted = X509_WANTED.exec(text);
    const host = wanted?.[2] ?? wanted?.[3];
    return { failure: "tls-hostname", viaHttpProxy, ...(host ? { host } : {}) };
  }
  // git's and ssh's own wording names the host (there is no URL in go's error for an ssh remote).
  const connect = GIT_CONNECT_HOST.exec(text);
  const gitHost = connect?.[1] ?? connect?.[2];
  const named = gitHost ? { host: gitHost } : {};
  if (REFUSED_TEXT.test(text)) return { failure: "refused", viaHttpProxy, ...named };
  if (UNREACHABLE_TEXT.test(text)) return { failure: "unreachable", viaHttpProxy, ...named };
  if (TIMEOUT_TEXT.test(text)) return { failure: "timeout", viaHttpProxy, ...named };
  if (RESET_TEXT.test(text)) return { failure: "reset", viaHttpProxy };
  if (PROTOCOL_TEXT.test(text)) return { failure: "protocol", viaHttpProxy };
  if (TLS_OTHER.test(text)) return { failure: "tls-other", viaHttpProxy };
  if (EOF_TEXT.test(text)) return { failure: "eof", viaHttpProxy };
  return undefined;
}

const UNTRUSTED_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);

/** Classifies a probe failure code (Node cause.code or the probes' own codes). */
export function classifyProbeCode(code: string | undefined): NetFailure | undefined {
  if (!code) return undefined;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL" || code === "EAI_NODATA" || code === "EAI_NONAME") return "dns";
  if (code === "ECONNREFUSED") return "refused";
  if (code === "TIMEOUT" || code === "ETIMEDOUT") return "timeout";
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ENETDOWN") return "unreachable";
  if (code === "ECONNRESET" || code === "SOCKET_CLOSED" || code === "EPIPE") return "reset";
  if (code === "BODY_STALLED") return "body-stalled";
  if (code.startsWith("HPE_") || code === "BAD_RESPONSE" || code === "TOO_MANY_REDIRECTS" || code === "HEADERS_OVERFLOW") return "protocol";
  // Something answered, but not as a module proxy or checksum database (a web page, an endless body): src/probes/net/proxy-answer.ts.
  if (code === PROBE_CODES.answerTooLarge || code === PROBE_CODES.notProxyAnswer || code === PROBE_CODES.wrongVersion || code === PROBE_CODES.cutAnswer) return "protocol";
  if (UNTRUSTED_CODES.has(code)) return "tls-untrusted";
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") return "tls-expired";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH") return "tls-hostname";
  if (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || code === "EPROTO") return "tls-other";
  return undefined;
}

/** `host[:port]` of a URL: the port only when the URL names one (not the scheme's default); undefined when it is no URL. */
export function endpointOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** `HOST:PORT` of a URL for `openssl s_client -connect` (which always needs the port). */
export function connectTarget(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === "http:" ? "80" : "443")}`;
  } catch {
    return undefined;
  }
}

/**
 * Pulls the first http(s) URL out of a go error (`Get "URL": ...`, `reading URL: 404`,
 * go1.11-1.12's `unexpected status (URL): 401 ...`). A git `remote:` line is the
 * server's own message (`remote: ... cannot talk to GitHub: Get https://...`): its URLs are not the request's.
 */
export function urlInText(text: string): string | undefined {
  const own = text.split("\n").filter((l) => !/^\s*remote:/.test(l)).join("\n");
  const m = /(?:Get|Head|Post) "(https?:\/\/[^"]+)"|reading (https?:\/\/\S+?):? |unexpected status \((https?:\/\/[^\s)]+)\)|(https?:\/\/[^\s"':]+(?::\d+)?[^\s"':]*)/.exec(own);
  if (m) return m[1] ?? m[2] ?? m[3] ?? m[4];
  // A zip read error names the URL path-cleaned and without the module's path: `M@V: read "https:/proxy.golang.org/@v/v2.7.1.zip": ...`
  // (golang/go#52727's wrapping); the module named before it is put back, so the URL can be fetched again.
  const cleaned = /(?:([^\s@:"]+)@[^\s@:"]+: )?read "(https?):\/([^/"][^"]*)"/.exec(own);
  if (!cleaned) return undefined;
  const [, module, scheme, rest] = cleaned as unknown as [string, string | undefined, string, string];
  const slash = rest.indexOf("/");
  if (module && slash > 0 && rest.startsWith("/@v/", slash)) return `${scheme}://${rest.slice(0, slash)}/${escapeModulePath(module)}${rest.slice(slash)}`;
  return `${scheme}://${rest}`;
}

/** HTTP status in `reading URL: 404 Not Found` or a trace end line. */
export function statusInText(text: string): number | undefined {
  // The number decides, whatever reason phrase a server sends after it (go prints resp.Status as sent:
  // `401 authenticationrequired` from an office proxy). git over http (curl) says it so: `The requested URL
  // returned error: 500`; older git (1.8 on CentOS 7): `RPC failed; result=22, HTTP code = 404`.
  const m = /: ([1-5]\d\d) [A-Za-z][A-Za-z -]*|The requested URL returned error: ([1-5]\d\d)\b|RPC failed; result=\d+, HTTP code = ([1-5]\d\d)\b/.exec(text);
  const status = m?.[1] ?? m?.[2] ?? m?.[3];
  return status ? Number(status) : undefined;
}

/**
 * The status as go printed it (`403 Forbidden`, `403 ruleengineerror`): go prints resp.Status, the
 * server's own reason phrase over HTTP/1.x; over HTTP/2 net/http makes it up from the code. Undefined when the text does not say it.
 */
export function statusAsPrinted(text: string, status: number): string | undefined {
  for (const line of text.split("\n")) {
    const m = new RegExp(`: (${status}(?: [^\\n]*?)?)(?: \\(\\d+(?:\\.\\d+)?s\\))?\\s*$`).exec(line);
    if (m) return m[1]!;
  }
  return undefined;
}

/** Go's own reason phrases (net/http StatusText) for the statuses module servers answer with. */
const STANDARD_PHRASE: Record<number, string> = {
  200: "OK",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  407: "Proxy Authentication Required",
  410: "Gone",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * The status to quote for an answer: as go printed it in one of `texts` (the server's own phrase,
 * `404 Not Found: not in index`), else as go prints it over HTTP/2 (net/http makes the phrase up
 * from the code: `410 Gone`), else the code alone.
 */
export function quotedStatus(texts: readonly string[], status: number): string {
  for (const text of texts) {
    const said = statusAsPrinted(text, status);
    if (said && said !== String(status)) return said;
  }
  const phrase = STANDARD_PHRASE[status];
  return phrase ? `${status} ${phrase}` : String(status);
}

/** Whether a printed status carries a reason phrase of the server's own (`403 ruleengineerror`), not the standard one. */
export function customPhrase(printed: string, status: number): boolean {
  const phrase = printed.slice(String(status).length).trim();
  return phrase !== "" && STANDARD_PHRASE[status] !== undefined && phrase.toLowerCase() !== STANDARD_PHRASE[status]!.toLowerCase();
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "") || undefined;
  } catch {
    return undefined;
  }
}

/** The names a certificate holds, from go's `x509: certificate is valid for A, B, not C` (none for `not valid for any names`). */
export function certificateNames(text: string): string[] | undefined {
  const names = X509_WANTED.exec(text)?.[1];
  return names === undefined ? undefined : names.split(", ").filter((n) => n !== "");
}

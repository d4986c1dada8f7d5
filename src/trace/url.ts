// Decodes a URL from the trace back to what the go command wanted: which
// module and version, from which proxy or checksum database. URL shapes:
// golang/go src/cmd/go/internal/modfetch/proxy.go (`<base>/<mod>/@v/...`),
// golang.org/x/mod/sumdb/client.go (`/lookup/`, `/tile/`, `/latest`),
// modfetch/sumdb.go (`<proxy>/sumdb/<name>/supported`), vcs/vcs.go (`?go-get=1`).
import type { RequestTarget } from "./events.js";
import { unescapeModulePath } from "../util/modpath.js";
import { percentDecode } from "../util/percent-decode.js";

/** The module go downloads a toolchain as. */
export const TOOLCHAIN_MODULE = "golang.org/toolchain";
/** A module path's first element is a host name: dots, and a top-level domain of letters (case-escaped with `!`). */
const HOST_LIKE = /^[a-z0-9!][a-z0-9!_-]*(?:\.[a-z0-9!_-]+)*\.(?:[a-z!]{2,63}|xn--[a-z0-9-]+)$/;
const PUBLIC_SUMDBS = new Set(["sum.golang.org", "sum.golang.google.cn"]);
const NEEDS_UNESCAPE = /[!A-Z]/;
const LINE_END = /[\n\r\u2028\u2029]/;
const SUMDB_OP = /^(?:lookup\/.+|tile\/.+|latest|supported)$/;

/**
 * Never throws. `bases` (the GOPROXY entries, optional) settle where the proxy
 * prefix ends for proxies with a path; without them a heuristic finds the
 * first path element that looks like a host name.
 */
export function decodeRequestUrl(url: string, bases: readonly string[] = []): RequestTarget {
  const parsed = parsedBases(bases);
  const plainBases = parsed.every((b) => b.prefix === "/");
  if (plainBases) {
    const known = knownOriginRequest(url);
    if (known) return known;
  }
  const u = simpleUrlParts(url) ?? urlParts(url);
  if (!u) return { kind: "other" };
  return (plainBases && !u.goGet ? plainProxyRequest(u.pathname, 0, u.origin) : undefined) ?? decodeParts(u, parsed);
}

/**
 * The origin of the last simple URL (see simpleUrlParts): a trace names one
 * or two proxies thousands of times, so a URL that starts with it needs only
 * its path checked, and its target shares that origin string instead of
 * cutting a copy per request.
 */
let lastOrigin = "";
/** The path part of SIMPLE_URL, from lastIndex to the end. */
const SIMPLE_PATH = /(?:\/[A-Za-z0-9._~!+@-]*)*$/y;

/** A plain proxy request on lastOrigin, decoded without taking the URL apart; undefined for anything else. */
function knownOriginRequest(url: string): RequestTarget | undefined {
  const from = lastOrigin.length;
  if (from === 0 || url.charCodeAt(from) !== 47 /* / */ || !url.startsWith(lastOrigin)) return undefined;
  SIMPLE_PATH.lastIndex = from;
  if (!SIMPLE_PATH.test(url) || (url.includes("/.", from) && DOT_SEGMENT.test(url))) return undefined;
  return plainProxyRequest(url, from, lastOrigin);
}

/** A GOPROXY entry as moduleStart compares it: its origin, and its path ending in `/`. */
interface Base {
  origin: string;
  prefix: string;
}

/** Parsed once per list (the watcher passes the same GOPROXY list with every URL). */
const basesParsed = new WeakMap<readonly string[], Base[]>();

function parsedBases(bases: readonly string[]): Base[] {
  if (bases.length === 0) return [];
  let parsed = basesParsed.get(bases);
  if (!parsed) {
    parsed = [];
    for (const b of bases) {
      const bu = safeUrl(b);
      if (bu) parsed.push({ origin: originOf(bu), prefix: percentDecode(bu.pathname).replace(/\/*$/, "/") });
    }
    basesParsed.set(bases, parsed);
  }
  return parsed;
}

function decodeParts(u: UrlParts, bases: readonly Base[]): RequestTarget {
  if (u.goGet) {
    const path = percentDecode(u.pathname).replace(/\/+$/, "");
    return { kind: "go-import", module: u.host + path, base: u.origin };
  }
  const segments = u.pathname.split("/");
  segments.shift(); // the path starts with `/`
  for (let i = 0; i < segments.length; i++) segments[i] = percentDecode(segments[i]!);
  return proxyRequest(u.origin, segments, bases) ?? sumdbRequest(u.origin, u.hostname, segments) ?? { kind: "other", base: u.origin };
}

/**
 * The common case, read with indexOf: `<origin>/<module>/@v/<file>` where the
 * module's first element is a host name and nothing needs percent-decoding
 * (and no GOPROXY base has a path: one could say the module starts later),
 * so no split, decode and join per segment (a million-line log has hundreds
 * of thousands). Anything else (a proxy path, `%`, `@` in the module part)
 * is undefined, for proxyRequest: the result is the one it gives. The path
 * is `s` from `from` on (a whole URL's path is read where it is, uncut).
 */
function plainProxyRequest(s: string, from: number, origin: string): RequestTarget | undefined {
  const at = s.indexOf("/@v/", from);
  if (at <= from + 1 || s.includes("%", from) || s.indexOf("/", at + 4) >= 0 || s.lastIndexOf("@", at) >= from || s.includes("//", from)) return undefined;
  // The first element ends at the first `/` after the leading one (at `at` at the latest).
  if (!hostLikeAt(s, from + 1, s.indexOf("/", from + 1))) return undefined;
  const file = at + 4;
  const module = unescaped(s.slice(from + 1, at));
  if (s.length === file + 4 && s.endsWith("list")) return { kind: module === TOOLCHAIN_MODULE ? "toolchain" : "list", module, base: origin };
  // `VERSION.info`, `.mod` or `.zip`, with a version (no line ends: those would be percent-encoded).
  const dot = s.lastIndexOf(".");
  if (dot <= file) return undefined;
  const ext = s.endsWith(".zip") ? "zip" : s.endsWith(".mod") ? "mod" : s.endsWith(".info") ? "info" : undefined;
  if (!ext || dot !== s.length - ext.length - 1) return undefined;
  return { kind: module === TOOLCHAIN_MODULE ? "toolchain" : ext, module, version: unescaped(s.slice(file, dot)), base: origin };
}

/** The first module-path element that last passed HOST_LIKE (a trace's modules share a few hosts). */
let lastHostLike = "";

/** Whether s[start, end) is a host name (HOST_LIKE), without cutting it out when it is the last one seen. */
function hostLikeAt(s: string, start: number, end: number): boolean {
  if (end - start === lastHostLike.length && s.startsWith(lastHostLike, start)) return true;
  const element = s.slice(start, end);
  if (!HOST_LIKE.test(element)) return false;
  lastHostLike = element;
  return true;
}

/** What decodeRequestUrl reads of a URL (as WHATWG URL parsing gives it). */
export interface UrlParts {
  /** scheme://host, with a password masked (see originOf). */
  origin: string;
  /** Host name and port (if not the default). */
  host: string;
  hostname: string;
  pathname: string;
  /** The query has go-get=1. */
  goGet: boolean;
}

function urlParts(url: string): UrlParts | undefined {
  const u = safeUrl(url);
  if (!u) return undefined;
  return { origin: originOf(u), host: u.host, hostname: u.hostname, pathname: u.pathname, goGet: u.searchParams.get("go-get") === "1" };
}

const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
/**
 * URLs that `new URL` would leave exactly as they are (almost every URL in a
 * trace): lower-case host names whose last label starts with a letter (no
 * IPv4 or IDNA rewriting) or dotted-quad addresses, a port that is not the
 * default, and a path of plain characters (nothing to percent-encode or decode).
 */
const SIMPLE_URL = new RegExp(
  `^https?://(?:(?:[a-z0-9-]+\\.)*[a-z][a-z0-9-]*|(?:${OCTET}\\.){3}${OCTET})(?::[1-9]\\d{0,4})?(?:/[A-Za-z0-9._~!+@-]*)*$`,
);
/** A `.` or `..` path segment: URL parsing would resolve it. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/** The parts of a simple URL, cut out of it with indexOf (no URL object), or undefined when it needs `new URL`. */
export function simpleUrlParts(url: string): UrlParts | undefined {
  if (!SIMPLE_URL.test(url)) return undefined;
  const hostStart = url.indexOf("://") + 3;
  let hostEnd = url.indexOf("/", hostStart);
  if (hostEnd < 0) hostEnd = url.length;
  const path = url.slice(hostEnd);
  if (path.includes("/.") && DOT_SEGMENT.test(path)) return undefined;
  const host = url.slice(hostStart, hostEnd);
  if (host.includes("xn--")) return undefined;
  const colon = host.indexOf(":");
  if (colon >= 0) {
    const port = host.slice(colon + 1);
    if (Number(port) > 65535 || port === (hostStart === 8 ? "443" : "80")) return undefined;
  }
  if (hostEnd !== lastOrigin.length || !url.startsWith(lastOrigin)) lastOrigin = url.slice(0, hostEnd);
  return { origin: lastOrigin, host, hostname: colon < 0 ? host : host.slice(0, colon), pathname: path === "" ? "/" : path, goGet: false };
}

function proxyRequest(origin: string, segments: string[], bases: readonly Base[]): RequestTarget | undefined {
  let at = -1;
  for (let i = 0; i < segments.length && at < 0; i++) if (segments[i] === "@latest" || (segments[i] === "@v" && i < segments.length - 1)) at = i;
  if (at < 0) return undefined;
  const tailLength = segments.length - at;
  const last = segments[segments.length - 1]!;
  let kind: RequestTarget["kind"] | undefined;
  let version: string | undefined;
  if (tailLength === 1 && last === "@latest") kind = "latest";
  else if (tailLength === 2 && last === "list") kind = "list";
  else if (tailLength === 2) {
    const file = proxyFile(last);
    if (file) {
      kind = file;
      version = unescaped(last.slice(0, last.lastIndexOf(".")));
    }
  }
  if (!kind) return undefined;
  const start = moduleStart(origin, segments, at, bases);
  const escaped = segments.slice(start, at).join("/");
  if (escaped === "") return undefined;
  const module = unescaped(escaped);
  const base = start === 0 ? origin : [origin, ...segments.slice(0, start)].join("/");
  if (module === TOOLCHAIN_MODULE) kind = "toolchain";
  return version !== undefined ? { kind, module, version, base } : { kind, module, base };
}

/** A module path or version with its case-encoding undone (as it is when that encoding is invalid). */
function unescaped(s: string): string {
  // Nothing to undo (and nothing invalid) without `!` or an upper-case letter: the common case, kept cheap.
  if (!NEEDS_UNESCAPE.test(s)) return s;
  return unescapeModulePath(s) ?? s;
}

/** `VERSION.info`, `.mod` or `.zip` (as /^(.+)\.(info|mod|zip)$/ reads it, without its match array): which. */
function proxyFile(name: string): "info" | "mod" | "zip" | undefined {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const ext = name.slice(dot + 1);
  if (ext !== "info" && ext !== "mod" && ext !== "zip") return undefined;
  // `.` does not match line ends: a decoded %0A in the version is no file name.
  return LINE_END.test(name) ? undefined : ext;
}

/** Index of the first module-path element among the path segments before `@v` (at `at`). */
function moduleStart(origin: string, segments: readonly string[], at: number, bases: readonly Base[]): number {
  const path = bases.length > 0 ? "/" + segments.slice(0, at).join("/") + "/" : "";
  for (const { origin: baseOrigin, prefix } of bases) {
    if (baseOrigin !== origin) continue;
    if (path.startsWith(prefix) && prefix.length < path.length) return prefix.split("/").length - 2;
  }
  for (let i = 0; i < at; i++) if (HOST_LIKE.test(segments[i]!)) return i;
  return 0;
}

function sumdbRequest(origin: string, host: string, segments: string[]): RequestTarget | undefined {
  const rest = segments.join("/");
  // Through a proxy: <proxy>/sumdb/<name>/<op>. The last `sumdb` element wins
  // so a proxy path that itself contains `sumdb` still decodes.
  for (let i = segments.length - 3; i >= 0; i--) {
    if (segments[i] !== "sumdb") continue;
    const op = segments.slice(i + 2).join("/");
    if (!SUMDB_OP.test(op)) continue;
    const base = [origin, ...segments.slice(0, i)].join("/");
    const name = segments[i + 1]!;
    if (op === "supported") return { kind: "sumdb-supported", base, sumdb: name };
    return { kind: "sumdb", base, sumdb: name, ...lookupTarget(op) };
  }
  // Direct: <database URL>/lookup/<mod>@<ver>, /tile/..., /latest.
  const m = /^(.*?)(?:^|\/)(lookup\/.+|tile\/\d.*|latest)$/.exec(rest);
  if (!m) return undefined;
  const base = m[1] ? `${origin}/${m[1]}` : origin;
  // The public databases' names are their host names; others' names the URL cannot tell.
  const name = !m[1] && PUBLIC_SUMDBS.has(host) ? { sumdb: host } : {};
  return { kind: "sumdb", base, ...name, ...lookupTarget(m[2]!) };
}

function lookupTarget(op: string): { module?: string; version?: string } {
  const m = /^lookup\/(.+)@([^@/]+)$/.exec(op);
  if (!m) return {};
  return { module: unescaped(m[1]!), version: unescaped(m[2]!) };
}

/** scheme://host, with a password (if any) masked as go's URL.Redacted does. */
function originOf(u: URL): string {
  const user = u.username ? `${u.username}${u.password ? ":xxxxx" : ""}@` : "";
  return `${u.protocol}//${user}${u.host}`;
}


function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

/** A URL with its percent escapes decoded (go -x prints the case-encoding's `!` as `%21`), or as it is when they are malformed. */
export function percentDecoded(url: string): string {
  if (!url.includes("%")) return url;
  try {
    return decodeURI(url).replace(/%21/gi, "!");
  } catch {
    return url;
  }
}

// Decodes a URL from the trace back to what the go command wanted: which
// module and version, from which proxy or checksum database. URL shapes:
// golang/go src/cmd/go/internal/modfetch/proxy.go (`<base>/<mod>/@v/...`),
// golang.org/x/mod/sumdb/client.go (`/lookup/`, `/tile/`, `/latest`),
// modfetch/sumdb.go (`<proxy>/sumdb/<name>/supported`), vcs/vcs.go (`?go-get=1`).
import type { RequestTarget } from "./events.js";
import { unescapeModulePath } from "../util/modpath.js";

const TOOLCHAIN = "golang.org/toolchain";
/** A module path's first element is a host name: dots, and a top-level domain of letters (case-escaped with `!`). */
const HOST_LIKE = /^[a-z0-9!][a-z0-9!_-]*(?:\.[a-z0-9!_-]+)*\.(?:[a-z!]{2,63}|xn--[a-z0-9-]+)$/;
const PUBLIC_SUMDBS = new Set(["sum.golang.org", "sum.golang.google.cn"]);
const SUMDB_OP = /^(?:lookup\/.+|tile\/.+|latest|supported)$/;

/**
 * Never throws. `bases` (the GOPROXY entries, optional) settle where the proxy
 * prefix ends for proxies with a path; without them a heuristic finds the
 * first path element that looks like a host name.
 */
export function decodeRequestUrl(url: string, bases: readonly string[] = []): RequestTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { kind: "other" };
  }
  const origin = originOf(u);
  if (u.searchParams.get("go-get") === "1") {
    const path = decode(u.pathname).replace(/\/+$/, "");
    return { kind: "go-import", module: u.host + path, base: origin };
  }
  const segments = u.pathname.split("/").slice(1).map(decode);
  return proxyRequest(origin, segments, bases) ?? sumdbRequest(origin, u.hostname, segments) ?? { kind: "other", base: origin };
}

function proxyRequest(origin: string, segments: string[], bases: readonly string[]): RequestTarget | undefined {
  const at = segments.findIndex((s, i) => s === "@latest" || (s === "@v" && i < segments.length - 1));
  if (at < 0) return undefined;
  const tail = segments.slice(at);
  let file: { kind: RequestTarget["kind"]; version?: string } | undefined;
  if (tail.length === 1 && tail[0] === "@latest") file = { kind: "latest" };
  else if (tail.length === 2 && tail[1] === "list") file = { kind: "list" };
  else if (tail.length === 2) {
    const m = /^(.+)\.(info|mod|zip)$/.exec(tail[1]!);
    if (m) file = { kind: m[2] as "info" | "mod" | "zip", version: unescapeModulePath(m[1]!) ?? m[1]! };
  }
  if (!file) return undefined;
  const start = moduleStart(origin, segments.slice(0, at), bases);
  const escaped = segments.slice(start, at).join("/");
  if (escaped === "") return undefined;
  const module = unescapeModulePath(escaped) ?? escaped;
  const base = [origin, ...segments.slice(0, start)].join("/");
  const kind = module === TOOLCHAIN ? "toolchain" : file.kind;
  return { kind, module, ...(file.version !== undefined ? { version: file.version } : {}), base };
}

/** Index of the first module-path element among the path segments before `@v`. */
function moduleStart(origin: string, before: string[], bases: readonly string[]): number {
  const path = "/" + before.join("/") + "/";
  for (const b of bases) {
    const bu = safeUrl(b);
    if (!bu || originOf(bu) !== origin) continue;
    const prefix = decode(bu.pathname).replace(/\/*$/, "/");
    if (path.startsWith(prefix) && prefix.length < path.length) return prefix.split("/").length - 2;
  }
  const i = before.findIndex((s) => HOST_LIKE.test(s));
  return i < 0 ? 0 : i;
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
  return { module: unescapeModulePath(m[1]!) ?? m[1]!, version: unescapeModulePath(m[2]!) ?? m[2]! };
}

/** scheme://host, with a password (if any) masked as go's URL.Redacted does. */
function originOf(u: URL): string {
  const user = u.username ? `${u.username}${u.password ? ":xxxxx" : ""}@` : "";
  return `${u.protocol}//${user}${u.host}`;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

// Decodes a URL from the -x trace back to what the go command asked for:
// which module and version, which kind of file, and which proxy base.
//
// Finding the module inside a proxy URL: the base may carry a path prefix
// (`https://host/api/go/remote`), so the module cannot be found by position.
// Rule: in the path before `/@v/` (or `/@latest`), the module starts at the
// LEFTMOST segment that contains a dot, because a module path's first
// element is a domain name. Later module elements often hold dots
// (`gopkg.in/yaml.v3`), proxy prefixes rarely do, so leftmost wins over
// rightmost. When no segment has a dot (a dotless test module), the whole
// path is the module and the base is the origin. Never throws.
import type { RequestTarget } from "../trace/events.js";
import { unescapeModulePath, unescapeVersion } from "../util/modpath.js";

const PUBLIC_SUMDB_HOSTS = new Set(["sum.golang.org", "sum.golang.google.cn"]);

export function decodeRequestUrl(url: string): RequestTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: "other" };
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  if (parsed.searchParams.get("go-get") === "1") {
    const path = trimSlashes(parsed.pathname);
    return { kind: "go-import", module: path ? `${parsed.host}/${path}` : parsed.host, base: origin };
  }
  const segments = trimSlashes(parsed.pathname).split("/").filter((s) => s !== "");

  const sumdb = decodeSumdb(parsed.host, origin, segments);
  if (sumdb) return sumdb;

  const at = segments.findIndex((s) => s === "@v" || s === "@latest");
  if (at < 0) return { kind: "other", base: origin };
  const before = segments.slice(0, at);
  const dotted = before.findIndex((s) => s.includes("."));
  const start = dotted >= 0 ? dotted : 0;
  const moduleSegments = before.slice(start);
  if (moduleSegments.length === 0) return { kind: "other", base: origin };
  const module = unescapeModulePath(moduleSegments.map(safeDecode).join("/"));
  if (module === undefined) return { kind: "other", base: origin };
  const base = [origin, ...before.slice(0, start)].join("/");

  if (segments[at] === "@latest") return withKind(module, "latest", base);
  const file = segments.slice(at + 1).join("/");
  if (file === "list") return withKind(module, "list", base);
  const m = /^(.+)\.(info|mod|zip)$/.exec(safeDecode(file));
  if (!m) return { kind: "other", module, base };
  const version = unescapeVersion(m[1]!) ?? m[1]!;
  const kind = m[2] as "info" | "mod" | "zip";
  return { kind: module === "golang.org/toolchain" ? "toolchain" : kind, module, version, base };
}

function withKind(module: string, kind: "latest" | "list", base: string): RequestTarget {
  return { kind: module === "golang.org/toolchain" ? "toolchain" : kind, module, base };
}

/** `<proxy>/sumdb/<name>/supported`, `<proxy>/sumdb/<name>/lookup/...`, `https://sum.golang.org/lookup/...`. */
function decodeSumdb(host: string, origin: string, segments: string[]): RequestTarget | undefined {
  const sumdbAt = segments.indexOf("sumdb");
  let rest: string[];
  let base: string;
  let name = host;
  if (sumdbAt >= 0 && segments.length > sumdbAt + 2) {
    base = [origin, ...segments.slice(0, sumdbAt)].join("/");
    name = segments[sumdbAt + 1]!;
    rest = segments.slice(sumdbAt + 2);
    if (rest.length === 1 && rest[0] === "supported") return { kind: "sumdb-supported", base, sumdb: name };
  } else if (PUBLIC_SUMDB_HOSTS.has(host) || (segments[0] && ["lookup", "tile", "latest"].includes(segments[0]))) {
    if (!PUBLIC_SUMDB_HOSTS.has(host) && segments[0] !== "lookup") return undefined;
    base = origin;
    rest = segments;
  } else {
    return undefined;
  }
  if (rest[0] === "lookup") {
    const target = safeDecode(rest.slice(1).join("/"));
    const at = target.lastIndexOf("@");
    if (at > 0) {
      const module = unescapeModulePath(target.slice(0, at)) ?? target.slice(0, at);
      const rawVersion = target.slice(at + 1);
      return { kind: "sumdb", module, version: unescapeVersion(rawVersion) ?? rawVersion, base, sumdb: name };
    }
  }
  return { kind: "sumdb", base, sumdb: name };
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

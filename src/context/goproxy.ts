// GOPROXY as the go command reads it: golang/go modfetch/proxy.go proxyList()
// and the URL checks of newProxyRepo (identical in go1.19..go1.23).
// - entries are split on `,` (the next is tried only on 404/410) and `|`
//   (the next is tried on any error); blanks around entries are trimmed and
//   empty entries skipped;
// - "off" and "direct" end the list: later entries are ignored;
// - a token with `.`, `:` or `/` but no `:/` that is not an absolute path gets
//   "https://"; a single word (e.g. "noproxy", which go uses internally for
//   GONOPROXY) stays as is and then fails as a URL without scheme;
// - the first entry go cannot use makes every fetch fail with that error.
import { fileURLToPath } from "node:url";
import { parseGoUrl } from "./go-url.js";
import { redactText } from "../util/redact.js";

export interface ProxyEntry {
  raw: string;
  kind: "url" | "direct" | "off";
  /** The base URL as go joins it: `${url}/${escaped module path}/@v/...` (one trailing slash removed, as go does). */
  url?: string;
  /** What the separator after this entry means: `,` -> "notfound", `|` -> "any"; the last entry: "notfound". */
  fallThrough: "notfound" | "any";
}

/** The default (go1.19 built in; go1.21+ from $GOROOT/go.env). */
export const DEFAULT_GOPROXY = "https://proxy.golang.org,direct";

/** Only the empty string means the default: " " or "," are lists with no entries, an error. */
export function parseGoproxy(value: string): { entries: ProxyEntry[]; error?: string } {
  let rest = value === "" ? DEFAULT_GOPROXY : value;
  const entries: ProxyEntry[] = [];
  while (rest !== "") {
    let raw: string;
    let fallThrough: ProxyEntry["fallThrough"] = "notfound";
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      raw = rest.slice(0, i);
      fallThrough = rest[i] === "|" ? "any" : "notfound";
      rest = rest.slice(i + 1);
    } else {
      raw = rest;
      rest = "";
    }
    const token = raw.trim();
    if (token === "") continue;
    if (token === "off" || token === "direct") {
      entries.push({ raw: token, kind: token, fallThrough: "notfound" });
      break;
    }
    const url = withImpliedScheme(token);
    const error = checkProxyUrl(url);
    if (error) return { entries: lastIsNotFound(entries), error: redactText(error) };
    entries.push({ raw: token, kind: "url", url: url.endsWith("/") ? url.slice(0, -1) : url, fallThrough });
  }
  if (entries.length === 0) return { entries, error: "GOPROXY list is not the empty string, but contains no entries" };
  return { entries: lastIsNotFound(entries) };
}

function withImpliedScheme(token: string): string {
  // path.IsAbs, and filepath.IsAbs of the platform go runs on.
  const absolute = token.startsWith("/") || (process.platform === "win32" && (/^[A-Za-z]:[\\/]/.test(token) || token.startsWith("\\\\")));
  if (/[.:/]/.test(token) && !token.includes(":/") && !absolute) return `https://${token}`;
  return token;
}

function lastIsNotFound(entries: ProxyEntry[]): ProxyEntry[] {
  const last = entries.at(-1);
  if (last) last.fallThrough = "notfound";
  return entries;
}

/** newProxyRepo's checks, with go's error text. */
export function checkProxyUrl(url: string): string | undefined {
  const parsed = parseGoUrl(url);
  if (parsed.error !== undefined) return parsed.error;
  const u = parsed.url;
  switch (u.scheme) {
    case "http":
    case "https":
      return undefined;
    case "file":
      if (u.opaque || u.hasUser || u.host || u.rawQuery || u.forceQuery || u.fragment || u.omitHost) {
        return `invalid file:// proxy URL with non-path elements: ${url}`;
      }
      return undefined;
    case "":
      return `invalid proxy URL missing scheme: ${url}`;
    default:
      return `invalid proxy URL scheme (must be https, http, file): ${url}`;
  }
}

/** The URL entries, in order: what the probes check. */
export function proxyUrls(value: string): string[] {
  return parseGoproxy(value).entries.flatMap((e) => (e.kind === "url" && e.url ? [e.url] : []));
}

/** The directory a file:// entry (or a file URL under it) names, as go's urlToFilePath reads it; undefined for other URLs. */
export function fileProxyDir(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

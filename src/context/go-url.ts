// Go's net/url.Parse, ported for the checks the go command makes with it
// (GOPROXY entries, GOSUMDB URLs, HTTP_PROXY values). WHATWG `new URL` is
// stricter in some places ("https://" fails) and looser in others, so a
// faithful port is the only way to say what go accepts. Unchanged go1.19..1.23.
import { percentDecode } from "../util/percent-decode.js";

export interface GoUrl {
  scheme: string;
  opaque: string;
  /** Userinfo is present (its content is deliberately not kept). */
  hasUser: boolean;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
  omitHost: boolean;
}

export type GoUrlResult = { url: GoUrl; error?: undefined } | { url?: undefined; error: string };

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const quote = (s: string): string => JSON.stringify(s);

/** url.shouldEscape(c, encodeHost) for ASCII c. */
function hostNeedsEscape(c: string): boolean {
  if (/^[a-zA-Z0-9]$/.test(c)) return false;
  return !"!$&'()*+,;=:[]<>\"-_.~".includes(c);
}

/** url.unescape's validation; returns an error text or undefined. */
function checkEscapes(s: string, mode: "host" | "zone" | "path" | "user" | "fragment"): string | undefined {
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "%") {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return `invalid URL escape ${quote(s.slice(i, i + 3))}`;
      const triple = s.slice(i, i + 3);
      if (mode === "host" && parseInt(s[i + 1]!, 16) < 8 && triple !== "%25") return `invalid URL escape ${quote(triple)}`;
      if (mode === "zone") {
        const v = String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
        if (triple !== "%25" && v !== " " && v.charCodeAt(0) < 0x80 && hostNeedsEscape(v)) return `invalid URL escape ${quote(triple)}`;
      }
      i += 3;
      continue;
    }
    if ((mode === "host" || mode === "zone") && c.charCodeAt(0) < 0x80 && hostNeedsEscape(c)) return `invalid character ${quote(c)} in host name`;
    i++;
  }
  return undefined;
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): { host: string } | { error: string } {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${quote(colonPort)} after host` };
    const zone = host.slice(0, i).indexOf("%25");
    if (zone >= 0) {
      const error = checkEscapes(host.slice(0, zone), "host") ?? checkEscapes(host.slice(zone, i), "zone") ?? checkEscapes(host.slice(i), "host");
      return error ? { error } : { host: percentDecode(host) };
    }
  } else {
    const i = host.lastIndexOf(":");
    if (i >= 0 && !validOptionalPort(host.slice(i))) return { error: `invalid port ${quote(host.slice(i))} after host` };
  }
  const error = checkEscapes(host, "host");
  return error ? { error } : { host: percentDecode(host) };
}


function getScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: "", rest: raw };
      continue;
    }
    if (c === ":") {
      if (i === 0) return { error: "missing protocol scheme" };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: "", rest: raw };
  }
  return { scheme: "", rest: raw };
}

function parse(raw: string): GoUrl | { error: string } {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return { error: "net/url: invalid control character in URL" };
  const url: GoUrl = { scheme: "", opaque: "", hasUser: false, host: "", path: "", rawQuery: "", forceQuery: false, fragment: "", omitHost: false };
  if (raw === "*") return { ...url, path: "*" };
  const s = getScheme(raw);
  if ("error" in s) return s;
  url.scheme = s.scheme.toLowerCase();
  let rest = s.rest;
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) [rest, url.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith("/")) {
    if (url.scheme !== "") return { ...url, opaque: rest };
    if ((rest.split("/")[0] ?? "").includes(":")) return { error: "first path segment in URL cannot contain colon" };
  }
  if ((url.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const at = authority.lastIndexOf("@");
    const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if ("error" in host) return host;
    url.host = host.host;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return { error: "net/url: invalid userinfo" };
      const colon = userinfo.indexOf(":");
      const parts = colon < 0 ? [userinfo] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
      const error = parts.map((part) => checkEscapes(part, "user")).find(Boolean);
      if (error) return { error };
      url.hasUser = true;
    }
  } else if (url.scheme !== "" && rest.startsWith("/")) {
    url.omitHost = true;
  }
  const error = checkEscapes(rest, "path");
  if (error) return { error };
  url.path = percentDecode(rest);
  return url;
}

/**
 * url.Parse. The error text is Go's (`parse "RAW": reason`); RAW may carry
 * a password, so callers that show it must redact it.
 */
export function parseGoUrl(raw: string): GoUrlResult {
  const hash = raw.indexOf("#");
  const u = hash >= 0 ? raw.slice(0, hash) : raw;
  const frag = hash >= 0 ? raw.slice(hash + 1) : "";
  const parsed = parse(u);
  if ("error" in parsed) return { error: `parse ${quote(u)}: ${parsed.error}` };
  if (frag !== "") {
    const error = checkEscapes(frag, "fragment");
    if (error) return { error: `parse ${quote(raw)}: ${error}` };
    parsed.fragment = percentDecode(frag);
  }
  return { url: parsed };
}

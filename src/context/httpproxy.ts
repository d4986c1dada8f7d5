// Which HTTP proxy the go command uses for a URL: golang.org/x/net/http/httpproxy
// (vendored into net/http), go1.19..go1.23:
// - HTTPS_PROXY for https, HTTP_PROXY for http; each read upper case first,
//   the lower-case name only when the upper-case one is empty or unset;
// - ALL_PROXY is never read by go (git and curl, in direct mode, do read it);
// - "localhost" and loopback IPs are never proxied;
// - NO_PROXY: comma-separated; "*" alone disables the proxy; CIDRs match IPs;
//   IPs (optionally with port) match exactly; "example.com" matches it and its
//   subdomains, ".example.com" and "*.example.com" only the subdomains; an
//   entry's ":port" restricts it to that port (the URL's default port counts);
// - a value that does not parse, or has no scheme or host, is retried with
//   "http://"; one that still fails is ignored (no proxy at all).
//   go1.19 retried only when the scheme was not http, https or socks5.
import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import type { ProcessSettings } from "./types.js";
import { parseGoUrl } from "./go-url.js";

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

const PLAIN_KEYS = [
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS",
  "GIT_TERMINAL_PROMPT",
  "GIT_SSH",
  "GIT_SSH_COMMAND",
  "GIT_ASKPASS",
  "SSH_ASKPASS",
  "GCM_INTERACTIVE",
  "NETRC",
  "HOME",
] as const;

/** The process settings; proxy variables as go resolves their two spellings. */
export function readProcessSettings(env: NodeJS.ProcessEnv): ProcessSettings {
  const out: ProcessSettings = {};
  for (const key of ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY"] as const) {
    const value = pick(env, key);
    if (value) out[key] = value;
  }
  for (const key of PLAIN_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

/** NO_PROXY and no_proxy both set, differently: one is silently shadowed, and which one go uses decides what is exempt. */
export function noProxySpellings(env: NodeJS.ProcessEnv): { NO_PROXY: string; no_proxy: string; used: "NO_PROXY" | "no_proxy" } | undefined {
  if (env.NO_PROXY === undefined || env.no_proxy === undefined || env.NO_PROXY === env.no_proxy) return undefined;
  return { NO_PROXY: env.NO_PROXY, no_proxy: env.no_proxy, used: env.NO_PROXY !== "" ? "NO_PROXY" : "no_proxy" };
}

/** parseProxy: the proxy URL go uses for a variable's value, or undefined when go ignores it. */
export function effectiveProxyUrl(value: string): string | undefined {
  if (value === "") return undefined;
  const parsed = parseGoUrl(value);
  if (parsed.url && parsed.url.scheme !== "" && parsed.url.host !== "") return value;
  if (parseGoUrl(`http://${value}`).url) return `http://${value}`;
  return undefined;
}

interface Matcher {
  kind: "ip" | "cidr" | "domain";
  test(host: string, port: string, ip: string | undefined): boolean;
}

function splitHostPort(s: string): { host: string; port: string } | undefined {
  // net.SplitHostPort: "host:port" or "[v6]:port"; a bare v6 address is an error.
  if (s.startsWith("[")) {
    const m = /^\[([^\]]*)\]:([^:]*)$/.exec(s);
    return m ? { host: m[1]!, port: m[2]! } : undefined;
  }
  const i = s.lastIndexOf(":");
  if (i < 0 || s.indexOf(":") !== i) return undefined;
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

function normaliseIp(s: string): string | undefined {
  const h = s.replace(/^\[|\]$/g, "");
  if (isIP(h) === 4) return h.split(".").map((o) => String(Number(o))).join(".");
  if (isIP(h) === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(h);
    if (mapped) return mapped[1];
    const bits = ipv6Bits(h);
    // An IPv4-mapped address is that IPv4 address for Go (To4, Equal, IsLoopback).
    const hex = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(bits);
    if (hex) {
      const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
      return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
    }
    return bits;
  }
  return undefined;
}

function ipv6Bits(h: string): string {
  const [head = "", tail = ""] = h.toLowerCase().split("::");
  const a = head ? head.split(":") : [];
  const b = h.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = h.includes("::") ? [...a, ...Array<string>(8 - a.length - b.length).fill("0"), ...b] : a;
  return groups.map((g) => parseInt(g, 16).toString(16)).join(":");
}

function ipBits(ip: string): bigint[] | undefined {
  if (ip.includes(".")) return ip.split(".").map((o) => BigInt(Number(o)));
  return ip.split(":").map((g) => BigInt(parseInt(g, 16)));
}

function inCidr(ip: string, base: string, bits: number): boolean {
  const v4 = !ip.includes(":");
  if (v4 !== !base.includes(":")) return false;
  const width = v4 ? 8 : 16;
  const a = ipBits(ip);
  const b = ipBits(base);
  if (!a || !b || bits < 0 || bits > a.length * width) return false;
  let left = bits;
  for (let i = 0; i < a.length && left > 0; i++) {
    const take = Math.min(width, left);
    const mask = ((1n << BigInt(take)) - 1n) << BigInt(width - take);
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
    left -= take;
  }
  return true;
}

/** config.init: NO_PROXY into matchers ("*" gives undefined: everything is exempt). */
function noProxyMatchers(noProxy: string): Matcher[] | "all" {
  const out: Matcher[] = [];
  for (const raw of noProxy.split(",")) {
    const p = raw.trim().toLowerCase();
    if (p === "") continue;
    if (p === "*") return "all";
    const cidr = /^(.+)\/(\d+)$/.exec(p);
    const cidrIp = cidr ? normaliseIp(cidr[1]!) : undefined;
    if (cidr && cidrIp && !cidr[1]!.startsWith("[")) {
      const bits = Number(cidr[2]);
      out.push({ kind: "cidr", test: (_h, _p, ip) => ip !== undefined && inCidr(ip, cidrIp, bits) });
      continue;
    }
    const hp = splitHostPort(p);
    let phost = p;
    let pport = "";
    if (hp) {
      if (hp.host === "") continue;
      phost = hp.host;
      pport = hp.port;
    }
    const pip = normaliseIp(phost);
    if (pip) {
      out.push({ kind: "ip", test: (_h, port, ip) => ip === pip && (pport === "" || pport === port) });
      continue;
    }
    if (phost === "") continue;
    if (phost.startsWith("*.")) phost = phost.slice(1);
    const matchHost = !phost.startsWith(".");
    if (matchHost) phost = `.${phost}`;
    // idnaASCII: the request host is already ASCII (punycode), so the entry must be too.
    const suffix = /^[\x00-\x7f]*$/.test(phost) ? phost : domainToASCII(phost.slice(1)) ? `.${domainToASCII(phost.slice(1))}` : phost;
    out.push({
      kind: "domain",
      test: (host, port) => (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (pport === "" || pport === port),
    });
  }
  return out;
}

/** useProxy's verdict for NO_PROXY alone (loopback aside): whether NO_PROXY exempts host:port. */
export function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  const matchers = noProxyMatchers(noProxy);
  if (matchers === "all") return true;
  const h = host.toLowerCase().trim().replace(/^\[|\]$/g, "");
  const ip = normaliseIp(h);
  return matchers.some((m) => (m.kind === "domain" || ip !== undefined) && m.test(h, port, ip));
}

function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  const ip = normaliseIp(host);
  if (ip === undefined) return false;
  return ip.includes(":") ? ip === "0:0:0:0:0:0:0:1" : ip.startsWith("127.");
}

const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443" };

/** url.URL's Hostname and Port (case kept: go does not lower-case hosts). */
function splitUrlHost(hostPort: string): { hostname: string; port: string } {
  let host = hostPort;
  let port = "";
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && /^:[0-9]*$/.test(host.slice(colon))) [host, port] = [host.slice(0, colon), host.slice(colon + 1)];
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return { hostname: host, port };
}

export function proxyForUrl(url: string, settings: ProcessSettings): { variable: string; proxy: string } | undefined {
  const target = parseGoUrl(url).url;
  if (!target) return undefined;
  const variable = target.scheme === "https" ? "HTTPS_PROXY" : target.scheme === "http" ? "HTTP_PROXY" : undefined;
  if (!variable) return undefined;
  const proxy = effectiveProxyUrl(settings[variable] ?? "");
  if (!proxy) return undefined;
  const { hostname, port } = splitUrlHost(target.host);
  // useProxy: an empty address is proxied; "localhost" (exactly) and loopback IPs never are.
  if (hostname === "" && port === "") return { variable, proxy };
  if (isLoopback(hostname)) return undefined;
  if (noProxyMatches(settings.NO_PROXY ?? "", hostname, port || DEFAULT_PORTS[target.scheme]!)) return undefined;
  return { variable, proxy };
}

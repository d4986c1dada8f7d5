// Which HTTP proxy the go command uses for a URL: Go's
// golang.org/x/net/http/httpproxy rules (HTTPS_PROXY for https, HTTP_PROXY
// for http, either case with upper case first; NO_PROXY; loopback never
// proxied; ALL_PROXY ignored).
import { isIP } from "node:net";
import type { ProcessSettings } from "./types.js";

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

export function readProcessSettings(env: NodeJS.ProcessEnv): ProcessSettings {
  const out: ProcessSettings = {};
  for (const key of ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY"] as const) {
    const value = pick(env, key);
    if (value) out[key] = value;
  }
  const plain = [
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
  for (const key of plain) {
    const value = env[key];
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  if (!base || isIP(base) !== 4 || isIP(ip) !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : ~((1 << (32 - bits)) - 1) >>> 0;
  return (ipv4ToInt(ip) & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0;
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1";
  return false;
}

/** Whether NO_PROXY exempts host:port from the proxy. */
export function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    if (entry.includes("/")) {
      if (inCidr(h, entry)) return true;
      continue;
    }
    let name = entry;
    let entryPort = "";
    const m = /^(.*):(\d+)$/.exec(entry);
    if (m && isIP(entry) !== 6) {
      name = m[1]!;
      entryPort = m[2]!;
    }
    if (entryPort && entryPort !== port) continue;
    if (isIP(name)) {
      if (name === h) return true;
      continue;
    }
    if (name.startsWith("*.")) name = name.slice(1);
    if (name.startsWith(".")) {
      if (h.endsWith(name) || h === name.slice(1)) return true;
    } else if (h === name || h.endsWith(`.${name}`)) {
      return true;
    }
  }
  return false;
}

export function proxyForUrl(url: string, settings: ProcessSettings): { variable: string; proxy: string } | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const https = target.protocol === "https:";
  const variable = https ? "HTTPS_PROXY" : target.protocol === "http:" ? "HTTP_PROXY" : undefined;
  if (!variable) return undefined;
  const value = settings[variable];
  if (!value) return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (isLoopback(host)) return undefined;
  const port = target.port || (https ? "443" : "80");
  if (noProxyMatches(settings.NO_PROXY ?? "", host, port)) return undefined;
  const proxy = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  return { variable, proxy };
}

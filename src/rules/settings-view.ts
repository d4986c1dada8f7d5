// The effective go settings as rules need them, through the context helpers
// (the single implementation of GOPROXY/GOPRIVATE semantics).
import { parseGoproxy, proxyUrls as goproxyUrls, type ProxyEntry } from "../context/goproxy.js";
import { redactText } from "../util/redact.js";
import { routeModule, suggestGoprivate } from "../context/routes.js";
import { parseGosumdb } from "../context/sumdb.js";
import { nearMiss } from "../context/patterns.js";
import { isPublicSumdbHost } from "./hosts.js";
import { endpointOf, hostOf } from "./net-text.js";
import type { Evidence } from "./types.js";

/** Whether a failure of the GOPROXY entry on `host` lets the go command try a later entry anyway ('|'). */
export function proxyFallsThrough(e: Evidence, host: string): boolean {
  if (!e.ctx) return false;
  try {
    const { entries } = parseGoproxy(e.ctx.env.GOPROXY);
    // The host's last entry decides: several entries on one host (ports) all fail together.
    let i = -1;
    entries.forEach((x, k) => {
      if (x.kind === "url" && x.url !== undefined && hostOf(x.url) === host) i = k;
    });
    return i >= 0 && i < entries.length - 1 && entries[i]!.fallThrough === "any" && entries[i + 1]!.kind !== "off";
  } catch {
    return false;
  }
}

/** The proxy URLs of GOPROXY, in order. */
export function proxyUrls(e: Evidence): string[] {
  if (!e.ctx) return [];
  try {
    return goproxyUrls(e.ctx.env.GOPROXY);
  } catch {
    return [];
  }
}

/** Is the module covered by GOPRIVATE/GONOPROXY (undefined: cannot tell without settings). */
export function isNoProxy(e: Evidence, path: string): boolean | undefined {
  if (!e.ctx) return undefined;
  try {
    return routeModule(e.ctx.env, path).noProxy;
  } catch {
    return undefined;
  }
}

/** Is the module covered by GOPRIVATE/GONOSUMDB (or GOSUMDB=off). */
export function isNoSumdb(e: Evidence, path: string): boolean | undefined {
  if (!e.ctx) return undefined;
  try {
    return routeModule(e.ctx.env, path).noSumdb;
  } catch {
    return undefined;
  }
}

/** The GOPRIVATE (or GONOSUMDB, GOINSECURE) value covering `paths`, merged with the current one. */
export function goprivateFor(e: Evidence, paths: string[], variable: "GOPRIVATE" | "GONOSUMDB" | "GOINSECURE" = "GOPRIVATE"): string {
  // A switch-like entry (GOPRIVATE=true) matches nothing: not worth keeping in the suggested value.
  const current = e.ctx?.env[variable] ?? "";
  const bogus = new Set(booleanPatterns(current));
  // A glob that misses these paths by its spelling alone (case, a URL) is replaced, not kept beside the right one.
  const misspelt = (g: string) => paths.some((p) => nearMiss(g, p) !== undefined);
  return suggestGoprivate(current.split(",").filter((g) => !bogus.has(g.trim()) && !misspelt(g)).join(","), paths);
}

/** The GOPROXY entry after the one a request went to (matched by URL prefix: two proxies may share a host), if any. */
export function nextEntry(e: Evidence, requestUrl: string): { raw: string } | undefined {
  const entries = goproxyEntries(e);
  const k = entries.findIndex((x) => x.kind === "url" && x.url !== undefined && (requestUrl === x.url || requestUrl.startsWith(`${x.url}/`)));
  const next = k >= 0 ? entries[k + 1] : undefined;
  return next ? { raw: redactText(next.raw) } : undefined;
}

/**
 * Whether the GOPROXY entry a request went to lets go try the next entry on any error ('|'), matched by
 * URL prefix (two proxies may share a host); undefined when no entry matches (then ask proxyFallsThrough).
 */
export function entryFallsThrough(e: Evidence, requestUrl: string): boolean | undefined {
  const entries = goproxyEntries(e);
  const k = entries.findIndex((x) => x.kind === "url" && x.url !== undefined && (requestUrl === x.url || requestUrl.startsWith(`${x.url}/`)));
  // `A|off`: falling through to `off` is no fallback.
  return k < 0 ? undefined : k < entries.length - 1 && entries[k]!.fallThrough === "any" && entries[k + 1]!.kind !== "off";
}

/** GOPROXY with every separator made '|' (fall through on any error), credentials redacted. */
export function pipeList(e: Evidence): string {
  return goproxyEntries(e).map((x) => redactText(x.raw)).join("|");
}

/**
 * GOPROXY without the entries on host, each kept entry with its separator
 * ("," or "|"), credentials redacted; undefined when nothing usable is left
 * (no other entry, or only "off").
 */
export function goproxyWithout(e: Evidence, host: string): string | undefined {
  const kept = goproxyEntries(e).filter((x) => !(x.kind === "url" && x.url !== undefined && hostOf(x.url) === host));
  if (kept.length === goproxyEntries(e).length || kept.length === 0 || kept[0]!.kind === "off") return undefined;
  return kept.map((x, i) => `${redactText(x.raw)}${i < kept.length - 1 ? (x.fallThrough === "any" ? "|" : ",") : ""}`).join("");
}

/** GOPROXY without the entry a request went to (matched by URL prefix: two proxies may share a host); undefined when nothing usable is left. */
export function goproxyWithoutEntry(e: Evidence, requestUrl: string): string | undefined {
  const entries = goproxyEntries(e);
  const kept = entries.filter((x) => !(x.kind === "url" && x.url !== undefined && (requestUrl === x.url || requestUrl.startsWith(`${x.url.replace(/\/+$/, "")}/`))));
  if (kept.length === entries.length || kept.length === 0 || kept[0]!.kind === "off") return undefined;
  return kept.map((x, i) => `${redactText(x.raw)}${i < kept.length - 1 ? (x.fallThrough === "any" ? "|" : ",") : ""}`).join("");
}

/**
 * GOPROXY with the entry at `endpoint` (host:port as endpointOf gives it) asked over `scheme` instead,
 * keeping its port and path; undefined when no entry of the other scheme is at that endpoint.
 */
export function goproxyOverScheme(e: Evidence, endpoint: string, scheme: "http" | "https"): string | undefined {
  const other = scheme === "http" ? "https" : "http";
  const entries = goproxyEntries(e);
  const at = (x: ProxyEntry) => x.kind === "url" && x.url !== undefined && x.url.startsWith(`${other}://`) && endpointOf(x.url) === endpoint;
  if (!entries.some(at)) return undefined;
  return entries
    .map((x, i) => `${redactText(at(x) ? withScheme(x.raw, scheme) : x.raw)}${i < entries.length - 1 ? (x.fallThrough === "any" ? "|" : ",") : ""}`)
    .join("");
}

/** `url` over `scheme`, at the same port: a port the URL left implicit (80 or 443) is written out, as the new scheme's default differs. */
function withScheme(url: string, scheme: "http" | "https"): string {
  return url.replace(/^(https?):\/\/([^/?#]*)/i, (_, old: string, authority: string) => {
    const explicit = /:\d+$/.test(authority.replace(/^.*@/, "").replace(/^\[[^\]]*\]/, ""));
    return `${scheme}://${authority}${explicit ? "" : old.toLowerCase() === "https" ? ":443" : ":80"}`;
  });
}

/** The GOPROXY entries of the settings; none without settings (a log) or when GOPROXY does not parse. */
export function goproxyEntries(e: Evidence): ProxyEntry[] {
  if (!e.ctx) return [];
  try {
    return parseGoproxy(e.ctx.env.GOPROXY).entries;
  } catch {
    return [];
  }
}

/** Where a setting's value comes from: "default" when no layer sets it, "unknown" without settings (analyze of a log). */
export type SettingOrigin = "environment" | "go env file" | "GOROOT/go.env" | "default" | "unknown";

export function settingOrigin(e: Evidence, key: string): { from: SettingOrigin; alsoInFile: boolean } {
  const layers = e.ctx?.settingSources;
  if (!e.ctx || !layers) return { from: "unknown", alsoInFile: false };
  const from = layers[key] ?? [];
  return { from: from[0] ?? "default", alsoInFile: from[0] === "environment" && from.includes("go env file") };
}

/** Values of a pattern list (GOPRIVATE...) that read like a switch: go matches them as module path prefixes. */
export function booleanPatterns(value: string): string[] {
  return value
    .split(",")
    .map((g) => g.trim())
    .filter((g) => /^(?:true|false|on|off|yes|no|1|0)$/i.test(g));
}

/** The checksum database a run verified against: its name, where its lookups go, and whether it is the public one. */
export interface SumdbView {
  name: string;
  /** The base of `/lookup/MOD@VER`: a proxy's `/sumdb/NAME`, GOSUMDB's URL, or https://NAME. */
  base: string;
  /** sum.golang.org (or its alias): it knows every public module and no private one. */
  isPublic: boolean;
}

/** From the run's lookup requests first (they show a proxy's relay), then GOSUMDB; undefined when GOSUMDB=off or unknown. */
export function sumdbView(e: Evidence): SumdbView | undefined {
  const lookup = (e.trace?.requests ?? []).map((r) => /^(https?:\/\/.+?)\/lookup\//.exec(r.url)?.[1]).find((b) => b !== undefined);
  const db = e.ctx ? parseGosumdb(e.ctx.env.GOSUMDB ?? "") : undefined;
  if (db && (db.off || db.error !== undefined)) return undefined;
  const relayed = lookup ? /\/sumdb\/([^/]+(?:\/[^/]+)*)$/.exec(lookup)?.[1] : undefined;
  const name = db?.name ?? relayed ?? (lookup ? hostOf(lookup) : undefined);
  if (!name) return undefined;
  return { name, base: redactText(lookup ?? db!.url), isPublic: isPublicSumdbHost(name) };
}

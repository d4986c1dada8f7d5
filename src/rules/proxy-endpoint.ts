// One failing GOPROXY endpoint (a host name and port) as every module-proxy
// finding of the network family (GMD101-104, GMD111-112) names it and sees it:
// its name as the user wrote it, where it redirects, which GOPROXY entry an
// error that names no URL went to, and what the findings about it share.
import type { Finding, Fix } from "../report/schema.js";
import { proxyUrls as goproxyUrls } from "../context/goproxy.js";
import { redactText } from "../util/redact.js";
import { hostOf, urlInText } from "./net-text.js";
import { answeredModules, type Observation } from "./observe.js";
import { requestName } from "./request-name.js";
import { proxyUrls } from "./settings-view.js";
import type { Evidence } from "./types.js";

/** What the findings about one endpoint share: its names, how its failure weighs on the run, and the evidence and fixes common to them. */
export interface ProxyEndpoint {
  e: Evidence;
  /** Every observation of this endpoint (one host name, one port). */
  obs: Observation[];
  /** The host name; "" when no error or request names it and the log's GOPROXY does not tell it. */
  hostname: string;
  /** How titles call it: with its port when explicit, else a label for an unnamed proxy. */
  host: string;
  /** In a sentence: the host, or "the module proxy" / "The module proxy" when not named. */
  who: string;
  Who: string;
  /** The proxy the log's GOPROXY line names, for an error that names none. */
  logged: LoggedProxy | undefined;
  /** A request to it is still waiting (a '|' after it does not help then). */
  hung: boolean;
  /** GOPROXY goes on to the next entry after its errors ('|'). */
  fallsThrough: boolean;
  /** go's final error still names it although the list fell through: the entries after it failed too. */
  reported: boolean;
  severity: Finding["severity"];
  /** The probe got no answer, yet every run request here was answered. */
  silenceContradicted: boolean;
  modules: string[];
  /** The evidence lines every finding about it starts from (the DNS finding adds to them). */
  evidence: string[];
  /** Going on to the next GOPROXY entry with '|', when a ',' list stops here. */
  pipeFix: Fix | undefined;
  /** A mirror the probe reached. */
  mirror: Fix | undefined;
  /** Its name lookups that failed, and its connections refused (not through an HTTP proxy): these rule out the later kinds of failure. */
  dns: Observation[];
  refused: Observation[];
}

export interface LoggedProxy {
  url: string;
  hostname: string;
  setting: string;
  requested?: string;
}

/** A proxy's name as the user wrote it: with its port, when one is explicit (two proxies on one host differ only by port). */
export function endpointName(hostname: string, url: string): string {
  const port = portOf(url);
  return port ? `${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}` : hostname;
}

function portOf(url: string): string {
  try {
    return new URL(url).port;
  } catch {
    return "";
  }
}

/** The GOPROXY entry a request URL went to (for a command that asks the proxy itself), else the URL's origin. */
export function proxyBaseOf(e: Evidence, url: string): string {
  const base = proxyUrls(e).find((u) => url.startsWith(u.replace(/\/+$/, "")));
  if (base) return `${base.replace(/\/+$/, "")}/`;
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return url;
  }
}

/**
 * Where the proxy sent these requests, when every one of them failed after a
 * redirect to one other endpoint (a CDN or storage host): that host, not the
 * proxy, is the one that does not resolve, refuses or never answers.
 */
export function redirectTarget(obs: Observation[]): { name: string; url: string } | undefined {
  const to = obs.map((o) => o.redirectedTo);
  const first = to[0];
  const hostname = first ? hostOf(first) : undefined;
  if (!first || !hostname) return undefined;
  const name = endpointName(hostname, first);
  return to.every((u) => u !== undefined && endpointName(hostOf(u) ?? "", u) === name) ? { name, url: first } : undefined;
}

/** "The module proxy H" or, after a redirect, "The module proxy H redirects downloads to T, which". */
export function subject(host: string, target: { name: string } | undefined): string {
  return target ? `The module proxy ${host} redirects downloads to ${target.name}, which` : `The module proxy ${host}`;
}

/** The fix that shows the redirect: the proxy's Location header. */
export function redirectFix(host: string, target: { name: string }, url: string) {
  return {
    summary: `The proxy ${host} itself answers; it sends the files to ${target.name}. See the redirect, and check that host from here`,
    commands: [`curl -sSI ${url}`],
    caution: "Proxies (Artifactory, Nexus, proxy.golang.org) serve zips from a storage or CDN host: a firewall or allow-list must admit that host too.",
  };
}

/** The files of the trace's failed requests (`the zip of M@V and …`), when the same proxy answered this run's other module requests. */
export function filesOnly(e: Evidence, obs: Observation[]): string | undefined {
  if (!answeredModules(e, obs[0]!.url)) return undefined;
  const urls = [...new Set(obs.filter((o) => o.source === "trace" && o.url).map((o) => o.url))];
  if (urls.length === 0) return undefined;
  const names = urls.slice(0, 2).map((u) => requestName(u, proxyUrls(e)));
  return urls.length > 2 ? `${urls.length} requests (${names.join(", ")}, …)` : names.join(" and ");
}

/** The exact URL that failed: go's own request, else the probe's. */
export function failingUrl(obs: Observation[]): string {
  const traced = obs.find((o) => o.source === "trace" && o.url);
  const probe = obs.map((o) => (o.endpoint?.failedStep === "zip" ? o.endpoint.zip : o.endpoint?.http)?.url).find((u) => u !== undefined);
  return traced?.url ?? probe ?? obs[0]!.url;
}

/** The GOPROXY a request whose error names no URL went through: the log's own line, or, in a run this tool watched, go env's. */
function goproxyForUnnamed(e: Evidence): { urls: string[]; setting: string } | undefined {
  // A run this tool watched used this machine's settings; a log's run, only what the log shows (analyze --probe reads this machine's).
  const own = e.outcome !== "analyzed" ? e.ctx?.env.GOPROXY : undefined;
  const value = e.logSettings?.GOPROXY ?? own;
  if (!value) return undefined;
  try {
    const urls = goproxyUrls(value).filter((u) => /^https?:/.test(u));
    return { urls, setting: `${e.logSettings?.GOPROXY ? "the log sets " : ""}GOPROXY=${redactText(value)}` };
  } catch {
    return undefined;
  }
}

/** The GOPROXY entries some request of the log (a `# get` line, a URL in go's errors) went to, in GOPROXY's order. */
function entriesRequested(e: Evidence, urls: string[]): string[] {
  const requested = [...(e.trace?.requests ?? []).map((r) => r.url), ...(e.trace?.errors ?? []).flatMap((x) => urlInText(x.message) ?? [])];
  const under = (entry: string) => {
    const base = `${entry.replace(/\/+$/, "")}/`;
    return requested.some((u) => u.startsWith(base));
  };
  return urls.filter(under);
}

/**
 * The proxy a request whose error names no URL went to: the one the GOPROXY line names (`export
 * GOPROXY=https://goproxy.io,direct`), or, when it lists several, the only one of them the log's own
 * requests went to. Two candidates left: either could be it (unnamedProxy lists them).
 */
export function loggedProxy(e: Evidence): LoggedProxy | undefined {
  const setting = goproxyForUnnamed(e);
  if (!setting || setting.urls.length === 0) return undefined;
  const seen = setting.urls.length > 1 ? entriesRequested(e, setting.urls) : [];
  const url = setting.urls.length === 1 ? setting.urls[0]! : seen.length === 1 ? seen[0]! : undefined;
  const hostname = url ? hostOf(url) : undefined;
  if (!url || !hostname) return undefined;
  return { url, hostname, setting: setting.setting, ...(setting.urls.length > 1 ? { requested: `the log's requests went to ${endpointName(hostname, url)}, the only one of GOPROXY's proxies they name` } : {}) };
}

/** How a proxy no error or request names is called: with the GOPROXY entries it could be, when the list has several. */
export function unnamedProxy(e: Evidence): { label: string; setting?: string } {
  const where = e.outcome === "analyzed" ? "not named in the log" : "not named in go's error";
  const setting = goproxyForUnnamed(e);
  if (!setting || setting.urls.length < 2) return { label: `(${where})` };
  const seen = entriesRequested(e, setting.urls);
  const names = (seen.length > 1 ? seen : setting.urls).map((u) => endpointName(hostOf(u) ?? u, u));
  return { label: `(${where}: ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]!})`, setting: setting.setting };
}

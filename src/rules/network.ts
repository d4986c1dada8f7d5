// GMD1xx: the module proxy cannot be reached or does not serve (name,
// connection, silence, cuts, broken answers, server errors). This family picks
// the observations of GOPROXY entries, groups them by endpoint, and weighs each
// endpoint's failure against the run (did it stop it?); the findings of each
// kind are in proxy-dns.ts, proxy-refused.ts, proxy-silent.ts,
// proxy-bad-response.ts, proxy-reset.ts and proxy-server-error.ts. The network
// as a whole being offline is network-offline.ts.
import type { Finding } from "../report/schema.js";
import { failingSeverity, mirrorFix } from "./fixes.js";
import { serverFaultIn } from "./hosts.js";
import { endpointOf, urlInText } from "./net-text.js";
import { STILL_WAITING, answeredModules, isProxiedSumdb, moduleOfUrl, observe, originFailureOf, uniqueModules, zipAnswered, type Observation } from "./observe.js";
import { NETWORK_OFFLINE, offline } from "./network-offline.js";
import { badResponseFindings, PROXY_BAD_RESPONSE, tlsPortFindings, tlsPortOf } from "./proxy-bad-response.js";
import { pipeListFix } from "./proxy-detour-fixes.js";
import { PROXY_DNS, dnsFindings } from "./proxy-dns.js";
import { endpointName, loggedProxy, unnamedProxy, type ProxyEndpoint } from "./proxy-endpoint.js";
import { PROXY_REFUSED, refusedFindings } from "./proxy-refused.js";
import { PROXY_RESET, resetFindings } from "./proxy-reset.js";
import { PROXY_5XX, serverErrorFindings } from "./proxy-server-error.js";
import { PROXY_BLACKHOLED, silentFindings, stalledProxyFindings } from "./proxy-silent.js";
import { entryFallsThrough, nextEntry, proxyFallsThrough } from "./settings-view.js";
import type { Evidence, RuleFamily } from "./types.js";

/** The findings for one proxy endpoint (every observation has this host name and the same port). */
function hostFinding(e: Evidence, named: string, obs: Observation[]): Finding[] {
  // An error that names no URL and no request of the trace (go1.13's bare `MOD@VER: stream error: ...`): the proxy is the one the log's GOPROXY names, else not named.
  const logged = named ? undefined : loggedProxy(e);
  const hostname = named || (logged?.hostname ?? "");
  const unnamed = named || logged ? undefined : unnamedProxy(e);
  const host = named ? endpointName(named, obs[0]!.url) : logged ? endpointName(logged.hostname, logged.url) : unnamed!.label;
  // In a sentence, a proxy not named is "the module proxy".
  const who = hostname ? host : "the module proxy";
  const Who = hostname ? host : "The module proxy";
  // Matched by the entry's URL first: two proxies on one host differ by port, and only one may be followed by '|'.
  // '|' moves on after an error; a request that never answers never errors, so a stall on it is not survived.
  const hung = obs.some((o) => o.source === "trace" && o.text.endsWith(STILL_WAITING));
  const fallsThrough = !hung && (entryFallsThrough(e, obs[0]!.url) ?? proxyFallsThrough(e, hostname));
  // Only the probe saw this entry fail: go's requests never reached it (an earlier entry held them), so it did not stop this run.
  const requests = e.trace?.requests ?? [];
  const endpoint = endpointOf(obs[0]!.url);
  const unused = requests.length > 0 && obs.every((o) => o.source === "probe") && !requests.some((r) => endpointOf(r.url) === endpoint);
  // Only the probe's own request failed: the run's requests to this endpoint did not (none failed, none was left waiting), so this did not stop it.
  const probeOnly = !unused && requests.length > 0 && obs.every((o) => o.source === "probe") && !runFailedAt(e, endpoint);
  // go's final error still names this entry: the entries after the '|' failed too, with what go ranks lower (a 404/410), so it did stop the run.
  const reported = fallsThrough && goReports(e, endpoint);
  const severity = (fallsThrough && !reported) || unused || probeOnly ? "warning" : failingSeverity(e);
  // The probe's request got no answer, yet every run request to this endpoint was answered (a 404 too) and none waits:
  // the endpoint answers, so the probe's silence (a slow moment, a loaded machine) did not stop the run.
  const silenceContradicted = obs.every((o) => o.source === "probe") && answeredAll(e, endpoint);

  const modules = uniqueModules(obs);
  const evidence = [...new Set(obs.map((o) => o.text))].slice(0, 4);
  if (logged) evidence.push(logged.setting, ...(logged.requested ? [logged.requested] : []));
  if (unnamed?.setting) evidence.push(unnamed.setting);
  // A ',' list stops at this entry's connection error; '|' would go on to the next real entry.
  const following = fallsThrough || hung ? undefined : nextEntry(e, obs[0]!.url)?.raw;
  const pipeFix =
    following && following !== "off" ? pipeListFix(e, `Let the go command go on to ${following} when ${host} cannot be reached: separate the entries with '|' (',' goes on only after 404/410)`) : undefined;
  const mirror = mirrorFix(e, "Use a mirror that was reachable");
  const p: ProxyEndpoint = {
    e,
    obs,
    hostname,
    host,
    who,
    Who,
    logged,
    hung,
    fallsThrough,
    reported,
    severity,
    silenceContradicted,
    modules,
    evidence,
    pipeFix,
    mirror,
    dns: obs.filter((o) => o.failure === "dns"),
    refused: obs.filter((o) => o.failure === "refused" && !o.viaHttpProxy),
  };
  // In this order: a failed lookup or a refusal rules out the later kinds, and a port that speaks TLS rules out a reset.
  const out: Finding[] = [
    ...dnsFindings(p),
    ...refusedFindings(p),
    ...silentFindings(p),
    ...badResponseFindings(p),
    ...tlsPortFindings(p),
    ...resetFindings(p, tlsPortOf(obs) !== undefined),
    ...serverErrorFindings(p),
  ];
  if (reported) {
    const later = laterNotFound(e, endpoint);
    const mods = [...new Set(later.map((r) => moduleOfUrl(r.url)).filter((m) => m !== undefined))];
    return out.map((f) => ({
      ...f,
      why:
        `${f.why} The '|' after it in GOPROXY sent the go command on to the next entry, which did not serve ${mods.length > 0 ? mods.join(", ") : "the module"} either` +
        `${later.length > 0 ? ` (${[...new Set(later.map((r) => r.status))].join(", ")})` : ""}: go reports this entry's error, as it ranks a failure above a not-found. ` +
        `Until ${host} works, no source in GOPROXY serves ${mods.length === 1 ? "it" : "them"}.`,
      evidence: [...f.evidence, ...later.slice(0, 2).map((r) => `# get ${r.url}: ${r.status}`)],
    }));
  }
  // Said, so that it does not read as what stopped this run.
  const said = silenceContradicted && !probeOnly
    ? out.map((f) => (f.code === PROXY_BLACKHOLED.code ? { ...f, why: `${f.why} Only the probe's request went unanswered: every request of the run to ${host} got its answer, so this did not stop the run.` } : f))
    : out;
  if (unused) return said.map((f) => ({ ...f, why: `${f.why} go's requests did not reach ${host} in this run (an earlier GOPROXY entry held them): it matters once that one works.` }));
  if (probeOnly) return said.map((f) => ({ ...f, why: `${f.why} Only the probe's own request got this; the run's requests to ${host} did not fail with it, so it is not what stopped this run.` }));
  return said;
}

/** Whether one of go's final error lines names a request to this endpoint. */
function goReports(e: Evidence, endpoint: string | undefined): boolean {
  return endpoint !== undefined && (e.trace?.errors ?? []).some((err) => [err.message, ...err.details].some((l) => endpointOf(urlInText(l)) === endpoint));
}

/** The 404/410 answers other endpoints gave this run for the modules go's errors naming this endpoint are about. */
function laterNotFound(e: Evidence, endpoint: string | undefined): { url: string; status: number }[] {
  const named = (e.trace?.errors ?? []).flatMap((err) => {
    const url = [err.message, ...err.details].map(urlInText).find((u) => endpointOf(u) === endpoint);
    const module = err.module ?? (url ? moduleOfUrl(url) : undefined);
    return module ? [module] : [];
  });
  return (e.trace?.requests ?? []).flatMap((r) =>
    (r.status === 404 || r.status === 410) && endpointOf(r.url) !== endpoint && named.includes(moduleOfUrl(r.url) ?? "") ? [{ url: r.url, status: r.status }] : [],
  );
}

/** Every run request to `endpoint` got an answer line (any status) and nothing is left waiting there; false when it sent none. */
function answeredAll(e: Evidence, endpoint: string | undefined): boolean {
  const t = e.trace;
  if (!endpoint || !t) return false;
  const here = t.requests.filter((r) => endpointOf(r.url) === endpoint);
  return (
    here.length > 0 &&
    here.every((r) => r.status !== undefined) &&
    !t.outstanding.some((r) => endpointOf(r.url) === endpoint) &&
    !(t.stall?.suspects ?? []).some((x) => endpointOf(x.url) === endpoint)
  );
}

/**
 * Whether the run itself failed or waited at this endpoint: a request answered
 * with an error, one left waiting, a go error naming it, or a silent stall
 * right after its last request here (go reading a body it never finishes).
 */
function runFailedAt(e: Evidence, endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  const t = e.trace;
  if (!t) return false;
  const here = (url: string | undefined) => endpointOf(url) === endpoint;
  const suspects = t.stall?.suspects ?? [];
  return (
    // 404/410 is how a proxy says "not here": go asks path prefixes and falls through to the next entry on it.
    // One that failed the run is in go's error, below.
    t.requests.some((r) => here(r.url) && (r.error !== undefined || ((r.status ?? 0) >= 400 && r.status !== 404 && r.status !== 410))) ||
    suspects.some((s) => here(s.url)) ||
    (suspects.some((s) => s.kind === "silent") && here(t.requests[t.requests.length - 1]?.url)) ||
    t.errors.some((x) => [x.message, ...x.details].some((l) => l.includes(`//${endpoint}`)))
  );
}

export const networkFamily: RuleFamily = {
  family: "network",
  causes: [PROXY_DNS, PROXY_REFUSED, PROXY_BLACKHOLED, PROXY_5XX, NETWORK_OFFLINE, PROXY_RESET, PROXY_BAD_RESPONSE],
  evaluate(e) {
    const obs = observe(e);
    const out = offline(e, obs);
    // `proxyconnect` failures are the HTTP proxy's (http-proxy.ts), not the module proxy's.
    // The checksum database fetched through the proxy (`<proxy>/sumdb/...`) fails on the proxy's connection too.
    // A probe's ranged zip read that ran out of time got headers (and bytes): a stalled body (transfer.ts), not a silent proxy.
    const zipBodyTimeout = (o: Observation): boolean => o.source === "probe" && o.endpoint?.failedStep === "zip" && o.failure === "timeout" && o.redirectedTo === undefined && zipAnswered(o.endpoint);
    // A lookup through the proxy's /sumdb/ path still waiting while the same proxy answered this run's module requests: the proxy is up,
    // its relay of the checksum database is silent (sumdb-reach.ts says so, GMD202).
    const silentRelay = (o: Observation): boolean => o.text.endsWith(STILL_WAITING) && answeredModules(e, o.url);
    // An http:// entry whose port speaks TLS (the probe's handshake completed): its 400s are nginx's "plain HTTP request was sent to HTTPS port".
    const tlsPorts = new Set(obs.filter((o) => o.role === "proxy" && o.url.startsWith("http://") && o.endpoint?.tlsOnPort?.protocol !== undefined).map((o) => endpointName(o.host, o.url)));
    const plainAtTls = (o: Observation): boolean => tlsPorts.has(endpointName(o.host, o.url)) && (o.status === 400 || o.endpoint?.tlsOnPort !== undefined);
    const proxyObs = obs.filter(
      (o) =>
        (o.role === "proxy" && o.viaHttpProxy !== true && !zipBodyTimeout(o) && (o.failure || plainAtTls(o) || (o.status ?? 0) >= 500 || (o.status !== undefined && serverFaultIn(o.details.join("\n")) !== undefined) || originFailureOf(o) !== undefined)) ||
        (o.role === "sumdb" && o.source === "trace" && isProxiedSumdb(o.url) && o.viaHttpProxy !== true && o.failure !== undefined && !o.failure.startsWith("tls") && !silentRelay(o)),
    );
    const endpoints = new Map<string, Observation[]>();
    for (const o of proxyObs) {
      const key = endpointName(o.host, o.url);
      endpoints.set(key, [...(endpoints.get(key) ?? []), o]);
    }
    for (const group of endpoints.values()) out.push(...hostFinding(e, group[0]!.host, group));
    out.push(...stalledProxyFindings(e, out));
    return out;
  },
};

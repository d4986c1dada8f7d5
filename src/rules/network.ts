// GMD1xx: the module proxy cannot be reached (name, connection, silence,
// server errors); the network as a whole being offline is network-offline.ts.
import { PROBE_CODES } from "../probes/net/errors.js";
import { DEFAULT_MIRRORS } from "../probes/mirror-list.js";
import type { Finding, Fix } from "../report/schema.js";
import { probed, proxyRetryAfter, resolvingNames, statusAnswer } from "./facts.js";
import { failingSeverity, makeFinding, mirrorFix, plural, settingFix, shellQuote } from "./fixes.js";
import { isPublicProxyHost, serverFaultIn, serverResponse } from "./hosts.js";
import { connectTarget, endpointOf, hostOf, http2CutIn, type Http2Cut, lookupOutlivedDial, loopbackResolverRefusing, silentResolver, urlInText } from "./net-text.js";
import { STILL_WAITING, answeredModules, isProxiedSumdb, modServerRoots, moduleOfUrl, observe, originFailureEvidence, originFailureOf, roleOfUrl, uniqueModules, waited, zipAnswered, type Observation } from "./observe.js";
import { requestName, retryCommand } from "./request-name.js";
import { decodeRequestUrl } from "../trace/url.js";
import { proxyHangsOnModules } from "./proxy-hang.js";
import { goSaidBadFileAt } from "./bad-files.js";
import { entryFallsThrough, goproxyEntries, goproxyOverScheme, goproxyWithout, nextEntry, pipeList, proxyFallsThrough, proxyUrls } from "./settings-view.js";
import { proxyUrls as goproxyUrls } from "../context/goproxy.js";
import { redactText } from "../util/redact.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";
import { NETWORK_OFFLINE, offline } from "./network-offline.js";
import { forOs, lookupCommand, resolverConfigCommand, resolverSource, timedLookupCommand, loopbackResolverFix, silentResolverFix, silentResolverOrigin } from "./dns-commands.js";

export const PROXY_DNS: CauseInfo = {
  code: "GMD101",
  name: "proxy-dns",
  title: "The module proxy's name does not resolve",
  explain:
    "The go command could not look up the host name of a GOPROXY entry (`dial tcp: lookup HOST: no such host`). " +
    "It is told apart from a machine that is offline by the `network` probe: other well-known names still resolve, so the problem is this one name " +
    "(a typo in GOPROXY, a proxy only visible on the VPN, a split-DNS setup). Fix the name in GOPROXY, connect to the network that knows it, " +
    "or point GOPROXY at a proxy that resolves.",
};

export const PROXY_REFUSED: CauseInfo = {
  code: "GMD102",
  name: "proxy-refused",
  title: "The module proxy refuses connections",
  explain:
    "The proxy's address answered the TCP connection with a reset (`connect: connection refused`): nothing listens on that port, or a firewall rejects it. " +
    "Unlike a blackholed proxy the refusal is immediate. Check the port in GOPROXY and whether the proxy service runs. A public proxy " +
    "(proxy.golang.org) listens for everyone: its refusal is a firewall or a network block, passed through the network's HTTP proxy or a reachable mirror.",
};

export const PROXY_BLACKHOLED: CauseInfo = {
  code: "GMD103",
  name: "proxy-blackholed",
  title: "The module proxy never answers",
  explain:
    "Connections to the proxy time out, or it accepts them and never sends the response headers. The go command has no overall deadline, " +
    "so it waits for ever. A firewall that drops packets, a dead load balancer or a hung proxy look like this. " +
    "Told apart from a stalled zip body (headers arrived, bytes stopped) and from a slow download (bytes keep coming).",
};

export const PROXY_5XX: CauseInfo = {
  code: "GMD104",
  name: "proxy-server-error",
  title: "The module proxy answers with a server error",
  explain:
    "The proxy answered 5xx (500, 502, 503, 504). With a `,` separator in GOPROXY the go command does not fall through to the next entry on such " +
    "errors (only on 404/410); with `|` it does. A proxy may also quote its own failure in a 404 answer (goproxy.io once answered " +
    "`not found: MOD@VER: no space left on device`): the module exists and this machine's disk is fine; the fault is the proxy's. " +
    "The public proxy fetches over https only: a vanity path whose go-import tag names an ssh:// repository (`fatal: transport 'ssh' not allowed`) " +
    "is not found there until the tag names an https URL. " +
    "A public proxy answering 403 Forbidden (it takes no credentials) is refusing by policy: a region it does not serve, or an egress " +
    "control such as VPC Service Controls blocking the storage it redirects zips to. " +
    "A company's proxy (Artifactory, Nexus, Athens) answering a bare 404 for a module on a public host (github.com, golang.org) usually " +
    "does not fetch it from upstream (a hosted-only repository, a remote not pointed at a public mirror): the public mirror tells whether the version exists. " +
    "Retry later or ask the proxy's operators; a `|` separator lets the go command try the next entry.",
};

export const PROXY_RESET: CauseInfo = {
  code: "GMD111",
  name: "proxy-reset",
  title: "Connections to the module proxy are cut (connection reset)",
  explain:
    "The proxy's address accepted the connection, and then it was torn down: `read: connection reset by peer` (or `unexpected EOF`, a body " +
    "that ends early) while a response, usually a large zip, was on its way. Told apart from a refused connection (`connect: connection refused`, " +
    "nothing listens: immediate, at connect time) and from a blackholed proxy (no answer at all, `i/o timeout`): here data flowed and then " +
    "stopped with a reset. Something on the path cuts long transfers: a firewall or TLS-inspecting proxy, a NAT or VPN dropping the connection, " +
    "a Docker network with a smaller MTU, or an overloaded proxy. Retrying keeps what already arrived (the module cache keeps finished modules); " +
    "when it keeps happening, test a large download by hand and fetch from another source (a mirror, or `direct` from the repositories). " +
    "Over HTTP/2 the cut has its own words: a stream reset (`stream error: stream ID N; INTERNAL_ERROR`), a GOAWAY (`http2: server sent GOAWAY and closed the connection`), " +
    "or a connection go closed after a write on it failed (`http2: client connection force closed via ClientConn.Close`); `GODEBUG=http2client=0` makes go use " +
    "HTTP/1.1 and tells a fault of HTTP/2 (in the proxy or the CDN, load balancer or TLS-inspecting proxy in front of it) from one of the path.",
};

export const PROXY_BAD_RESPONSE: CauseInfo = {
  code: "GMD112",
  name: "proxy-bad-response",
  title: "The module proxy does not answer with usable HTTP",
  explain:
    "Something answers at the proxy's address, but not as an HTTP module proxy: bytes that are not HTTP (`malformed HTTP response`), " +
    "headers that never end, or redirects in a loop (`stopped after 10 redirects`); or, to the probe's module request, a 200 that is no " +
    "proxy's answer (an HTML login page, an `.info` that is not JSON with a Version, a body that never ends). Told apart from a refused connection (nothing listens), " +
    "a blackhole (nothing answers) and a server error (a proper 5xx): here the answer itself is broken. Usual causes: GOPROXY names the wrong port " +
    "(another service listens there), an https proxy addressed as http (or the reverse), a captive portal or a misconfigured reverse proxy. " +
    "Check the URL in GOPROXY and what the address really serves. An HTTP/2 stream reset with PROTOCOL_ERROR is this too, but with the right address: " +
    "the HTTP/2 frames of the proxy (or of what terminates HTTP/2 in front of it) are invalid; `GODEBUG=http2client=0` (HTTP/1.1) tests that.",
};

/** net/http when the server closed the connection before the first byte of a response (`unexpected EOF` is a body cut short). */
const CLOSED_UNANSWERED = /: EOF\b/;

/**
 * What asking a proxy over http:// means (cmd/go/internal/web: proxies are fetched with DefaultSecurity, which allows http://;
 * ~/.netrc is added to https requests only; a URL with user info over http is refused).
 */
const PLAIN_HTTP_PROXY_CAUTION =
  "The go command accepts http:// GOPROXY entries (GOINSECURE plays no part: it never applies to GOPROXY). Over http:// nothing is encrypted, " +
  "go sends no ~/.netrc credentials, and it refuses credentials written in the URL: a proxy that needs a login has to stay on https://.";

/** net/http's answer when an https:// URL reaches a server that speaks plain http. */
const PLAIN_HTTP_ON_HTTPS = /server gave HTTP response to HTTPS client/;

function optional<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}

/**
 * What the silence was: go gives a TLS handshake 10 s and a connect 30 s
 * (cmd/go/internal/web), but waits for an answer's first byte without a deadline.
 */
function blackholedWhy(who: string, obs: Observation[], probedHere: boolean): string {
  const texts = obs.map((o) => o.text).join("\n");
  const stillWaiting = texts.includes(STILL_WAITING);
  if (handshakeHangs(obs) && stillWaiting)
    return (
      `TCP connections to ${who} open, but the TLS handshake never completes: nothing comes back to the go command's ClientHello. Whatever ` +
      "listens there accepts connections and does not speak TLS on that port (or waits for the client to speak first), or a hung TLS terminator " +
      "or a middlebox holds the handshake. The go command gives a handshake 10 s (`net/http: TLS handshake timeout`), then fails."
    );
  if (/TLS handshake timeout/i.test(texts) && !stillWaiting)
    return (
      `Connections to ${who} open, but the TLS handshake does not finish within the go command's 10 s limit: something on the path accepts the ` +
      "connection and then stalls (a firewall or TLS-inspecting proxy), or the path drops large packets (an MTU problem in a VPN or container network)."
    );
  if (!stillWaiting && obs.every((o) => lookupOutlivedDial(o.text)))
    return (
      `No connection to ${who} was even tried: \`dial tcp: i/o timeout\` names no address, so looking up the name took the whole 30 s the go command ` +
      "gives a connection. The DNS server is slow or does not answer (in a container: the resolver it was given), or the lookup is blocked. (A proxy that is down still resolves: go would then time out on an address and name it.)"
    );
  const silence = silenceSeen(obs);
  const waits = stillWaiting ? " The go command waits on it without a deadline." : "";
  if (silence?.kind === "connected")
    return (
      `TCP connections to ${who} open${silence.tls ? " and the TLS handshake completes" : ""} (${silence.by}), but the response headers never come: ` +
      `${who} takes the request and does not answer it. That is the proxy itself (hung, overloaded, or stuck on its own fetch from upstream) ` +
      "or a load balancer or TLS-inspecting proxy in front of it, not a firewall dropping packets: the connection itself works." +
      (silence.goConnectTimedOut ? " go's own connection timed out earlier (`i/o timeout` on the dial): the path comes and goes." : "") +
      waits
    );
  if (silence?.kind === "connect-timeout" && !probedHere)
    return (
      `go's connections to ${who} timed out before they opened (${silence.by}): nothing answered them. go's output does not show why: ` +
      `packets dropped on the way (a firewall, a security group, a route that leads nowhere), or ${who} down or out of reach from this network, look the same there.` +
      waits
    );
  if (silence?.kind === "connect-timeout")
    return (
      `TCP connections to ${who} get no answer at all (${silence.by}): the packets are dropped on the way (a firewall, a security group, ` +
      `a route that leads nowhere), or ${who} is down or cannot be reached from this network.` +
      waits
    );
  if (!stillWaiting && !probedHere)
    return (
      `The go command's requests to ${who} timed out (\`i/o timeout\`): no answer came. go's output does not show where they stopped: ` +
      `a firewall dropping packets, ${who} down, hung or out of reach from this network all look like this there.`
    );
  if (!stillWaiting)
    return `Connections to ${who} get no answer and the go command gives up on them (\`i/o timeout\`): a firewall drops the packets, or ${who} cannot be reached from this network.`;
  return `Requests to ${who} get no response: the connection or the first byte of the answer never comes, and the go command waits without a deadline.`;
}

/** What to check of a proxy that does not answer: follows where the evidence puts the silence. */
function silentFix(host: string, obs: Observation[], probedHere: boolean): Fix {
  const silence = silenceSeen(obs);
  if (!probedHere && silence?.kind !== "connected") return unprobedSilenceFix(host, obs[0]!.url);
  const commands = [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${obs[0]!.url}`];
  if (silence?.kind === "connected")
    return {
      summary: `${host} accepts connections but sends no answer: see whether it answers now, and tell its operators (or whoever runs the load balancer or TLS-inspecting proxy in front of it) which request it hangs on`,
      commands: [...commands, `curl -v -m 10 -o /dev/null ${obs[0]!.url}`],
    };
  if (silence?.kind === "connect-timeout")
    return { summary: `Connections to ${host} time out before they open: check whether a firewall or security group drops traffic to it, or whether ${host} is down`, commands };
  return { summary: `Check whether a firewall drops traffic to ${host} or the proxy is hung`, commands };
}

/**
 * A proxy that did not answer, seen only in go's log (no probe looked at it): the log shows the silence,
 * not where it is, so the fix is the checks that find out, run where the go command ran.
 */
function unprobedSilenceFix(host: string, url: string): Fix {
  return {
    summary: `go's output shows only that ${host} did not answer: see where the request stops from the machine that ran go (curl -v), and let gomod-doctor probe test each GOPROXY entry step by step (name, connection, TLS handshake, answer)`,
    commands: [`curl -v -m 10 -o /dev/null ${url}`, "gomod-doctor probe"],
    caution: "A firewall that drops packets, a proxy that is down or hung and a network that cannot reach it look the same in go's log.",
  };
}

/** Go's own words for a connection that never opened (`dial tcp 1.2.3.4:443: i/o timeout`, `connect: connection timed out`), and for one that opened and got no headers. */
const GO_CONNECT_TIMEOUT = /dial tcp [^\s:]+[^\s]*:\d+: (?:i\/o timeout|connect: connection timed out)|did not properly respond after a period of time/;
const GO_HEADERS_TIMEOUT = /timeout awaiting response headers|Client\.Timeout exceeded while awaiting headers/;

/**
 * Where the silence is, by the evidence: the probe (or go's error) connected and then got no response
 * headers, or its TCP connection itself timed out. The probe's reading comes first: it is the step-by-step one.
 */
function silenceSeen(obs: Observation[]): { kind: "connected"; by: string; tls: boolean; goConnectTimedOut: boolean } | { kind: "connect-timeout"; by: string } | undefined {
  const goConnectTimedOut = obs.some((o) => o.source === "trace" && GO_CONNECT_TIMEOUT.test(o.text));
  for (const o of obs) {
    const f = o.endpoint;
    if (o.source !== "probe" || o.failure !== "timeout" || !f) continue;
    if ((f.failedStep === "http" || f.failedStep === "zip") && f.tcp?.ok) {
      const waited = (f.failedStep === "zip" ? f.zip : f.http)?.ms;
      return {
        kind: "connected",
        by: `gomod-doctor's probe connected in ${formatSeconds(f.tcp.ms)}${waited !== undefined ? ` and waited ${formatSeconds(waited)} for an answer` : ""}`,
        tls: f.tls?.ok === true,
        goConnectTimedOut,
      };
    }
    if (f.failedStep === "tcp") return { kind: "connect-timeout", by: `gomod-doctor's probe got no answer to its connection in ${formatSeconds(f.tcp?.ms ?? 0)}` };
  }
  if (obs.some((o) => o.source === "trace" && GO_HEADERS_TIMEOUT.test(o.text)) && !goConnectTimedOut)
    return { kind: "connected", by: "go's error says it waited for the response headers", tls: false, goConnectTimedOut: false };
  if (goConnectTimedOut && !obs.some((o) => lookupOutlivedDial(o.text))) return { kind: "connect-timeout", by: "go's error says its dial timed out" };
  return undefined;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/** The probe connected, then its TLS handshake ran out of time (or go said `TLS handshake timeout`): not a silent network, a silent handshake. */
function handshakeHangs(obs: Observation[]): boolean {
  return obs.some((o) => (o.endpoint?.failedStep === "tls" && o.endpoint.tcp?.ok === true && o.failure === "timeout") || /TLS handshake timeout/i.test(o.text));
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

/**
 * The files a proxy never answered, when that proxy answered this run's other
 * module requests (and the probe's, if it asked): not a silent proxy, one stuck on some files.
 */
function silentFiles(e: Evidence, obs: Observation[]): string | undefined {
  const hung = new Set(obs.filter((o) => o.source === "trace").map((o) => samePath(o.url)));
  const probeOnly = probeStuckOn(e, obs);
  if (probeOnly && !obs.some((o) => o.source === "trace")) return probeOnly.name;
  // The probe's own protocol request (not its read of the zip, not the very file go hung on) going unanswered too: the whole proxy is silent now.
  const probeSilent = (o: Observation) => o.source === "probe" && o.endpoint?.failedStep !== "zip" && !hung.has(samePath(o.endpoint?.http?.url ?? ""));
  if (obs.some(probeSilent)) return undefined;
  return filesOnly(e, obs);
}

/**
 * The file the probe's protocol request asked for and got no answer, while the endpoint's own URL,
 * asked alongside, answered: the proxy is up and stuck on that file. Go's trace may show no request
 * at all (a toolchain download prints none).
 */
function probeStuckOn(e: Evidence, obs: Observation[]): { name: string; url: string; rootStatus: string; module?: string; toolchain: boolean } | undefined {
  for (const o of obs) {
    const http = o.source === "probe" && o.endpoint?.failedStep === "http" ? o.endpoint.http : undefined;
    const root = o.endpoint?.root;
    if (!http || http.code !== PROBE_CODES.timeout || root?.status === undefined || !http.url) continue;
    const rootStatus = statusAnswer(root);
    const name = requestName(http.url, proxyUrls(e));
    const target = decodeRequestUrl(http.url, proxyUrls(e));
    if (name !== http.url) return { name, url: http.url, rootStatus, ...(target.module ? { module: target.module } : {}), toolchain: target.kind === "toolchain" };
  }
  return undefined;
}

/** Statuses a gateway or an overloaded server sends for a while: another try can pass. */
const TRANSIENT_5XX = new Set([502, 503, 504]);

/** net/http gives up on a chain of redirects: `stopped after 10 redirects` (go), `stopped after N redirects (last to …)` (the probe). */
const REDIRECT_LOOP = /stopped after \d+ redirects/;

/** The probe's own request for a module go got a server error for, answered 2xx: the proxy serves it now. */
function probeServedModule(e: Evidence, errors: Observation[]): { name: string; url: string; status: string } | undefined {
  const failed = new Set(uniqueModules(errors));
  const endpoint = endpointOf(errors[0]!.url);
  for (const o of observe(e).filter((x) => x.source === "probe" && endpointOf(x.url) === endpoint)) {
    const http = o.source === "probe" && !o.endpoint?.failedStep ? o.endpoint?.http : undefined;
    if (!http?.url || http.status === undefined || http.status < 200 || http.status >= 300 || !failed.has(o.endpoint?.module ?? "")) continue;
    return { name: requestName(http.url, proxyUrls(e)), url: http.url, status: statusAnswer(http) };
  }
  return undefined;
}

/** The file a module proxy URL asks for: `.info`, `.mod`, `.zip`, `list`, `@latest`; the path itself otherwise. */
function fileKind(url: string): string {
  return /(\.(?:info|mod|zip)|\/@v\/list|\/@latest)(?:\?.*)?$/.exec(url)?.[1] ?? url;
}

/** A URL compared by what it asks for: go's trace writes `!` as `%21`, the probe does not. */
function samePath(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** The files of the trace's failed requests (`the zip of M@V and …`), when the same proxy answered this run's other module requests. */
function filesOnly(e: Evidence, obs: Observation[]): string | undefined {
  if (!answeredModules(e, obs[0]!.url)) return undefined;
  const urls = [...new Set(obs.filter((o) => o.source === "trace" && o.url).map((o) => o.url))];
  if (urls.length === 0) return undefined;
  const names = urls.slice(0, 2).map((u) => requestName(u, proxyUrls(e)));
  return urls.length > 2 ? `${urls.length} requests (${names.join(", ")}, …)` : names.join(" and ");
}

/** A proxy's name as the user wrote it: with its port, when one is explicit (two proxies on one host differ only by port). */
function endpointName(hostname: string, url: string): string {
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
function proxyBaseOf(e: Evidence, url: string): string {
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
function redirectTarget(obs: Observation[]): { name: string; url: string } | undefined {
  const to = obs.map((o) => o.redirectedTo);
  const first = to[0];
  const hostname = first ? hostOf(first) : undefined;
  if (!first || !hostname) return undefined;
  const name = endpointName(hostname, first);
  return to.every((u) => u !== undefined && endpointName(hostOf(u) ?? "", u) === name) ? { name, url: first } : undefined;
}

/** "The module proxy H" or, after a redirect, "The module proxy H redirects downloads to T, which". */
function subject(host: string, target: { name: string } | undefined): string {
  return target ? `The module proxy ${host} redirects downloads to ${target.name}, which` : `The module proxy ${host}`;
}

/** The fix that shows the redirect: the proxy's Location header. */
function redirectFix(host: string, target: { name: string }, url: string) {
  return {
    summary: `The proxy ${host} itself answers; it sends the files to ${target.name}. See the redirect, and check that host from here`,
    commands: [`curl -sSI ${url}`],
    caution: "Proxies (Artifactory, Nexus, proxy.golang.org) serve zips from a storage or CDN host: a firewall or allow-list must admit that host too.",
  };
}

/** The end of GMD111's title for an HTTP/2 cut. */
function http2Title(h2: Http2Cut): string {
  if (h2.kind === "stream-reset") return `HTTP/2 streams reset (${h2.code})`;
  if (h2.kind === "goaway") return `the server closes HTTP/2 connections (GOAWAY${h2.code && h2.code !== "NO_ERROR" ? ` ${h2.code}` : ""})`;
  return h2.kind === "connection-lost" ? "HTTP/2 connections stop answering" : "HTTP/2 connections break";
}

/** What go's HTTP/2 error says happened, and who does that. */
function http2Why(h2: Http2Cut): string {
  if (h2.kind === "stream-reset")
    return (
      `the streams carrying the responses were reset with ${h2.code} (\`stream error\`): the proxy, or the CDN, load balancer or TLS-inspecting proxy that ` +
      "terminates HTTP/2 in front of it, aborted the responses on its side (a backend that failed or timed out, a limit on a response's size or time)"
    );
  // Go's streams have odd IDs: LastStreamID=1999 is its 1000th request on that connection. A round number is a configured limit.
  const requests = h2.lastStreamId !== undefined && h2.lastStreamId % 2 === 1 ? (h2.lastStreamId + 1) / 2 : undefined;
  if (h2.kind === "goaway" && requests !== undefined && requests >= 1000 && requests % 1000 === 0)
    return (
      `the server sent GOAWAY${h2.code ? ` (${h2.code})` : ""} and closed the connection after its ${requests}th request (LastStreamID=${h2.lastStreamId}; go's streams have odd IDs) ` +
      "with requests still on it: a limit on requests per connection in the proxy or the load balancer in front of it (nginx's keepalive_requests, 1000 by default), " +
      "closed without waiting for the requests in flight, and every request multiplexed on that connection fails at once"
    );
  if (h2.kind === "goaway")
    return (
      `the server sent GOAWAY${h2.code ? ` (${h2.code})` : ""} and closed the connection with requests still on it: a restart, or a limit on a connection's age or ` +
      "number of requests in the proxy or the load balancer in front of it (Go's own HTTP/2 server and nginx's keepalive_requests close connections so), " +
      "and every request multiplexed on that connection fails at once"
    );
  if (h2.kind === "connection-lost") return "the connection stopped answering go's HTTP/2 pings (`client connection lost`), and every request on it failed";
  return (
    "a write on the HTTP/2 connection failed and go closed it with every request on it (`client connection force closed via ClientConn.Close`): " +
    "the TCP connection broke under it (a reset or an idle timeout of a NAT, firewall or proxy on the path, or the proxy dropping it)"
  );
}

/** The HTTP/2 test (HTTP/1.1 instead, for go and for curl) and the check of the proxy and what fronts it. */
function http2Fixes(host: string, url: string | undefined): Fix[] {
  const target = url ?? `"$(go env GOPROXY | cut -d, -f1)/"`;
  return [
    {
      summary: `Test without HTTP/2: if the download completes over HTTP/1.1 (one connection per request), the fault is in HTTP/2 between go and ${host}`,
      commands: ["GODEBUG=http2client=0 go mod download -x"],
      caution: "GODEBUG=http2client=0 changes only this command's HTTP client; it can stay in a CI job's environment as a workaround until the proxy is fixed.",
    },
    {
      summary: `Compare the same download over HTTP/2 and HTTP/1.1, and tell ${host}'s operators (or whoever runs the CDN, load balancer or TLS-inspecting proxy in front of it) which one breaks`,
      commands: [
        `curl -sS --http2 -o /dev/null -w '%{http_version} %{http_code} %{size_download} bytes\\n' ${target}`,
        `curl -sS --http1.1 -o /dev/null -w '%{http_version} %{http_code} %{size_download} bytes\\n' ${target}`,
      ],
    },
  ];
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
function loggedProxy(e: Evidence): { url: string; hostname: string; setting: string; requested?: string } | undefined {
  const setting = goproxyForUnnamed(e);
  if (!setting || setting.urls.length === 0) return undefined;
  const seen = setting.urls.length > 1 ? entriesRequested(e, setting.urls) : [];
  const url = setting.urls.length === 1 ? setting.urls[0]! : seen.length === 1 ? seen[0]! : undefined;
  const hostname = url ? hostOf(url) : undefined;
  if (!url || !hostname) return undefined;
  return { url, hostname, setting: setting.setting, ...(setting.urls.length > 1 ? { requested: `the log's requests went to ${endpointName(hostname, url)}, the only one of GOPROXY's proxies they name` } : {}) };
}

/** How a proxy no error or request names is called: with the GOPROXY entries it could be, when the list has several. */
function unnamedProxy(e: Evidence): { label: string; setting?: string } {
  const where = e.outcome === "analyzed" ? "not named in the log" : "not named in go's error";
  const setting = goproxyForUnnamed(e);
  if (!setting || setting.urls.length < 2) return { label: `(${where})` };
  const seen = entriesRequested(e, setting.urls);
  const names = (seen.length > 1 ? seen : setting.urls).map((u) => endpointName(hostOf(u) ?? u, u));
  return { label: `(${where}: ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]!})`, setting: setting.setting };
}

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
  const dns = obs.filter((o) => o.failure === "dns");
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
  const out: Finding[] = [];
  const mirror = mirrorFix(e, "Use a mirror that was reachable");
  // When offline this is a symptom: it is still reported, and diagnose folds it into GMD109.
  if (dns.length > 0) {
    const target = redirectTarget(dns);
    const resolving = resolvingNames(e);
    const resolver = dns.map((o) => loopbackResolverRefusing(o.text)).find((r) => r !== undefined);
    // Every lookup went to a DNS server that did not answer: the resolver is at fault, not the name.
    const silent = dns.map((o) => silentResolver(o.text));
    const server = !resolver && silent.every((r) => r !== undefined) ? silent[0] : undefined;
    if (resolving.length > 0) evidence.push(`other names resolve: ${resolving.slice(0, 3).join(", ")}`);
    out.push(
      makeFinding(PROXY_DNS, {
        title: target
          ? `${subject(host, target)} does not resolve`
          : server
            ? `The module proxy ${host} does not resolve: the DNS server ${server.server} does not answer`
            : `The module proxy ${host} does not resolve`,
        severity,
        confidence: resolving.length > 0 ? 0.95 : dns.some((o) => o.source === "probe") ? 0.85 : 0.8,
        why: target
          ? `${host} answers, but redirects the downloads to ${target.name}, whose name cannot be looked up from here.`
          : server
            ? `go asks the DNS server ${server.server} (from ${resolverSource(e.os)}) for ${hostname}, and the question gets no answer (\`${server.how}\`). ` +
              "The name is not at fault: the resolver is down, cannot be reached from this network, or is not a DNS server at all. " +
              silentResolverOrigin(e.os)
            : `The name ${host} (from GOPROXY) cannot be looked up, so no module can be fetched through it.`,
        evidence,
        modules,
        fixes: [
          ...(target ? [redirectFix(host, target, dns[0]!.url)] : []),
          // A resolver on this machine refused: no name resolves for go, whatever GOPROXY says.
          resolver
            ? loopbackResolverFix(resolver, e.os)
            : server
              ? silentResolverFix(server.server, hostname, e.os)
              : forOs({ summary: `Check the spelling of ${host} in GOPROXY and whether it needs the VPN or a corporate DNS`, commands: ["go env GOPROXY", lookupCommand(hostname, e.os)] }, e.os),
          ...optional(pipeFix),
          ...(mirror ? [mirror] : []),
          ...(!isPublicProxyHost(hostname) && !mirror
            ? [settingFix(e, "If your organisation allows the public proxy, use it", "GOPROXY", "https://proxy.golang.org,direct")]
            : []),
        ],
      }),
    );
  }
  const refused = obs.filter((o) => o.failure === "refused" && !o.viaHttpProxy);
  if (refused.length > 0 && dns.length === 0) {
    const target = redirectTarget(refused);
    // A public proxy listens for everyone: a refusal is the network's (a firewall, a national block), not a service that is down.
    const blocked = !target && isPublicProxyHost(hostname);
    const check = { summary: `See whether ${host} answers from here`, commands: [`curl -sS -o /dev/null -w '%{http_code}\\n' ${proxyBaseOf(e, refused[0]!.url)}`] };
    out.push(
      makeFinding(PROXY_REFUSED, {
        title: `${subject(host, target)} refuses connections`,
        severity,
        confidence: 0.9,
        why: target
          ? `${host} answers, but redirects the downloads to ${target.name}, and connections there are refused at once: nothing listens on that address and port, or a firewall rejects them.`
          : blocked
            ? `Connections to ${host} are refused at once. It is a public service that accepts connections from everywhere it is allowed, so something on the way refuses them: a firewall, a network that only lets traffic out through its HTTP proxy, or a country-level block.`
            : `Connections to ${host} are refused at once: nothing listens on that address and port, or a firewall rejects them.`,
        evidence,
        modules,
        fixes: [
          ...(target ? [redirectFix(host, target, refused[0]!.url)] : []),
          ...(blocked
            ? [check, ...optional(pipeFix), ...publicProxyBlockedFixes(e, hostname, mirror)]
            : [{ ...check, summary: `Check the port in GOPROXY and that the proxy service on ${host} is running`, commands: ["go env GOPROXY", ...check.commands] }, ...optional(pipeFix), ...optional(mirror)]),
        ],
      }),
    );
  }
  const blackholed = obs.filter((o) => o.failure === "timeout" && !o.viaHttpProxy);
  const hang = blackholed.length > 0 && dns.length === 0 && refused.length === 0 && !redirectTarget(blackholed) ? proxyHangsOnModules(e, host, blackholed) : undefined;
  if (hang) out.push(makeFinding(PROXY_BLACKHOLED, { ...hang, severity: silenceContradicted ? "warning" : severity }));
  else if (blackholed.length > 0 && dns.length === 0 && refused.length === 0) {
    const target = redirectTarget(blackholed);
    const lookupSlow = blackholed.every((o) => lookupOutlivedDial(o.text));
    const files = target ? undefined : silentFiles(e, blackholed);
    // Go's trace shows no request (a toolchain download): only the probe saw the file hang while the root answered.
    const probeStuck = files && !blackholed.some((o) => o.source === "trace") ? probeStuckOn(e, blackholed) : undefined;
    // A pasted log (analyze without --probe): go's words are all there is, not where the silence is.
    const probedHere = blackholed.some((o) => o.source === "probe") || probed(e, "goproxy").length > 0;
    out.push(
      makeFinding(PROXY_BLACKHOLED, {
        title: lookupSlow
          ? `${subject(host, target)} cannot be reached: looking up its name times out`
          : handshakeHangs(blackholed)
            ? `${subject(host, target)} accepts connections but never completes the TLS handshake${waitedFor(e, hostname, blackholed)}`
            : files
              ? `The module proxy ${host} answers, but not for ${files}${waitedFor(e, hostname, blackholed)}`
              : `${subject(host, target)} does not answer${waitedFor(e, hostname, blackholed)}`,
        severity: silenceContradicted ? "warning" : severity,
        confidence: blackholed.some((o) => o.source === "probe") ? 0.9 : 0.8,
        why:
          (probeStuck
            ? `${host} answers (its own URL answered ${probeStuck.rootStatus} to gomod-doctor's probe), but the response headers for ${files} never came, for the probe as for ` +
              "the go command: the proxy is stuck on that file (its own fetch from the origin or its storage hangs), and the go command waits without a deadline." +
              (probeStuck.toolchain
                ? " That download is the stall's cause; go fetches the toolchain before anything else only because go.mod (or GOTOOLCHAIN) asks for a newer go (the toolchain finding is that context)."
                : "")
            : files
            ? `${host} answered this run's other requests, but the response headers for ${files} never came: the proxy is stuck on that file ` +
              "(its own fetch from the origin or its storage hangs), and the go command waits without a deadline."
            : blackholedWhy(target ? `${target.name} (where ${host} redirects them)` : host, blackholed, probedHere)) +
          (hung && (entryFallsThrough(e, obs[0]!.url) ?? proxyFallsThrough(e, hostname))
            ? " The '|' after it in GOPROXY does not help: the go command moves to the next entry only after an error, and this request never ends."
            : ""),
        evidence: probeStuck ? [...evidence, `probe: ${probeStuck.url} got no response headers, while the proxy's own URL answered ${probeStuck.rootStatus}`] : evidence,
        // The probe's stuck file names the module go waits on when go's trace names none (a toolchain download prints no request).
        modules: modules.length === 0 && probeStuck?.module ? [probeStuck.module] : modules,
        fixes: [
          // The Location header of a request go made (a zip), not of the proxy's root.
          ...(target ? [redirectFix(host, target, (blackholed.find((o) => o.source === "trace") ?? blackholed[0]!).url)] : []),
          ...(lookupSlow
            ? [
                forOs(
                  {
                    summary: `Time the lookup of ${hostOf(blackholed[0]!.url) ?? host} and see which DNS servers this machine (or container) is given`,
                    commands: [timedLookupCommand(hostOf(blackholed[0]!.url) ?? hostname, e.os), resolverConfigCommand(e.os)],
                  },
                  e.os,
                ),
              ]
            : []),
          handshakeHangs(blackholed)
            ? {
                summary: `See where the handshake with ${host} stops: check that the GOPROXY URL's port is the proxy's TLS port (https://), and whether a middlebox holds it`,
                commands: [`curl -v -m 10 -o /dev/null ${blackholed[0]!.url}`, `openssl s_client -connect ${connectTarget(blackholed[0]!.url) ?? host} -servername ${hostname} </dev/null`, "go env GOPROXY"],
              }
            : probeStuck
            ? { summary: `See whether ${host} answers that request now (its operators can see why it hangs)`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${probeStuck.url}`] }
            : files
            ? {
                summary: `See whether ${host} answers that request now (its operators can see why it hangs), then retry`,
                commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${blackholed.find((o) => o.source === "trace")!.url}`, retryCommand(blackholed.filter((o) => o.source === "trace"), proxyUrls(e))],
              }
            : target
              ? { summary: `Check whether a firewall drops traffic to ${target.name} or it is hung`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${target.url}`] }
              : silentFix(host, blackholed, probedHere),
          // A public proxy that gets no answer at all is blocked on the way (a firewall, a national block): the way around it is the fix.
          ...(!target && !lookupSlow && !files && !handshakeHangs(blackholed) && isPublicProxyHost(hostname)
            ? publicProxyBlockedFixes(e, hostname, mirror)
            : [...skipEntryFix(e, host, hostname), ...optional(mirror)]),
        ],
      }),
    );
  }
  // A TLS failure that is not about the certificate (tls.ts judges trust, dates and name, and then explains
  // any handshake failure with the same host): the handshake itself is refused or is not TLS.
  const certJudged = obs.some((o) => o.failure === "tls-untrusted" || o.failure === "tls-expired" || o.failure === "tls-hostname");
  const broken = obs.filter((o) => (o.failure === "protocol" || (o.failure === "tls-other" && !certJudged)) && !o.viaHttpProxy);
  const answer = broken.find(notProxyAnswer)?.endpoint?.http;
  const page = answer?.message;
  const wrongVersion = answer?.code === PROBE_CODES.wrongVersion;
  const cut = answer?.code === PROBE_CODES.cutAnswer;
  // go's own words for a wrong or cut .info already make proxy-answers.ts's finding: the probe's reading of it is evidence there, not a second finding.
  const goSaid = (re: RegExp): boolean => (e.trace?.errors ?? []).some((x) => re.test(x.message));
  // So does a web page in an .info's place (go: `invalid response from proxy`): that finding names the module and quotes the probe.
  const pageForInfo = answer?.code === PROBE_CODES.notProxyAnswer && /\.info$/.test(answer.url ?? "");
  // And a page in any file's place when go already said a file from this server was not the one asked for
  // (`parsing go.mod: missing module line` for a portal that answers every request): one finding, which quotes the probe.
  const pageSaidByGo = answer?.code === PROBE_CODES.notProxyAnswer && goSaidBadFileAt(e, endpointOf(answer.url ?? ""));
  const saidByGo = (wrongVersion && goSaid(/instead of requested version/)) || ((cut || pageForInfo) && goSaid(/invalid response from proxy/)) || pageSaidByGo;
  // A stream reset with PROTOCOL_ERROR: HTTP/2 frames one side found invalid, not a wrong port or scheme.
  const h2Broken = broken.length > 0 && broken.every((o) => http2CutIn(o.text) !== undefined) ? http2CutIn(broken[0]!.text) : undefined;
  if (h2Broken && dns.length === 0 && refused.length === 0) {
    const url = broken.find((o) => o.url)?.url || (logged ? `${logged.url.replace(/\/+$/, "")}/` : hostname ? `https://${host}/` : undefined);
    out.push(
      makeFinding(PROXY_BAD_RESPONSE, {
        title: `The module proxy ${host} breaks the HTTP/2 protocol (${h2Broken.code ?? "PROTOCOL_ERROR"})`,
        severity,
        confidence: 0.8,
        why:
          `${Who} answered over HTTP/2, and the stream carrying the response was reset with ${h2Broken.code ?? "PROTOCOL_ERROR"}: one side sent HTTP/2 frames the other ` +
          "found invalid (go's client checks the server's frames; `received from peer` means the server said it of go's request). The HTTP/2 implementation of the proxy, " +
          "or of the CDN, load balancer or TLS-inspecting proxy that terminates HTTP/2 in front of it, is at fault, not GOPROXY's scheme or port." +
          (isPublicProxyHost(hostname) ? ` A fault of ${host}'s side shows in many users' jobs at once and is fixed there.` : ""),
        evidence,
        modules,
        fixes: [
          { summary: "Retry: modules that finished stay in the module cache", commands: ["go mod download -x"] },
          ...http2Fixes(who, url),
          mirror ?? { summary: "Or fetch from another source for this run: straight from the repositories", commands: ["GOPROXY=direct go mod download"], caution: "direct needs git and network access to every repository host." },
        ],
      }),
    );
  } else if (broken.length > 0 && dns.length === 0 && refused.length === 0 && !saidByGo) {
    const handshake = broken.every((o) => o.failure === "tls-other");
    // The proxy answered and sent the download on: the host it names is the one that breaks, not GOPROXY's entry.
    const target = redirectTarget(broken);
    const plainHttp = target !== undefined && broken.every((o) => PLAIN_HTTP_ON_HTTPS.test(o.text));
    // go's own words for the GOPROXY entry itself: its port answers plain HTTP, the entry says https (the probe's TLS read agrees or is absent).
    const goSawPlain = broken.filter((o) => o.source === "trace");
    const plainEntry = target === undefined && goSawPlain.length > 0 && goSawPlain.every((o) => PLAIN_HTTP_ON_HTTPS.test(o.text));
    const plainAt = plainEntry ? (endpointOf(goSawPlain[0]!.url) ?? host) : undefined;
    // Credentials in the entry's URL: over http:// go refuses the request outright (web.Get's "refusing to pass credentials to insecure URL").
    const credentialed = plainAt !== undefined && goproxyEntries(e).some((x) => x.kind === "url" && x.url !== undefined && endpointOf(x.url) === plainAt && /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i.test(x.raw));
    const overHttp = plainAt && !credentialed ? goproxyOverScheme(e, plainAt, "http") : undefined;
    // go's `stopped after 10 redirects` (net/http's limit): each answer redirects to another redirect, not garbage on the wire.
    const loop = !target && !handshake && broken.every((o) => REDIRECT_LOOP.test(o.text));
    if (loop) {
      const files = filesOnly(e, broken);
      const url = failingUrl(broken);
      out.push(
        makeFinding(PROXY_BAD_RESPONSE, {
          title: `The module proxy ${host} redirects ${files ?? "the requests"} in a loop (go stopped after 10 redirects)`,
          severity,
          confidence: 0.85,
          why:
            `${host} answers ${files ? `the request for ${files}` : "the requests"} with a redirect whose target redirects again, round and round: the go command follows ten and gives up. ` +
            "A rewrite rule in the proxy or the web server in front of it that sends the URL back to itself (http to https and back, a trailing-slash or sign-in redirect to the same page), " +
            `or a storage or CDN base URL that points at the proxy itself.${files ? ` It served this run's other requests, so the loop is in how it answers ${files.startsWith("the zip") ? "zips" : "these files"}.` : ""}`,
          evidence,
          modules,
          fixes: [
            {
              summary: `See where ${host} sends it, hop by hop (the Location headers repeat)`,
              commands: [`curl -sS -o /dev/null -L --max-redirs 12 -w '%{num_redirects} redirects, last %{url_effective}\\n' ${shellQuote(url)}`, `curl -sS -D - -o /dev/null ${shellQuote(url)}`],
            },
            { summary: `Ask ${host}'s operators to fix the redirect rule (or the download base URL in its configuration); then retry`, commands: ["go mod download -x"] },
            ...(mirror ? [mirror] : []),
          ],
        }),
      );
    } else if (plainEntry) {
      out.push(
        makeFinding(PROXY_BAD_RESPONSE, {
          title: `The module proxy ${host} speaks plain http, but GOPROXY names it with https://`,
          severity,
          confidence: 0.9,
          why:
            `GOPROXY asks ${host} over https, and the server on that port answers in plain HTTP, not TLS (go: \`http: server gave HTTP response to HTTPS client\`): ` +
            "the entry's scheme is wrong (the proxy serves http:// there) or its port is the plain-HTTP one and TLS is served on another port.",
          evidence,
          modules,
          fixes: [
            { summary: `See that ${host} answers over http:// at that port`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${(goSawPlain[0]!.url || `https://${host}/`).replace(/^https:/, "http:")}`] },
            ...(overHttp
              ? [
                  settingFix(
                    e,
                    `Then ask it over http:// (or keep https:// with the port where ${host} serves TLS)`,
                    "GOPROXY",
                    overHttp,
                    PLAIN_HTTP_PROXY_CAUTION,
                  ),
                ]
              : credentialed
                ? [
                    {
                      summary: `Then keep https:// and give the port where ${host} serves TLS: the entry carries credentials, and over http:// the go command refuses to send them ("refusing to pass credentials to insecure URL")`,
                      commands: ["go env GOPROXY"],
                    },
                  ]
                : [{ summary: "Then fix the scheme or port of that GOPROXY entry", commands: ["go env GOPROXY"] }]),
            ...(mirror ? [mirror] : []),
          ],
        }),
      );
    } else out.push(
      makeFinding(PROXY_BAD_RESPONSE, {
        title: plainHttp
          ? `${subject(host, target)} speaks plain http at that https:// address`
          : target
            ? `${subject(host, target)} ${handshake ? "fails the TLS handshake" : "does not answer with usable HTTP"}`
            : handshake
              ? `The TLS handshake with the module proxy ${host} fails`
              : `The module proxy ${host} does not answer with usable HTTP`,
        severity,
        confidence: broken.some((o) => o.source === "probe") ? 0.85 : handshake ? 0.7 : 0.8,
        why: plainHttp
          ? `${host} answers, but redirects the downloads to ${target.url}, and the server there answers in plain http, not TLS: the storage or CDN ` +
            `base URL configured in the proxy has the wrong scheme (https:// for an http-only server) or the wrong port. GOPROXY itself is right; ` +
            "the go command follows the redirect as given."
          : target
            ? `${host} answers, but redirects the downloads to ${target.name}, and ${handshake ? "the TLS handshake with it fails" : "its answer is not HTTP the go command can use"}: ` +
              "the storage or CDN address configured in the proxy is wrong, or that host is misconfigured. GOPROXY itself is right."
            : page
          ? wrongVersion
            ? `${host} answers as a module proxy, but wrongly: ${page}. A misconfigured or broken proxy (a cache serving another version's file).`
            : cut
            ? `${host} answers as a module proxy, but its answer is broken: ${page}. That is the proxy's own file, cut or corrupt (partly written in its storage or cache, or cut on the way out), not a page in its place.`
            : `Something answers at ${host}, but not as a module proxy: ${page}. A captive portal, a login page or a corporate proxy's error page in front of it, or GOPROXY naming the wrong server.`
          : handshake
            ? `Whatever answers at ${host} refuses or breaks the TLS handshake (before any certificate is judged): for a public proxy, a firewall or TLS-inspecting proxy that filters by the name asked for; ` +
              "for a company proxy, a TLS version or cipher it does not share with the go command, a client certificate it requires, or a port that does not speak TLS at all."
            : `Something answers at ${host}, but its answer is not HTTP the go command can use (garbage, endless headers or a redirect loop): the wrong port or scheme in GOPROXY, or a misconfigured server in front of the proxy.`,
        evidence,
        modules,
        fixes: [
          ...(target
            ? [
                redirectFix(host, target, broken[0]!.url),
                {
                  summary: `Fix the download (storage or CDN) base URL in ${host}'s configuration${plainHttp ? ": http:// for that server, or the port where it serves TLS" : ""}`,
                  // Asked over http://, the address answers: what the proxy's redirect should have said.
                  commands: [plainHttp ? `curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${target.url.replace(/^https:/, "http:")}` : `curl -sv -m 10 -o /dev/null ${target.url}`],
                },
              ]
            : [
                handshake && hostname
                  ? {
                      summary: `See where the handshake with ${host} breaks, and who answers`,
                      commands: [`openssl s_client -connect ${connectTarget(broken[0]!.url) ?? `${hostname}:443`} -servername ${hostname} </dev/null`, `curl -sv -m 10 -o /dev/null ${broken[0]!.url || `https://${host}/`}`],
                      caution: "From another network (a phone hotspot) the same commands tell a filter on this network from a fault of the proxy.",
                    }
                  : { summary: `Check the scheme and port in GOPROXY, and what ${host} really serves there`, commands: ["go env GOPROXY", `curl -sv --max-redirs 3 -m 10 -o /dev/null ${broken[0]!.url || `https://${host}/`}`] },
              ]),
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  // An http:// entry whose port completed a TLS handshake after closing the plain request: the scheme is wrong, nothing resets.
  const tlsPort = obs.find((o) => o.url.startsWith("http://") && o.endpoint?.tlsOnPort?.protocol !== undefined)?.endpoint;
  if (tlsPort && dns.length === 0 && refused.length === 0) {
    const tls = tlsPort.tlsOnPort!;
    const overHttps = goproxyOverScheme(e, endpointOf(tlsPort.url) ?? host, "https");
    out.push(
      makeFinding(PROXY_BAD_RESPONSE, {
        title: `The module proxy ${host} speaks TLS (https), but GOPROXY names it with http://`,
        severity,
        confidence: 0.9,
        why:
          `GOPROXY asks ${host} in plain HTTP, and the server on that port expects TLS: it closes the connection without an answer ` +
          "(go says only `EOF`) or answers 400. A TLS handshake at the same port completes, so the entry's scheme is wrong, or its port is the TLS one and plain HTTP is served on another.",
        evidence: [
          `probe goproxy:${tlsPort.url}: a TLS handshake at port ${tlsPort.port} completes (${tls.protocol}${tls.subject ? `, certificate for ${tls.subject}` : ""}${tls.trust === "untrusted" ? ", not trusted here" : ""})`,
          ...evidence,
        ],
        modules,
        fixes: [
          { summary: `See that ${host} answers over https:// at that port`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${tlsPort.url.replace(/^http:/, "https:")}`] },
          overHttps
            ? settingFix(
                e,
                `Then ask it over https:// (or keep http:// with the port where ${host} serves plain HTTP)`,
                "GOPROXY",
                overHttps,
                tls.trust === "untrusted" ? "Its certificate is not trusted here: over https:// go then fails with an x509 error until the issuing CA is trusted (SSL_CERT_FILE, or the system store)." : undefined,
              )
            : { summary: "Then fix the scheme or port of that GOPROXY entry", commands: ["go env GOPROXY"] },
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  const reset = tlsPort ? [] : obs.filter((o) => (o.failure === "reset" || o.failure === "eof") && !o.viaHttpProxy);
  if (reset.length > 0 && dns.length === 0) {
    const atConnect = reset.some((o) => /connect: connection reset/.test(o.text));
    const zips = reset.filter((o) => /\.zip\b/.test(o.url) || /\.zip"/.test(o.text));
    // net/http's bare `EOF` (not `unexpected EOF`): the connection closed before the first byte of a response.
    const seen = reset.filter((o) => o.source === "trace");
    const unanswered = seen.length > 0 && seen.every((o) => CLOSED_UNANSWERED.test(o.text));
    // `unexpected EOF` is a body that ended early (the peer closed), not a TCP reset.
    const closedEarly = reset.every((o) => o.failure === "eof");
    // Every cut was HTTP/2's own (a stream reset, a GOAWAY, a connection go closed): said so, with HTTP/1.1 as the test.
    const h2 = reset.every((o) => http2CutIn(o.text) !== undefined) ? http2CutIn(reset[0]!.text) : undefined;
    const failingUrl = (zips[0] ?? reset.find((o) => o.url) ?? reset[0])!.url || (logged ? `${logged.url.replace(/\/+$/, "")}/` : hostname ? `https://${host}/` : undefined);
    out.push(
      makeFinding(PROXY_RESET, {
        title: unanswered
          ? `The module proxy ${host} closes connections without answering`
          : `Connections to the module proxy ${host} are ${atConnect ? "reset" : "cut mid-transfer"}${h2 ? `: ${http2Title(h2)}` : ""}`,
        severity,
        confidence: reset.length >= 2 ? 0.85 : 0.75,
        why: unanswered
          ? `${Who} accepted the connection and closed it before sending any response (go: \`EOF\`, not a single byte of headers)` +
            `${zips.length > 0 ? ` (${plural(zips.length, "zip download")})` : ""}: the proxy, or a load balancer or firewall in front of it, drops these requests ` +
            "(a request or size limit, a crash on the request, a backend that is gone). It is not a refusal (the connection opened) and not silence (it closed at once)."
          : h2
            ? `${Who} answered over HTTP/2${zips.length > 0 ? ` (${plural(zips.length, "zip download")})` : ""}, then ${http2Why(h2)}. ` +
              `It is not a refusal (nothing listening) and not silence (a blackhole): ${h2.kind === "stream-reset" || h2.kind === "goaway" ? "the server's side of the HTTP/2 connection ended the responses" : "the connection broke after the responses had started"}.`
          : `${Who} ${atConnect ? "was reached, then the connection was reset" : closedEarly ? "started answering, then closed the connection before the response was complete (`unexpected EOF`: fewer bytes than the response announced)" : "started answering, then the connection was reset before the response was complete"}` +
          `${zips.length > 0 ? ` (${plural(zips.length, "zip download")})` : ""}: something on the path (a firewall, a TLS-inspecting proxy, a NAT, VPN or container ` +
          "network) or the proxy itself tears connections down. It is not a refusal (nothing listening) and not silence (a blackhole).",
        evidence,
        modules,
        fixes: [
          { summary: "Retry: modules that finished stay in the module cache, only the cut ones are fetched again", commands: ["go mod download -x"] },
          // An HTTP/2 cut is tested by HTTP/1.1; the by-hand download is that comparison.
          ...(h2
            ? http2Fixes(who, failingUrl)
            : [
                {
                  summary: unanswered
                    ? `If it keeps happening, send that request to ${who} by hand and see whether anything answers (its logs, or those of what fronts it, say why it closed)`
                    : `If it keeps happening, download one large response from ${who} by hand to see where it breaks`,
                  commands: [`curl -sS -o /dev/null -w '%{http_code} %{size_download} bytes %{time_total}s\\n' ${failingUrl ?? `"$(go env GOPROXY | cut -d, -f1)/"`}`],
                  caution: "In a container, compare with the host machine: a Docker network whose MTU is larger than the path allows cuts large TLS transfers.",
                },
              ]),
          ...(mirror
            ? [mirror]
            : [{ summary: "Or fetch from another source for this run: straight from the repositories", commands: ["GOPROXY=direct go mod download"], caution: "direct needs git and network access to every repository host." }]),
        ],
      }),
    );
  }
  const faults = obs.filter((o) => o.status !== undefined && o.status < 500 && serverFaultIn(o.details.join("\n")) !== undefined);
  if (faults.length > 0) {
    const fault = serverFaultIn(faults[0]!.details.join("\n"))!;
    out.push(
      makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} fails on its side ("${fault}")`,
        severity,
        confidence: 0.9,
        why:
          `${host} answered ${faults[0]!.status} and its response says "${fault}": that is the proxy's own machine, not this one and not the module. ` +
          "The module is not missing; the proxy could not serve it. Nothing needs fixing locally.",
        evidence: [...new Set(faults.flatMap((o) => [o.text, ...o.details.slice(0, 1)]))].slice(0, 4),
        modules: uniqueModules(faults),
        fixes: [
          { summary: `Tell ${host}'s operators and retry later`, commands: [`curl -sS ${faults[0]!.url}`] },
          ...(mirror
            ? [mirror]
            : [
                {
                  summary: "Meanwhile fetch through another source for this run",
                  commands: [hostname === "proxy.golang.org" ? "GOPROXY=direct go mod download" : "GOPROXY=https://proxy.golang.org,direct go mod download"],
                  caution: "A one-off setting for this command; go env stays as it is.",
                },
              ]),
        ],
      }),
    );
  }
  const originFailed = obs.filter((o) => originFailureOf(o) !== undefined);
  if (originFailed.length > 0) {
    const first = originFailed[0]!;
    const failure = originFailureOf(first)!;
    out.push(
      makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} could not fetch ${first.module} from its origin`,
        severity,
        confidence: 0.85,
        why:
          `${host} answered ${first.status} because its own fetch of the module failed ("${failure}"): the module exists, and the failure is the ` +
          "proxy's (or its path to the origin), not this machine's. It usually passes; until then, fetch from the origin directly.",
        evidence: originFailureEvidence(originFailed),
        modules: uniqueModules(originFailed),
        fixes: [
          { summary: "Retry later", commands: [`curl -sS ${first.url}`] },
          mirror ?? {
            summary: "Meanwhile fetch this module straight from its repository for this run",
            commands: [`GOPROXY=direct go mod download ${first.module}`],
            caution: "A one-off setting for this command; go env stays as it is. direct needs git and access to the repository host.",
          },
        ],
      }),
    );
  }
  const errors = obs.filter((o) => o.status !== undefined && o.status >= 500);
  // The entry a ',' list would not fall through to: named, so the user sees the way round.
  const next = fallsThrough ? undefined : nextEntry(e, errors[0]?.url ?? obs[0]!.url)?.raw;
  // Falling through to `off` is no way round.
  const nextAfter = next === "off" ? undefined : next;
  if (errors.length > 0) {
    // A 503 with Retry-After is a planned outage (maintenance): how long to wait is the proxy's own word.
    const retryAfter = proxyRetryAfter(e, endpointOf(errors[0]!.url) ?? host);
    const later = retryAfter ? `after the wait it asks for (Retry-After: ${retryAfter})` : "later";
    // A company's own proxy fails on its fetch upstream (its origin, the public mirror): its answer and log say why.
    const own = !isPublicProxyHost(hostOf(errors[0]!.url)) && errors[0]!.url.startsWith("http");
    // A proxy that serves the run's other requests fails on these files only: named, so the title says what it cannot serve.
    const files = filesOnly(e, errors);
    const passing = TRANSIENT_5XX.has(errors[0]!.status!) ? probeServedModule(e, errors) : undefined;
    out.push(
      makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} answers ${errors[0]!.status}${files ? ` for ${files}` : ""}`,
        severity,
        confidence: 0.85,
        why:
          `${host} answered with a server error (${[...new Set(errors.map((o) => o.status))].join(", ")})${retryAfter ? ` and asks to wait (Retry-After: ${retryAfter})` : ""}; ` +
          (fallsThrough
            ? reported
              ? "the '|' after it in GOPROXY lets the go command go on to the next entry."
              : "GOPROXY already separates it from the next entry with '|', so the go command goes on there after this error: it alone does not stop a download."
            : next === "off"
              ? "the next GOPROXY entry is off, so there is no other source to fall through to."
              : nextAfter
                ? `the go command does not fall through to the next GOPROXY entry (${nextAfter}) on it unless the separator is '|'.`
                : "it is the last GOPROXY entry, so there is no other source to fall through to.") +
          (own
            ? ` ${host} is not a public mirror but a proxy run by you or your company (Athens, Artifactory, Nexus): it answers ${errors[0]!.status} when its own fetch of the module ` +
              "(from the origin or a public mirror) fails, and its log says why."
            : "") +
          (passing
            ? fileKind(passing.url) === fileKind(errors[0]!.url)
              ? ` It answered gomod-doctor's request for ${passing.name} (${passing.status}) moments later: a ${errors[0]!.status} that comes and goes ` +
                "(an overloaded or partly failing backend behind a load balancer), so a retry usually passes."
              : // Another file of the module was served: the proxy is up, but that says nothing of the file that failed.
                ` It answered gomod-doctor's request for ${passing.name} (${passing.status}) moments later, so it is up and serves this module; ` +
                `the ${errors[0]!.status} for ${requestName(errors[0]!.url, proxyUrls(e))} either comes and goes (a retry passes) or that file alone fails there (a retry fails the same way).`
            : ""),
        evidence: [
          ...(retryAfter ? [...evidence.slice(0, 3), `probe: Retry-After: ${retryAfter}`] : evidence),
          ...serverSaid(e, errors),
          ...(passing ? [`probe: ${passing.url} answered ${passing.status}`] : []),
        ],
        modules,
        fixes: [
          nextAfter
            ? pipeListFix(e, `Retry ${later}, or ask the proxy's operators; meanwhile let the go command fall through to ${nextAfter} on errors with '|' (',' only falls through on 404/410)`)
            : next === "off"
              ? { summary: `Retry ${later}, or ask the proxy's operators; or add another source before off`, commands: ["go env GOPROXY"] }
              : fallsThrough
                ? { summary: `Retry ${later}, or ask the proxy's operators (GOPROXY already goes on to the next entry on its errors: '|')`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' ${errors[0]!.url}`, retryCommand(errors, proxyUrls(e))] }
                : { summary: `Retry ${later}, or ask the proxy's operators`, commands: [retryCommand(errors, proxyUrls(e))] },
          ...(own
            ? [
                {
                  summary: `Read ${host}'s answer, then its server log for this request: the error of its own fetch upstream is there`,
                  commands: [`curl -sS -i ${shellQuote(errors[0]!.url)}`],
                },
              ]
            : [{ summary: "See the proxy's answer to the failing request (its body often says why)", commands: [`curl -sS -D - ${failingUrl(errors)}`] }]),
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
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

/** What the proxy's 5xx answers said (go quotes the body as `server response:`): the proxy's own words on why. */
function serverSaid(e: Evidence, errors: Observation[]): string[] {
  const urls = new Set(errors.map((o) => o.url));
  const said = (e.trace?.errors ?? [])
    .filter((x) => [...urls].some((u) => x.message.includes(u)))
    .map((x) => serverResponse(x.details).split("\n").join(" ").slice(0, 300))
    .filter(Boolean);
  return [...new Set(said)].slice(0, 2);
}

/**
 * A public proxy this network blocks: the way out through the network's HTTP
 * proxy, or another public mirror (one the mirror probe reached, else one to measure).
 */
function publicProxyBlockedFixes(e: Evidence, hostname: string, mirror: Fix | undefined): Fix[] {
  const other = DEFAULT_MIRRORS.find((u) => hostOf(u) !== hostname)!;
  const measured = settingFix(e, `Or use a public mirror that answers from here (measure them first: the probe tries ${DEFAULT_MIRRORS.map((u) => hostOf(u)).join(", ")})`, "GOPROXY", `${other},direct`);
  return [
    {
      summary: "If this network reaches the internet through an HTTP proxy, send the go command through it",
      commands: ["env | grep -i '_proxy='", "export HTTPS_PROXY=http://<PROXY_HOST>:<PORT>"],
      caution: "Your network's administrators know the proxy's address; NO_PROXY keeps internal hosts off it.",
    },
    mirror ?? { ...measured, commands: ["gomod-doctor probe", ...measured.commands] },
  ];
}

/**
 * ` (nothing for Ns)`: the longest the go command (a stalled request) or a
 * probe (its failed step) waited on the host. A slow proxy and a dead one
 * both time out; the wait says which it may be.
 */
function waitedFor(e: Evidence, hostname: string, obs: Observation[]): string {
  const waits: number[] = [];
  // A toolchain download go printed no request for: its wait is the one on this proxy when the probe got no answer for a toolchain file here.
  const toolchainHere = obs.some((o) => o.source === "probe" && /\/golang\.org\/toolchain\/@v\//.test(o.endpoint?.http?.url ?? ""));
  const suspects = (e.trace?.stall?.suspects ?? []).filter(
    (s) => (s.kind === "http" && s.url && hostOf(s.url) === hostname) || (s.kind === "toolchain" && (s.url ? hostOf(s.url) === hostname : toolchainHere)),
  );
  // A saved log's end is no measure of the wait.
  if (suspects.some((s) => s.logEnd) && !obs.some((o) => o.source === "probe")) return "";
  for (const s of suspects) waits.push(s.idleMs);
  for (const o of obs) {
    const step = o.endpoint?.failedStep;
    const ms = step ? o.endpoint?.[step]?.ms : undefined;
    if (ms !== undefined) waits.push(ms);
  }
  const longest = Math.max(0, ...waits);
  return longest >= 1000 ? ` (nothing for ${Math.round(longest / 1000)}s)` : "";
}

/**
 * Whether the run itself failed or waited at this endpoint: a request answered
 * with an error, one left waiting, a go error naming it, or a silent stall
 * right after its last request here (go reading a body it never finishes).
 */
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

/** The exact URL that failed: go's own request, else the probe's. */
function failingUrl(obs: Observation[]): string {
  const traced = obs.find((o) => o.source === "trace" && o.url);
  const probe = obs.map((o) => (o.endpoint?.failedStep === "zip" ? o.endpoint.zip : o.endpoint?.http)?.url).find((u) => u !== undefined);
  return traced?.url ?? probe ?? obs[0]!.url;
}

/** The probe's module request got a 2xx that is no proxy's answer (src/probes/net/proxy-answer.ts): a broken answer, like garbage. */
function notProxyAnswer(o: Observation): boolean {
  const code = o.source === "probe" && o.endpoint?.failedStep === "http" ? o.endpoint.http?.code : undefined;
  return code === PROBE_CODES.notProxyAnswer || code === PROBE_CODES.answerTooLarge || code === PROBE_CODES.wrongVersion || code === PROBE_CODES.cutAnswer;
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
    // Stalled requests to a proxy that never got headers: blackholed, from the stall alone.
    const stalled = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "http" && s.url && roleOfUrl(s.url, undefined, modServerRoots(e)) === "proxy");
    for (const s of stalled) {
      const hostname = hostOf(s.url!);
      const host = hostname ? endpointName(hostname, s.url!) : s.url!;
      if (out.some((f) => f.title.includes(` ${host} `))) continue;
      out.push(
        makeFinding(PROXY_BLACKHOLED, {
          title: `The module proxy ${host} does not answer${s.logEnd ? "" : ` (nothing for ${Math.round(s.idleMs / 1000)}s)`}`,
          severity: failingSeverity(e),
          confidence: 0.75,
          why: `The request to ${host} got no response headers ${waited(e, s)}; the go command waits for ever.`,
          evidence: [`# get ${s.url}: no answer ${waited(e, s)}`],
          modules: s.module ? [s.module] : [],
          fixes: [
            probed(e, "goproxy").length > 0
              ? { summary: `Check whether a firewall drops traffic to ${host} or the proxy is hung`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${s.url}`] }
              : unprobedSilenceFix(host, s.url!),
            ...optional(mirrorFix(e, "Use a mirror that was reachable")),
          ],
        }),
      );
    }
    return out;
  },
};

/** What GOPROXY=direct asks of this machine. */
export const DIRECT_FETCH_CAUTION = "direct fetches each module from its own repository (git): it needs access to them, and credentials for private ones.";

/** The '|' list: tried once on the command line, then set where GOPROXY is set (export, or go env -w). */
/**
 * A hung entry holds go for ever, whatever its separator: the rest of the
 * user's own GOPROXY, for this run, is the way past it.
 */
export function skipEntryFix(e: Evidence, host: string, hostname: string): Fix[] {
  const rest = goproxyWithout(e, hostname);
  if (!rest) return [];
  return [
    {
      summary: `Meanwhile, download without ${host}: the rest of your GOPROXY, for this run only`,
      commands: [`GOPROXY=${shellQuote(rest)} go mod download`],
      ...(rest.startsWith("direct")
        ? { caution: DIRECT_FETCH_CAUTION }
        : {}),
    },
  ];
}

function pipeListFix(e: Evidence, summary: string): Fix {
  const persist = settingFix(e, summary, "GOPROXY", pipeList(e));
  return { ...persist, commands: [`GOPROXY=${shellQuote(pipeList(e))} go mod download`, ...persist.commands] };
}

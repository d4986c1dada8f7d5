// GMD103: a GOPROXY entry (or the host it redirects downloads to) never
// answers: its connections time out, its TLS handshake never completes, or it
// takes requests and sends no response headers, for all files or some. Where
// the silence is (connect, handshake, headers, the name lookup) decides the
// words and the fix. A proxy stuck on some modules only is proxy-hang.ts.
import { PROBE_CODES } from "../probes/net/errors.js";
import type { Finding, Fix } from "../report/schema.js";
import { decodeRequestUrl } from "../trace/url.js";
import { probed, statusAnswer } from "./facts.js";
import { failingSeverity, makeFinding, mirrorFix, optional } from "./fixes.js";
import { isPublicProxyHost } from "./hosts.js";
import { forOs, resolverConfigCommand, timedLookupCommand } from "./dns-commands.js";
import { connectTarget, hostOf, lookupOutlivedDial } from "./net-text.js";
import { STILL_WAITING, modServerRoots, roleOfUrl, waited, type Observation } from "./observe.js";
import { publicProxyBlockedFixes, skipEntryFix } from "./proxy-detour-fixes.js";
import { endpointName, filesOnly, redirectFix, redirectTarget, subject, type ProxyEndpoint } from "./proxy-endpoint.js";
import { percentDecode } from "../util/percent-decode.js";
import { proxyHangsOnModules } from "./proxy-hang.js";
import { requestName, retryCommand } from "./request-name.js";
import { entryFallsThrough, proxyFallsThrough, proxyUrls } from "./settings-view.js";
import type { CauseInfo, Evidence } from "./types.js";

export const PROXY_BLACKHOLED: CauseInfo = {
  code: "GMD103",
  name: "proxy-blackholed",
  title: "The module proxy never answers",
  explain:
    "Connections to the proxy time out, or it accepts them and never sends the response headers. The go command has no overall deadline, " +
    "so it waits for ever. A firewall that drops packets, a dead load balancer or a hung proxy look like this. " +
    "Told apart from a stalled zip body (headers arrived, bytes stopped) and from a slow download (bytes keep coming).",
};

/** GMD103 for the endpoint's timed-out requests (none when its name did not resolve or its connections were refused). */
export function silentFindings(p: ProxyEndpoint): Finding[] {
  const { e, obs, host, hostname, severity, evidence, modules, mirror, hung, silenceContradicted, dns, refused } = p;
  const out: Finding[] = [];
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
            : [...skipEntryFix(e, host, hostname, blackholed.find((o) => o.url)?.url), ...optional(mirror)]),
        ],
      }),
    );
  }
  return out;
}

/** Stalled requests to a proxy that never got headers, for proxies no other finding names: blackholed, from the stall alone. */
export function stalledProxyFindings(e: Evidence, named: Finding[]): Finding[] {
  const out: Finding[] = [];
  const stalled = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "http" && s.url && roleOfUrl(s.url, undefined, modServerRoots(e)) === "proxy");
  for (const s of stalled) {
    const hostname = hostOf(s.url!);
    const host = hostname ? endpointName(hostname, s.url!) : s.url!;
    if ([...named, ...out].some((f) => f.title.includes(` ${host} `))) continue;
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

/**
 * The files a proxy never answered, when that proxy answered this run's other
 * module requests (and the probe's, if it asked): not a silent proxy, one stuck on some files.
 */
function silentFiles(e: Evidence, obs: Observation[]): string | undefined {
  // URLs compared by what they ask for: go's trace writes `!` as `%21`, the probe does not.
  const hung = new Set(obs.filter((o) => o.source === "trace").map((o) => percentDecode(o.url)));
  const probeOnly = probeStuckOn(e, obs);
  if (probeOnly && !obs.some((o) => o.source === "trace")) return probeOnly.name;
  // The probe's own protocol request (not its read of the zip, not the very file go hung on) going unanswered too: the whole proxy is silent now.
  const probeSilent = (o: Observation) => o.source === "probe" && o.endpoint?.failedStep !== "zip" && !hung.has(percentDecode(o.endpoint?.http?.url ?? ""));
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

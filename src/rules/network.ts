// GMD1xx: the module proxy cannot be reached (name, connection, silence,
// server errors) and the network as a whole being offline.
import type { Finding } from "../report/schema.js";
import { networkVerdict, probed, resolvingNames } from "./facts.js";
import { GOENV_CAUTION, failingSeverity, makeFinding, mirrorFix, plural } from "./fixes.js";
import { isPublicProxyHost } from "./hosts.js";
import { hostOf } from "./net-text.js";
import { observe, roleOfUrl, uniqueHosts, uniqueModules, type Observation } from "./observe.js";
import { proxyFallsThrough } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

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
    "Unlike a blackholed proxy the refusal is immediate. Check the port in GOPROXY and whether the proxy service runs.",
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
    "errors (only on 404/410); with `|` it does. Retry later or ask the proxy's operators; a `|` separator lets the go command try the next entry.",
};

export const NETWORK_OFFLINE: CauseInfo = {
  code: "GMD109",
  name: "network-offline",
  title: "The machine is offline",
  explain:
    "Every name the `network` probe tried failed to resolve or connect, so no remote endpoint can be reached: the failures of the proxy, the " +
    "checksum database and version-control hosts are symptoms of this one cause. Connect the machine (or the container) to a network, " +
    "or work from the module cache with GOFLAGS=-mod=mod GOPROXY=off once it is filled.",
};

function optional<T>(x: T | undefined): T[] {
  return x === undefined ? [] : [x];
}

function hostFinding(e: Evidence, host: string, obs: Observation[]): Finding[] {
  const dns = obs.filter((o) => o.failure === "dns");
  const severity = proxyFallsThrough(e, host) ? "warning" : failingSeverity(e);
  const modules = uniqueModules(obs);
  const evidence = [...new Set(obs.map((o) => o.text))].slice(0, 4);
  const out: Finding[] = [];
  const mirror = mirrorFix(e, "Use a mirror that was reachable");
  // When offline this is a symptom: it is still reported, and diagnose folds it into GMD109.
  if (dns.length > 0) {
    const resolving = resolvingNames(e);
    if (resolving.length > 0) evidence.push(`other names resolve: ${resolving.slice(0, 3).join(", ")}`);
    out.push(
      makeFinding(PROXY_DNS, {
        title: `The module proxy ${host} does not resolve`,
        severity,
        confidence: resolving.length > 0 ? 0.95 : dns.some((o) => o.source === "probe") ? 0.85 : 0.8,
        why: `The name ${host} (from GOPROXY) cannot be looked up, so no module can be fetched through it.`,
        evidence,
        modules,
        fixes: [
          { summary: `Check the spelling of ${host} in GOPROXY and whether it needs the VPN or a corporate DNS`, commands: ["go env GOPROXY", `getent hosts ${host}`] },
          ...(mirror ? [mirror] : []),
          ...(!isPublicProxyHost(host) && !mirror
            ? [{ summary: "If your organisation allows the public proxy, use it", commands: ["go env -w GOPROXY=https://proxy.golang.org,direct"], caution: GOENV_CAUTION }]
            : []),
        ],
      }),
    );
  }
  const refused = obs.filter((o) => o.failure === "refused" && !o.viaHttpProxy);
  if (refused.length > 0 && dns.length === 0) {
    out.push(
      makeFinding(PROXY_REFUSED, {
        title: `The module proxy ${host} refuses connections`,
        severity,
        confidence: 0.9,
        why: `Connections to ${host} are refused at once: nothing listens on that address and port, or a firewall rejects them.`,
        evidence,
        modules,
        fixes: [
          { summary: `Check the port in GOPROXY and that the proxy service on ${host} is running`, commands: ["go env GOPROXY", `curl -sS -o /dev/null -w '%{http_code}\\n' ${refused[0]!.url.replace(/\/+$/, "")}/`] },
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  const blackholed = obs.filter((o) => o.failure === "timeout" && !o.viaHttpProxy);
  if (blackholed.length > 0 && dns.length === 0 && refused.length === 0) {
    out.push(
      makeFinding(PROXY_BLACKHOLED, {
        title: `The module proxy ${host} never answers`,
        severity,
        confidence: blackholed.some((o) => o.source === "probe") ? 0.9 : 0.8,
        why: `Requests to ${host} get no response: the connection or the first byte of the answer never comes, and the go command waits without a deadline.`,
        evidence,
        modules,
        fixes: [
          { summary: `Check whether a firewall drops traffic to ${host} or the proxy is hung`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${blackholed[0]!.url}`] },
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  const errors = obs.filter((o) => o.status !== undefined && o.status >= 500);
  if (errors.length > 0) {
    out.push(
      makeFinding(PROXY_5XX, {
        title: `The module proxy ${host} answers ${errors[0]!.status}`,
        severity,
        confidence: 0.85,
        why: `${host} answered with a server error (${[...new Set(errors.map((o) => o.status))].join(", ")}); the go command does not fall through to the next GOPROXY entry on it unless the separator is '|'.`,
        evidence,
        modules,
        fixes: [
          { summary: "Retry later, or ask the proxy's operators; meanwhile let the go command fall through on errors with '|'", commands: ["go env GOPROXY"] },
          ...(mirror ? [mirror] : []),
        ],
      }),
    );
  }
  return out;
}

function offline(e: Evidence, obs: Observation[]): Finding[] {
  const verdict = networkVerdict(e);
  const netFails = obs.filter((o) => o.failure === "dns" || o.failure === "unreachable");
  if (verdict === "offline") {
    const names = probed(e, "network")[0]?.facts.names ?? [];
    return [
      makeFinding(NETWORK_OFFLINE, {
        severity: e.outcome === "ok" ? "warning" : "blocker",
        confidence: 0.95,
        why: `None of ${plural(names.length, "well-known name")} could be reached, so every remote endpoint fails the same way.`,
        evidence: [...names.map((n) => `${n.host}: ${n.code ?? "failed"}`), ...netFails.map((o) => o.text)].slice(0, 6),
        modules: uniqueModules(netFails),
        fixes: [{ summary: "Connect the machine (or container) to a network, check its DNS settings", commands: ["cat /etc/resolv.conf", "getent hosts proxy.golang.org"] }],
      }),
    ];
  }
  // From the trace alone: several distinct hosts fail by name or route, and no remote host answered at all.
  if (verdict === "unknown") {
    const hosts = uniqueHosts(netFails);
    const answered = obs.some((o) => o.status !== undefined) || (e.trace?.requests ?? []).some((r) => r.status !== undefined && !/^https?:\/\/(127\.|\[::1\]|localhost)/.test(r.url));
    if (hosts.length >= 2 && !answered) {
      return [
        makeFinding(NETWORK_OFFLINE, {
          title: "The machine looks offline",
          severity: failingSeverity(e),
          confidence: 0.6,
          why: `Every host the go command tried (${hosts.join(", ")}) failed before answering; nothing remote was reached.`,
          evidence: [...new Set(netFails.map((o) => o.text))].slice(0, 5),
          modules: uniqueModules(netFails),
          fixes: [{ summary: "Check the network connection and DNS", commands: ["cat /etc/resolv.conf", "getent hosts proxy.golang.org"] }],
        }),
      ];
    }
  }
  return [];
}

export const networkFamily: RuleFamily = {
  family: "network",
  causes: [PROXY_DNS, PROXY_REFUSED, PROXY_BLACKHOLED, PROXY_5XX, NETWORK_OFFLINE],
  evaluate(e) {
    const obs = observe(e);
    const out = offline(e, obs);
    // `proxyconnect` failures are the HTTP proxy's (http-proxy.ts), not the module proxy's.
    const proxyObs = obs.filter((o) => o.role === "proxy" && o.viaHttpProxy !== true && (o.failure || (o.status ?? 0) >= 500));
    for (const host of uniqueHosts(proxyObs)) out.push(...hostFinding(e, host, proxyObs.filter((o) => o.host === host)));
    // Stalled requests to a proxy that never got headers: blackholed, from the stall alone.
    const stalled = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "http" && s.url && roleOfUrl(s.url) === "proxy");
    for (const s of stalled) {
      const host = hostOf(s.url!) ?? s.url!;
      if (out.some((f) => f.title.includes(` ${host} `))) continue;
      out.push(
        makeFinding(PROXY_BLACKHOLED, {
          title: `The module proxy ${host} never answers`,
          severity: failingSeverity(e),
          confidence: 0.75,
          why: `The request to ${host} has had no response headers for ${Math.round(s.idleMs / 1000)}s; the go command waits for ever.`,
          evidence: [`# get ${s.url} (no answer for ${Math.round(s.idleMs / 1000)}s)`],
          modules: s.module ? [s.module] : [],
          fixes: [
            { summary: `Check whether a firewall drops traffic to ${host} or the proxy is hung`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${s.url}`] },
            ...optional(mirrorFix(e, "Use a mirror that was reachable")),
          ],
        }),
      );
    }
    return out;
  },
};

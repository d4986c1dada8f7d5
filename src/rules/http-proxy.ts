// GMD107/GMD108: the HTTP(S)_PROXY the go command goes through: dead, asking
// for credentials, or used for a private host NO_PROXY should exempt.
import type { HttpProxyFacts } from "../probes/types.js";
import type { Finding, Fix } from "../report/schema.js";
import { PROBE_CODES } from "../probes/net/errors.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import { hostLooksPrivate, isPublicProxyHost, isPublicSumdbHost } from "./hosts.js";
import { hostOf } from "./net-text.js";
import { noProxyMatches, proxyForUrl } from "../context/httpproxy.js";
import { redactUrl } from "../util/redact.js";
import { observe, uniqueModules, type Observation } from "./observe.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const HTTP_PROXY_DEAD: CauseInfo = {
  code: "GMD107",
  name: "http-proxy-dead",
  title: "The HTTP(S)_PROXY the go command uses does not work",
  explain:
    "HTTPS_PROXY / HTTP_PROXY (or ALL_PROXY) is set, so the go command sends its requests through that proxy, and the proxy itself fails: " +
    "its name does not resolve, it refuses or drops connections, or it rejects CONNECT (407 asks for proxy credentials). Errors then read " +
    "`proxyconnect tcp: ...`. Every proxied endpoint fails the same way, which is how this is told apart from a dead module proxy. " +
    "Fix the proxy address, give it credentials, or unset the variable when no proxy is needed.",
};

export const NO_PROXY_MISSING: CauseInfo = {
  code: "GMD108",
  name: "no-proxy-missing",
  title: "A private host goes through the HTTP proxy (missing from NO_PROXY)",
  explain:
    "The HTTP proxy works for public hosts but a private host (an internal module proxy or git server) is sent through it too, and the " +
    "proxy cannot reach it (it answers 403/502/503 to CONNECT or fails). Internal hosts belong in NO_PROXY so the go command and git " +
    "connect to them directly.",
};

function connectFailed(f: HttpProxyFacts): boolean {
  return !!f.connect && (!f.connect.ok || (f.connect.status !== undefined && f.connect.status !== 200));
}

function proxyItselfDead(f: HttpProxyFacts): string | undefined {
  if (f.dns && !f.dns.ok) return `the proxy's name does not resolve (${f.dns.code ?? "failed"})`;
  if (f.tcp && !f.tcp.ok) return `connecting to the proxy failed (${f.tcp.code ?? "failed"})`;
  if (f.connect?.status === 407) {
    // The URL is redacted (`http://***@host`): credentials were given, and refused.
    return /\/\/[^/]*@/.test(f.url) ? "the proxy refuses the credentials in the URL (407 Proxy Authentication Required)" : "the proxy asks for credentials (407 Proxy Authentication Required)";
  }
  // A tunnel that opens and carries nothing: go's TLS handshake through it times out (`net/http: TLS handshake timeout`).
  if (f.connect?.code === PROBE_CODES.tunnelSilent) return `the proxy answers CONNECT ${f.connect.target ?? ""} but nothing passes through the tunnel`.replace("  ", " ");
  // A 2xx, then the connection ends: go's TLS handshake reads `EOF`, which looks like the module server closing on it.
  if (tunnelClosed(f)) return `the proxy answers CONNECT ${f.connect?.target ?? ""} with ${f.connect?.status} and then closes the tunnel`.replace("  ", " ");
  // A 2xx with a body (a login or block page): go drops the bytes after the head and waits for a TLS answer that never comes.
  if (tunnelWebPage(f)) return `the proxy answers CONNECT ${f.connect?.target ?? ""} with a web page (a captive portal, a login or block page), not a tunnel`.replace("  ", " ");
  // Accepts the connection, then never answers the CONNECT: the proxy hangs (one that cannot reach a host says so).
  if (f.connect && !f.connect.ok && f.connect.code === "TIMEOUT") return "the proxy accepts connections but never answers CONNECT";
  const target = targetHost(f.connect?.target);
  // CONNECT refused for a public host: the proxy is broken; for an internal one, NO_PROXY is missing it (GMD108).
  if (connectFailed(f) && (!target || isPublicProxyHost(target) || isPublicSumdbHost(target) || !looksInternal(target))) {
    return `CONNECT through the proxy failed (${f.connect?.status ?? f.connect?.code ?? "failed"})`;
  }
  return undefined;
}

function tunnelClosed(f: HttpProxyFacts): boolean {
  const c = f.connect;
  return !!c && c.code === PROBE_CODES.socketClosed && c.status !== undefined && c.status >= 200 && c.status < 300;
}

function tunnelWebPage(f: HttpProxyFacts): boolean {
  return f.connect?.code === PROBE_CODES.badResponse && /not a tunnel$/.test(f.connect.message ?? "");
}

/** The CONNECT target of a tunnel that opened (2xx) and then failed: silent, closed, or a web page. */
function brokenTunnelTarget(f: HttpProxyFacts): string | undefined {
  return f.connect?.code === PROBE_CODES.tunnelSilent || tunnelClosed(f) || tunnelWebPage(f) ? f.connect?.target : undefined;
}

/** Internal hosts: private names, or anything but the public module endpoints and code hosts. */
function looksInternal(host: string): boolean {
  return hostLooksPrivate(host) || !/(^|\.)(golang\.org|github\.com|gitlab\.com|bitbucket\.org|googlesource\.com|gopkg\.in)$/.test(host);
}

function targetHost(target: string | undefined): string | undefined {
  if (!target) return undefined;
  return hostOf(target.includes("://") ? target : `https://${target}`);
}

function fromProbes(e: Evidence): Finding[] {
  const out: Finding[] = [];
  const all = probed(e, "http-proxy");
  const probedVariables = new Set(all.map((p) => p.facts.variable));
  for (const { result, facts } of all) {
    const proxied = facts.routes.filter((r) => r.proxied).map((r) => r.endpoint);
    // HTTP_PROXY and HTTPS_PROXY naming one proxy: go sends https URLs through HTTPS_PROXY, so that variable's finding tells it.
    const usedVia = e.ctx ? proxied.map((ep) => proxyForUrl(ep, e.ctx!.process)?.variable) : [];
    if (usedVia.length > 0 && usedVia.every((v) => v !== undefined && v !== facts.variable && probedVariables.has(v))) continue;
    const dead = proxyItselfDead(facts);
    if (dead) {
      const needsAuth = facts.connect?.status === 407;
      const silentTunnel = brokenTunnelTarget(facts);
      out.push(
        makeFinding(HTTP_PROXY_DEAD, {
          title: `${facts.variable}=${facts.url} does not work: ${dead}`,
          severity: proxied.length > 0 ? failingSeverity(e) : "info",
          confidence: proxied.length > 0 ? 0.9 : 0.5,
          why: `The go command sends ${proxied.length > 0 ? proxied.join(", ") : "its requests"} through ${facts.url}, and ${dead}.`,
          evidence: [`probe ${result.id}: ${dead}`, ...(silentTunnel && facts.connect?.message ? [`probe ${result.id}: ${facts.connect.message}`] : []), ...(proxied.length > 0 ? [`proxied: ${proxied.slice(0, 4).join(", ")}`] : [])],
          fixes: silentTunnel
            ? [
                {
                  summary: tunnelWebPage(facts)
                    ? `See the proxy's answer to CONNECT (-v prints it): a login or acceptance page wants a browser sign-in first; or bypass the proxy for ${silentTunnel.replace(/:443$/, "")} if that host is reachable directly`
                    : `Try the same request through the proxy; a proxy that opens tunnels and ${tunnelClosed(facts) ? "closes them at once" : "relays nothing"} is filtering or broken: ask its operators, or bypass it for ${silentTunnel.replace(/:443$/, "")} if that host is reachable directly`,
                  commands: [
                    tunnelWebPage(facts)
                      ? `curl -sS -v -m 15 -o /dev/null --proxy "$${facts.variable}" https://${silentTunnel.replace(/:443$/, "")}/`
                      : `curl -sS -m 15 -o /dev/null -w '%{http_code}\\n' --proxy "$${facts.variable}" https://${silentTunnel.replace(/:443$/, "")}/`, `export NO_PROXY=${facts.noProxy ? `${facts.noProxy},` : ""}${silentTunnel.replace(/:\d+$/, "")}`],
                },
              ]
            : needsAuth
            ? [credentialsFix(facts.variable, facts.url)]
            : [
                { summary: `Fix the proxy address in ${facts.variable}, or unset it when this network needs no proxy`, commands: [`echo "$${facts.variable}"`, `unset ${facts.variable} ${facts.variable.toLowerCase()}`] },
              ],
        }),
      );
      continue;
    }
    const target = targetHost(facts.connect?.target);
    const spellings = facts.noProxySpellings;
    if (!dead && connectFailed(facts) && target && !isPublicProxyHost(target) && !isPublicSumdbHost(target)) {
      const current = facts.noProxy;
      const shadow = spellings ? shadowedBy(spellings, target) : undefined;
      out.push(
        makeFinding(NO_PROXY_MISSING, {
          title: shadow ? `${target} is sent through ${facts.url}: it is listed in ${shadow.unused}, but the go command reads ${shadow.used}` : `${target} is sent through ${facts.url}; add it to NO_PROXY`,
          severity: failingSeverity(e),
          confidence: 0.8,
          why: shadow
            ? `${shadow.why} ${target} is missing there, and the proxy cannot reach it.`
            : `${target} looks internal, yet ${spellings ? `${spellings.used} (the spelling go reads)` : "NO_PROXY"} (${current || "empty"}) does not exempt it, and the proxy cannot reach it.`,
          evidence: [
            `probe ${result.id}: CONNECT ${target} through the proxy: ${facts.connect?.status ?? facts.connect?.code ?? "failed"}`,
            ...(spellings ? [`NO_PROXY=${spellings.NO_PROXY}`, `no_proxy=${spellings.no_proxy}`] : [`NO_PROXY=${current}`]),
          ],
          fixes: [{ summary: `Connect to ${target} directly${spellings ? ": one list under both spellings" : ""}`, commands: [`export NO_PROXY=${current ? `${current},` : ""}${target}`, `export no_proxy="$NO_PROXY"`] }],
        }),
      );
    } else if (!dead && spellings) {
      // The proxy works, but hosts listed only in the shadowed spelling go through it all the same.
      const shadowed = facts.routes.filter((r) => r.proxied).map((r) => hostOf(r.endpoint)).filter((h): h is string => !!h && shadowedBy(spellings, h) !== undefined);
      if (shadowed.length > 0) {
        const shadow = shadowedBy(spellings, shadowed[0]!)!;
        out.push(
          makeFinding(NO_PROXY_MISSING, {
            title: `${shadowed.join(", ")} ${shadowed.length === 1 ? "is" : "are"} listed in ${shadow.unused} only: the go command reads ${shadow.used}, so ${shadowed.length === 1 ? "it goes" : "they go"} through ${facts.url}`,
            severity: "warning",
            confidence: 0.7,
            why: `${shadow.why} Requests to ${shadowed.join(", ")} go through the proxy although ${shadow.unused} exempts them (git and curl, in direct mode, may read the other spelling and behave differently).`,
            evidence: [`NO_PROXY=${spellings.NO_PROXY}`, `no_proxy=${spellings.no_proxy}`, `proxied: ${shadowed.slice(0, 4).join(", ")}`],
            fixes: [{ summary: "Keep one list under both spellings", commands: [`export NO_PROXY=${[...new Set(`${spellings.NO_PROXY},${spellings.no_proxy}`.split(",").map((x) => x.trim()).filter(Boolean))].join(",")}`, `export no_proxy="$NO_PROXY"`] }],
          }),
        );
      }
    }
  }
  return out;
}

/** Whether `host` is exempt only in the spelling the go command does not read: both spellings and go's rule, in words. */
function shadowedBy(sp: NonNullable<HttpProxyFacts["noProxySpellings"]>, host: string): { used: string; unused: string; why: string } | undefined {
  const unused = sp.used === "NO_PROXY" ? "no_proxy" : "NO_PROXY";
  if (!noProxyMatches(sp[unused], host, "443") || noProxyMatches(sp[sp.used], host, "443")) return undefined;
  return {
    used: sp.used,
    unused,
    why:
      `NO_PROXY and no_proxy are both set, to different lists; the go command (golang.org/x/net/http/httpproxy) reads NO_PROXY and falls back to no_proxy ` +
      `only when NO_PROXY is empty, so it uses ${sp.used}=${sp[sp.used] || "(empty)"} and ignores ${unused}=${sp[unused]}.`,
  };
}

/** Credentials for the proxy in `variable` (its redacted URL shows `***@` when some were given and refused). */
function credentialsFix(variable: string, shownUrl: string | undefined): Fix {
  const given = shownUrl !== undefined && /\/\/[^/]*@/.test(shownUrl);
  return {
    summary: given ? "The proxy refused the user and password in the proxy URL: set the right ones" : "Give the proxy credentials in the proxy URL",
    commands: [`export ${variable}=http://<USER>:<PASSWORD>@${shownUrl ? hostPort(shownUrl) : "<PROXY_HOST>:<PORT>"}`],
    caution: "Prefer a token over a password; the value shows up in the process environment.",
  };
}

function hostPort(proxyUrl: string): string {
  try {
    const u = new URL(proxyUrl);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}`;
  } catch {
    return "<PROXY_HOST>:<PORT>";
  }
}

/** The proxy's address in `proxyconnect tcp: dial tcp ADDR: ...`. */
const PROXY_ADDRESS = /proxyconnect tcp: dial tcp (\S+?):? /;

/**
 * 407 to a plain-http request: the HTTP proxy answered in the module
 * server's place (no CONNECT for http URLs, so no `proxyconnect` error), and
 * wants credentials. Only a proxy sends 407.
 */
function authFromTrace(e: Evidence): Finding[] {
  const obs = observe(e).filter((o) => o.source === "trace" && o.status === 407);
  if (obs.length === 0) return [];
  const via = e.ctx ? proxyForUrl(obs[0]!.url, e.ctx.process) : undefined;
  const variable = via?.variable ?? (obs[0]!.url.startsWith("https:") ? "HTTPS_PROXY" : "HTTP_PROXY");
  const shown = via ? redactUrl(via.proxy) : undefined;
  const given = shown !== undefined && /\/\/[^/]*@/.test(shown);
  return [
    makeFinding(HTTP_PROXY_DEAD, {
      title: `${variable}${shown ? `=${shown}` : ""} asks for credentials (407 Proxy Authentication Required)`,
      severity: failingSeverity(e),
      confidence: 0.9,
      why: `The go command sends ${obs[0]!.url.split("/").slice(0, 3).join("/")} through the HTTP proxy in ${variable}, and the proxy answers 407 in the server's place: it wants ${given ? "other " : ""}credentials.`,
      evidence: [...new Set(obs.map((o) => o.text))].slice(0, 3),
      modules: uniqueModules(obs),
      fixes: [credentialsFix(variable, shown)],
    }),
  ];
}

/** `proxyconnect tcp: ...` in the trace: the proxy is dead, even without probes. */
function fromTrace(e: Evidence): Finding[] {
  const obs = observe(e).filter((o) => o.source === "trace" && o.viaHttpProxy === true);
  if (obs.length === 0) return [];
  const variable = e.ctx?.process.HTTPS_PROXY ? "HTTPS_PROXY" : e.ctx?.process.HTTP_PROXY ? "HTTP_PROXY" : "HTTPS_PROXY";
  const address = PROXY_ADDRESS.exec(obs[0]!.text)?.[1];
  const loopback = address !== undefined && /^(?:127\.|localhost:|\[::1\]:)/.test(address);
  if (obs.some((o) => PLAIN_PROXY.test(o.text))) return [plainHttpProxy(e, obs, variable)];
  return [
    makeFinding(HTTP_PROXY_DEAD, {
      title: `The HTTP proxy ${address ?? "the go command goes through"} fails (${obs[0]!.failure ?? "error"})`,
      severity: failingSeverity(e),
      confidence: 0.85,
      why: "The go command's requests fail on the way to the HTTP proxy (`proxyconnect tcp`), before reaching any module server.",
      evidence: [...new Set(obs.map((o) => o.text))].slice(0, 4),
      modules: uniqueModules(obs),
      fixes: [
        {
          summary: `Fix the proxy address in ${variable}, or unset it when this network needs no proxy`,
          commands: [`echo "$${variable}"`, `unset HTTPS_PROXY HTTP_PROXY https_proxy http_proxy`],
          ...(loopback
            ? {
                caution:
                  `The proxy is on ${address}: inside a container or a docker build that is the container itself, not the machine that runs it. ` +
                  "Give the build the host's address for the proxy (host.docker.internal, or the bridge gateway such as 172.17.0.1), or build with --network=host.",
              }
            : {}),
        },
      ],
    }),
  ];
}

/**
 * The proxy URL says https://, so go opens TLS to the proxy itself, and the proxy answers in plain HTTP
 * (crypto/tls: `first record does not look like a TLS handshake`; git through it: `ssl3_get_record:wrong version number`).
 */
const PLAIN_PROXY = /proxyconnect tcp: tls: first record does not look like a TLS handshake/;

function plainHttpProxy(e: Evidence, obs: Observation[], variable: string): Finding {
  return makeFinding(HTTP_PROXY_DEAD, {
    title: `${variable} names the HTTP proxy with https://, but it speaks plain HTTP`,
    severity: failingSeverity(e),
    confidence: 0.9,
    why:
      `The proxy URL in ${variable} starts with https://, so the go command opens a TLS connection to the proxy itself before asking it to CONNECT; ` +
      "the proxy answers in plain HTTP (`tls: first record does not look like a TLS handshake`). Most proxies take CONNECT over plain HTTP, " +
      "HTTPS URLs included: the proxy URL should start with http://.",
    evidence: [...new Set(obs.map((o) => o.text))].slice(0, 4),
    modules: uniqueModules(obs),
    fixes: [
      {
        summary: `Name the proxy with http:// in ${variable} (and https_proxy, which git reads)`,
        commands: [`echo "$${variable}"`, `export ${variable}="http://\${${variable}#https://}"`, `export ${variable.toLowerCase()}="$${variable}"`],
        caution: "git in direct mode fails on the same URL with `ssl3_get_record:wrong version number`; git's own http.proxy setting (git config --get http.proxy) may say https:// too.",
      },
    ],
  });
}

export const httpProxyFamily: RuleFamily = {
  family: "http-proxy",
  causes: [HTTP_PROXY_DEAD, NO_PROXY_MISSING],
  evaluate(e) {
    const probes = fromProbes(e);
    if (probes.some((f) => f.code === HTTP_PROXY_DEAD.code)) return probes;
    const auth = authFromTrace(e);
    return [...probes, ...(auth.length > 0 ? auth : fromTrace(e))];
  },
};

// GMD101: a GOPROXY entry's host name (or the host it redirects downloads to)
// does not resolve, or the DNS server asked does not answer. The whole
// network being offline is network-offline.ts (GMD109), which folds this in.
import type { Finding } from "../report/schema.js";
import { resolvingNames } from "./facts.js";
import { makeFinding, optional, settingFix } from "./fixes.js";
import { isPublicProxyHost } from "./hosts.js";
import { loopbackResolverRefusing, silentResolver } from "./net-text.js";
import { forOs, lookupCommand, loopbackResolverFix, resolverSource, silentResolverFix, silentResolverOrigin } from "./dns-commands.js";
import { redirectFix, redirectTarget, subject, type ProxyEndpoint } from "./proxy-endpoint.js";
import type { CauseInfo } from "./types.js";

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

/** GMD101 for the endpoint's failed lookups. */
export function dnsFindings(p: ProxyEndpoint): Finding[] {
  const { e, host, hostname, severity, evidence, modules, pipeFix, mirror, dns } = p;
  const out: Finding[] = [];
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
  return out;
}

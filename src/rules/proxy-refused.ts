// GMD102: connections to a GOPROXY entry (or the host it redirects downloads
// to) are refused at once: nothing listens there, or a firewall rejects them;
// for a public proxy, a block on the way.
import type { Finding } from "../report/schema.js";
import { makeFinding, optional } from "./fixes.js";
import { isPublicProxyHost } from "./hosts.js";
import { publicProxyBlockedFixes } from "./proxy-detour-fixes.js";
import { proxyBaseOf, redirectFix, redirectTarget, subject, type ProxyEndpoint } from "./proxy-endpoint.js";
import type { CauseInfo } from "./types.js";

export const PROXY_REFUSED: CauseInfo = {
  code: "GMD102",
  name: "proxy-refused",
  title: "The module proxy refuses connections",
  explain:
    "The proxy's address answered the TCP connection with a reset (`connect: connection refused`): nothing listens on that port, or a firewall rejects it. " +
    "Unlike a blackholed proxy the refusal is immediate. Check the port in GOPROXY and whether the proxy service runs. A public proxy " +
    "(proxy.golang.org) listens for everyone: its refusal is a firewall or a network block, passed through the network's HTTP proxy or a reachable mirror.",
};

/** GMD102 for the endpoint's refused connections (none when its name did not resolve). */
export function refusedFindings(p: ProxyEndpoint): Finding[] {
  const { e, host, hostname, severity, evidence, modules, pipeFix, mirror, dns, refused } = p;
  const out: Finding[] = [];
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
  return out;
}

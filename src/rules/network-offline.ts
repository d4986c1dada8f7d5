// GMD109: the whole machine (or container) offline: every reference name the
// `network` probe tried failed, or (from a trace alone) every host go tried
// failed before answering. The proxy's and other hosts' failures are then its
// symptoms (diagnose.ts folds them in).
import type { Finding } from "../report/schema.js";
import { networkVerdict, probed } from "./facts.js";
import { failingSeverity, makeFinding, plural, settingFix } from "./fixes.js";
import { localLines } from "./hosts.js";
import { fileReads } from "../trace/file-reads.js";
import { loopbackResolverRefusing } from "./net-text.js";
import { uniqueHosts, uniqueModules, type Observation } from "./observe.js";
import type { CauseInfo, Evidence } from "./types.js";
import { flushCommand, forOs, localResolverName, localResolverNames, lookupCommand, loopbackResolverWhy, resolverConfigCommand, loopbackResolverFix } from "./dns-commands.js";

export const NETWORK_OFFLINE: CauseInfo = {
  code: "GMD109",
  name: "network-offline",
  title: "The machine is offline",
  explain:
    "Every name the `network` probe tried failed to resolve or connect, so no remote endpoint can be reached: the failures of the proxy, the " +
    "checksum database and version-control hosts are symptoms of this one cause. Connect the machine (or the container) to a network, " +
    "or work from the module cache with GOFLAGS=-mod=mod GOPROXY=off once it is filled. A lookup refused by a resolver on this machine " +
    "(`lookup H on [::1]:53: ... connection refused`) says the same from a log alone: no DNS server is configured (go then asks localhost) " +
    `or the local resolver service is not running (${localResolverNames()}). The report's fixes give the commands for the OS the go command ran on.`,
};

/**
 * go's own lines (not a proxy's `server response:`) that only a server that
 * answered produces (HTTP statuses are read from the observations): git got an HTTP 401 and asked for credentials, read the
 * refs, or got a page without go-import tags.
 */
const SERVER_SPOKE = /terminal prompts disabled|could not read (?:Username|Password)|no go-import meta tags|Repository not found|The requested URL returned error: \d{3}|HTTP code = \d{3}/;

/** A missing tag: the refs were read, unless the trace's own lookups fail too (go1.12 said `unknown revision` for an unreachable repository). */
const UNKNOWN_REVISION = /\bunknown revision\b/;

const LOOPBACK_URL = /^https?:\/\/(127\.|\[::1\]|localhost\b)/;

/**
 * A host other than this machine answered the go command: the network works
 * for the hosts it uses (split DNS, an air-gapped network with its own git
 * server), whatever the well-known public names do.
 */
function remoteAnswered(e: Evidence, obs: Observation[]): boolean {
  if (obs.some((o) => o.source === "trace" && o.status !== undefined && !LOOPBACK_URL.test(o.url))) return true;
  if ((e.trace?.requests ?? []).some((r) => r.status !== undefined && !LOOPBACK_URL.test(r.url))) return true;
  const ownNetFailure = obs.some((o) => o.source === "trace" && (o.failure === "dns" || o.failure === "unreachable"));
  return (e.trace?.errors ?? []).some((x) => {
    const text = localLines(x.message, x.details).join("\n");
    return SERVER_SPOKE.test(text) || (!ownNetFailure && UNKNOWN_REVISION.test(text));
  });
}

/** Code hosts whose names resolve from any machine with working DNS. */
const WELL_KNOWN_VCS_HOSTS = new Set(["github.com", "gitlab.com", "bitbucket.org", "go.googlesource.com", "golang.org", "gopkg.in"]);

/**
 * A lookup refused by a resolver on this machine: no DNS server is configured
 * (go then asks localhost) or the local one is not running. No name resolves,
 * not only the one go asked for.
 */
function noResolver(e: Evidence, refused: Observation[]): Finding {
  const resolver = loopbackResolverRefusing(refused[0]!.text)!;
  const hosts = uniqueHosts(refused);
  return makeFinding(NETWORK_OFFLINE, {
    title: `No DNS server answers on this machine: lookups go to ${resolver}, which refuses them`,
    severity: failingSeverity(e),
    confidence: 0.85,
    why:
      `The go command asked ${resolver}, a resolver on this machine, for ${hosts.join(", ")}, and nothing answers there. ` +
      `${loopbackResolverWhy(e.os)}: so either no DNS server is configured (no network ` +
      `connection) or the local resolver (${localResolverName(e.os)}) is not running. No name resolves, not only these.`,
    evidence: [...new Set(refused.map((o) => o.text))].slice(0, 4),
    modules: uniqueModules(refused),
    fixes: [loopbackResolverFix(resolver, e.os)],
  });
}

/** getaddrinfo's "no such name" (the resolver's NXDOMAIN, or no source that knows the name): go prints `no such host`. */
const NO_SUCH_NAME = "ENOTFOUND";

/**
 * Every name the network probe asked was answered "does not exist": lookups get
 * answers, so this is no machine without a network, but a DNS that knows no
 * public names (an air-gapped or closed corporate network, a DNS filter).
 * Connecting the machine is not the fix; a proxy the network can reach, or a
 * resolver that forwards public names, is.
 */
function noPublicNames(e: Evidence, hosts: string[], netFails: Observation[]): Finding {
  return makeFinding(NETWORK_OFFLINE, {
    title: `No public name resolves here: DNS answers that ${hosts.slice(0, 3).join(", ")} do not exist`,
    severity: e.outcome === "ok" ? "warning" : "blocker",
    confidence: 0.9,
    why:
      `Every name gomod-doctor looked up (${hosts.join(", ")}) came back "no such name" (ENOTFOUND; go says \`no such host\`), not a timeout: ` +
      "the lookups get answers, so the machine reaches a DNS server, but that server knows none of the public names. This network's DNS serves " +
      "only its own names (an air-gapped or closed corporate network), or a DNS filter blocks these. Every remote endpoint fails the same way.",
    evidence: [...hosts.map((h) => `${h}: ENOTFOUND (no such name)`), ...netFails.map((o) => o.text)].slice(0, 6),
    modules: uniqueModules(netFails),
    fixes: [
      forOs({ summary: "See which DNS servers the machine uses and what they answer for a public name", commands: dnsCheck(e) }, e.os),
      settingFix(
        e,
        "On a network without outside names, download through the module proxy that network provides (Athens, Artifactory, Nexus: ask its administrators for the URL)",
        "GOPROXY",
        "<PROXY_URL>",
      ),
    ],
  });
}

/** The DNS servers the machine is given and a lookup of a name every connected machine resolves (and, where the OS caches answers, the flush). */
function dnsCheck(e: Evidence): string[] {
  const flush = flushCommand(e.os);
  return [resolverConfigCommand(e.os), lookupCommand("proxy.golang.org", e.os), ...(flush ? [flush] : [])];
}

/** Every error of the run is a file:// GOPROXY read and nothing went to the network: being offline did not fail it. */
function failedLocally(e: Evidence, obs: Observation[]): boolean {
  const errors = e.trace?.errors ?? [];
  return errors.length > 0 && errors.every((x) => fileReads([x.message, ...x.details].join("\n")).length > 0) && !obs.some((o) => o.source === "trace");
}

export function offline(e: Evidence, obs: Observation[]): Finding[] {
  const verdict = networkVerdict(e);
  const netFails = obs.filter((o) => o.failure === "dns" || o.failure === "unreachable");
  if (verdict === "offline" && !remoteAnswered(e, obs)) {
    const names = probed(e, "network")[0]?.facts.names ?? [];
    const local = failedLocally(e, obs);
    if (!local && names.length > 0 && names.every((n) => n.code === NO_SUCH_NAME)) return [noPublicNames(e, names.map((n) => n.host), netFails)];
    return [
      makeFinding(NETWORK_OFFLINE, {
        severity: e.outcome === "ok" || local ? "warning" : "blocker",
        confidence: local ? 0.6 : 0.95,
        why:
          `None of ${plural(names.length, "well-known name")} could be reached, so every remote endpoint fails the same way.` +
          (local ? " This run failed before it needed the network, though: it read a file:// GOPROXY entry." : ""),
        evidence: [...names.map((n) => `${n.host}: ${n.code ?? "failed"}`), ...netFails.map((o) => o.text)].slice(0, 6),
        modules: uniqueModules(netFails),
        fixes: [forOs({ summary: "Connect the machine (or container) to a network, check its DNS settings", commands: dnsCheck(e) }, e.os)],
      }),
    ];
  }
  // From the trace alone: several distinct hosts fail by name or route, and no remote host answered at all.
  if (verdict === "unknown") {
    // A checksum lookup alone says less: the download before it reached its proxy (by address, or through a hosts entry).
    const refusedDns = netFails.filter((o) => o.failure === "dns" && o.role !== "sumdb" && loopbackResolverRefusing(o.text) !== undefined);
    if (refusedDns.length > 0 && !obs.some((o) => o.status !== undefined) && !remoteAnswered(e, obs)) return [noResolver(e, refusedDns)];
    const hosts = uniqueHosts(netFails);
    const answered = obs.some((o) => o.status !== undefined) || remoteAnswered(e, obs);
    // One name that resolves from any connected machine (github.com) failing for git: this machine's DNS, not that host.
    const wellKnown = hosts.length === 1 && netFails.every((o) => o.role === "vcs" && o.failure === "dns") && WELL_KNOWN_VCS_HOSTS.has(hosts[0]!);
    if ((hosts.length >= 2 || wellKnown) && !answered) {
      return [
        makeFinding(NETWORK_OFFLINE, {
          title: wellKnown ? `The machine looks offline: even ${hosts[0]} does not resolve` : "The machine looks offline",
          severity: failingSeverity(e),
          confidence: 0.6,
          why: wellKnown
            ? `git could not look up ${hosts[0]}, a name every connected machine resolves: this machine's DNS (or its network) is not working, not that host.`
            : `Every host the go command tried (${hosts.join(", ")}) failed before answering; nothing remote was reached.`,
          evidence: [...new Set(netFails.map((o) => o.text))].slice(0, 5),
          modules: uniqueModules(netFails),
          fixes: [forOs({ summary: "Check the network connection and DNS", commands: dnsCheck(e) }, e.os)],
        }),
      ];
    }
  }
  return [];
}

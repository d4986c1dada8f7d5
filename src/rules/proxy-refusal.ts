// GMD104 for a public module proxy answering 403 Forbidden. Public proxies
// (proxy.golang.org, goproxy.cn, ...) take no credentials, so a 403 from one
// is never a login problem: the request was refused by policy on the way
// (a region the proxy does not serve, an egress control such as VPC Service
// Controls blocking the proxy's storage, a filtering proxy answering for it).
import type { Finding } from "../report/schema.js";
import { failingSeverity, makeFinding, mirrorFix } from "./fixes.js";
import { isPublicProxyHost } from "./hosts.js";
import { PROXY_5XX } from "./proxy-server-error.js";
import { customPhrase, endpointOf, quotedStatus } from "./net-text.js";
import { proxyUrls } from "./settings-view.js";
import { decodeRequestUrl } from "../trace/url.js";
import { answeredOthers, observe, uniqueModules, zipRedirect, type Observation } from "./observe.js";
import type { Evidence, RuleFamily } from "./types.js";

/**
 * A 401 or 403 from a public proxy: it takes no credentials, so this is a
 * refusal by policy or an answer from something else in its place, never a
 * login problem (vcs.ts leaves these alone).
 */
export function isPublicProxyRefusal(o: Observation): boolean {
  return o.role === "proxy" && (o.status === 401 || o.status === 403) && isPublicProxyHost(o.host);
}

/** The direct path was refused too (a go-import page or git answered 401/403): GOPROXY=direct is no way round. */
function directRefused(all: Observation[]): boolean {
  return all.some((o) => o.role === "vcs" && (o.status === 401 || o.status === 403));
}

/** When direct is refused as well: the public mirrors, measured from here, are the way round. */
const MEASURE_MIRRORS = {
  summary: "Direct fetches are refused from this network too: measure the public mirrors from here, then put one that answers in GOPROXY",
  commands: ["gomod-doctor probe --mirrors"],
};

/** The refusal as go printed it (`403 ruleengineerror`, not always `403 Forbidden`): the reason phrase is the answering server's own over HTTP/1.x. */
function printed(obs: Observation[], status: number): string {
  return quotedStatus(
    obs.filter((o) => o.status === status).map((o) => [o.text, ...o.details].join("\n")),
    status,
  );
}

/** `M@V` of each refused request (the module alone when the URL names no version), in order, once each. */
function moduleVersions(e: Evidence, obs: Observation[]): string[] {
  const bases = proxyUrls(e);
  const ids = obs.flatMap((o) => {
    if (!o.module) return [];
    const version = decodeRequestUrl(o.url, bases).version;
    return [version ? `${o.module}@${version}` : o.module];
  });
  // A module's @v/list (no version) next to its versioned files is one module, not two.
  const unique = [...new Set(ids)];
  return unique.filter((id) => id.includes("@") || !unique.some((o) => o.startsWith(`${id}@`))).sort();
}

function refusals(e: Evidence): Finding[] {
  const all = observe(e);
  const obs = all.filter(isPublicProxyRefusal);
  const hosts = [...new Set(obs.map((o) => o.host))].sort();
  const mirror = mirrorFix(e, "Use a mirror that was reachable");
  return hosts.map((host) => {
    const mine = obs.filter((o) => o.host === host);
    const zip = mine.find((o) => /\.zip\b/.test(o.url));
    const unauthorized = mine.every((o) => o.status === 401);
    const said = unauthorized ? printed(mine, 401) : printed(mine, 403);
    // Over HTTP/2 (how go talks to a public proxy) net/http makes the reason phrase up from the code: one of the server's own came over HTTP/1.x from something else.
    const foreign = customPhrase(said, unauthorized ? 401 : 403);
    return makeFinding(PROXY_5XX, {
      title: `The module proxy ${host} refuses the requests (${said})`,
      severity: failingSeverity(e),
      confidence: unauthorized ? 0.65 : 0.75,
      why: unauthorized
        ? `${host} is a public proxy and never asks for credentials, so this 401 did not come from it: something on the way answers in its place, ` +
          "most often a company proxy or firewall that intercepts HTTPS (with a certificate this machine trusts) and wants its own login. " +
          "Credentials for the public proxy in ~/.netrc would not help."
        : `${host} is a public proxy and takes no credentials, so its 403 is a refusal by policy on the way to it, not a login problem: ` +
          "a region it does not serve, a cloud egress control (VPC Service Controls) blocking the storage it redirects zips to, or a " +
          "filtering proxy answering in its place." +
          (zip ? " Zips are served by a redirect to cloud storage, which egress rules often block while the proxy's own pages pass." : "") +
          (foreign ? ` The answer "${said}" carries a reason phrase of its own, not the standard one go shows for ${host}'s HTTP/2 answers: a filtering proxy or firewall on the way answered.` : ""),
      evidence: [...new Set(mine.map((o) => o.text))].slice(0, 4),
      modules: uniqueModules(mine),
      fixes: [
        {
          summary: `See who answers: the headers and the redirect of one refused request`,
          commands: [`curl -sSI ${mine[0]!.url}`, ...(zip ? [`curl -sSL -o /dev/null -w '%{http_code} %{url_effective}\\n' ${zip.url}`] : [])],
          caution: unauthorized
            ? "The headers (Server, WWW-Authenticate) name what answered. A company proxy wants its login in HTTPS_PROXY (the user name and password in that URL), not in ~/.netrc."
            : "On Google Cloud with VPC Service Controls, the proxy's storage project must be allowed by an egress rule (golang/go#49144).",
        },
        ...(mirror
          ? [mirror]
          : directRefused(all)
            ? [MEASURE_MIRRORS]
            : [{ summary: "Or fetch from another source for this run: straight from the repositories", commands: ["GOPROXY=direct go mod download"], caution: "direct needs git and network access to every repository host." }]),
      ],
    });
  });
}

/**
 * A 403 for one module from a proxy that served other requests of this run:
 * the client got in, so the proxy forbids that module (a curation, license or
 * vulnerability policy of Artifactory, Nexus and the like), not the login.
 */
export function isModuleRefusal(e: Evidence, o: Observation): boolean {
  if (o.role !== "proxy" || o.status !== 403 || !o.module || isPublicProxyHost(o.host)) return false;
  return answeredOthers(e, o.url, [o.module]).length > 0;
}

/** A stalled run whose trace shows the refusal while go printed no error for those modules yet. */
function unreported(e: Evidence, modules: string[]): boolean {
  const cut = e.outcome === "stalled" || e.outcome === "timeout" || e.outcome === "interrupted";
  return cut && !(e.trace?.errors ?? []).some((err) => err.module !== undefined && modules.includes(err.module));
}

function moduleRefusals(e: Evidence): Finding[] {
  const obs = observe(e).filter((o) => isModuleRefusal(e, o));
  const hosts = [...new Set(obs.map((o) => o.host))].sort();
  return hosts.map((host) => {
    const mine = obs.filter((o) => o.host === host);
    const modules = uniqueModules(mine);
    const response = mine.flatMap((o) => o.details).find((d) => d.trim() !== "" && !/server response:?\s*$/.test(d.trim()));
    // The 403 came from where the proxy sends its zips (the probe followed the redirect to the same 403): that host refuses, not a policy on the module.
    const sent = mine.every((o) => o.url.endsWith(".zip")) ? zipRedirect(e, mine[0]!.url) : undefined;
    const cdn = sent?.status === 403 ? endpointOf(sent.to) : undefined;
    // go reports the status of the last response: after the redirect, the CDN's own (with its reason phrase).
    const status = printed(mine, 403);
    if (sent && cdn) {
      // The zip is of one version: named, as go names it (`M@V`).
      const ids = moduleVersions(e, mine);
      return makeFinding(PROXY_5XX, {
        title: `The module proxy ${endpointOf(mine[0]!.url) ?? host} sends the zip of ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ""} to ${cdn}, which answers ${status}`,
        severity: failingSeverity(e),
        confidence: 0.8,
        why:
          `${host} served this run's other requests and redirects the zips to ${cdn} (its storage or CDN), which refuses them: a signed download link ` +
          "that has expired or that a clock out of step makes look expired, storage permissions the proxy's operators must fix, or an allow-list in front " +
          `of ${cdn} that admits the proxy but not this machine. go's trace names only the proxy's URL; the probe followed the redirect.`,
        evidence: [...[...new Set(mine.map((o) => o.text))].slice(0, 3), `the zip is redirected to ${sent.to}, which answers 403 (the probe's read of it)`],
        modules,
        fixes: [
          { summary: `See where the proxy sends the zip and ${cdn}'s reason for refusing it (storage answers name it: AccessDenied, Request has expired)`, commands: [`curl -sSI ${mine[0]!.url}`, `curl -sS ${sent.to}`] },
          { summary: "A signed link that reads as expired: check this machine's clock", commands: ["date -u"] },
        ],
      });
    }
    // A policy refuses a module version (a vulnerable or unlicensed release): named as go names it, `M@V`.
    const refused = moduleVersions(e, mine);
    return makeFinding(PROXY_5XX, {
      title: `The module proxy ${endpointOf(mine[0]!.url) ?? host} forbids ${refused[0] ?? modules[0]}${refused.length > 1 ? ` and ${refused.length - 1} more` : ""} (${status})`,
      severity: failingSeverity(e),
      confidence: 0.75,
      why:
        `${host} served this run's other requests but answers 403 for ${modules.join(", ")}: it lets this client in and refuses the module itself, ` +
        "by a policy of the proxy (curation, license or vulnerability rules of Artifactory, Nexus and similar)." +
        (response ? ` It says: "${response.trim().replace(/^server response:\s*/, "")}".` : "") +
        (unreported(e, modules) ? " The go command has not reported it yet (it prints a module's error when the whole download ends): it is the next failure once the stall is cleared." : ""),
      evidence: [...new Set(mine.flatMap((o) => [o.text, ...o.details.slice(0, 2)]))].slice(0, 4),
      modules,
      fixes: [
        { summary: "See the proxy's reason for refusing the module", commands: [`curl -sS ${mine[0]!.url}`] },
        { summary: "Ask the proxy's administrators to allow it, or pick a version the policy allows", commands: [`go list -m -versions ${modules[0]}`] },
      ],
    });
  });
}

export const proxyRefusalFamily: RuleFamily = {
  family: "proxy-refusal",
  // GMD104 is listed by the network family; this family only adds its 401/403 forms.
  causes: [],
  evaluate: (e) => [...refusals(e), ...moduleRefusals(e)],
};

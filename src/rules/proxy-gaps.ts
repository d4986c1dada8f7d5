// A private module proxy (Artifactory, Nexus, Athens, artipie...) that answers
// a bare 404/410 for a module on a public code host: such a proxy serves what
// it stores and what its upstream fetches for it, so a hosted-only repository,
// a remote not pointed at a public mirror, or an upstream it cannot reach
// answers "not found" for public modules that exist (jfrog/gocenter#10,
// artipie/artipie#1474). Told apart from a missing version by the proxy (not
// a public mirror), the module's host (a public one) and the answer (no reason).
import type { Finding } from "../report/schema.js";
import { escapeModulePath, escapeVersion } from "../util/modpath.js";
import { failingSeverity, makeFinding, settingFix } from "./fixes.js";
import { isPublicCodeHost, isPublicProxyHost, moduleHost, originFailureIn, responseSaysMissingVersion, responseSaysPrivate, serverFaultIn, serverResponse } from "./hosts.js";
import { endpointOf, hostOf } from "./net-text.js";
import { observe, type Observation } from "./observe.js";
import { PROXY_5XX } from "./proxy-server-error.js";
import { halfServedZips } from "./proxy-answers.js";
import { wrongPathUrls } from "./proxy-path.js";
import { isNoProxy, nextEntry } from "./settings-view.js";
import type { Evidence, RuleFamily } from "./types.js";

/** The proxy's answer gives no reason the version would be missing, private, or its own failure. */
function noReason(o: Observation): boolean {
  const response = serverResponse(o.details);
  return !responseSaysMissingVersion(response) && !responseSaysPrivate(response) && serverFaultIn(response) === undefined && originFailureIn(o.module!, response) === undefined;
}

/** The same proxy served some file of the module in this run: it reads upstream for it, so the 404 is about the version. */
function servedModule(e: Evidence, o: Observation): boolean {
  const base = o.url.split("/@v/")[0];
  return base !== undefined && base !== o.url && (e.trace?.requests ?? []).some((r) => r.url.startsWith(`${base}/@v/`) && r.status !== undefined && r.status >= 200 && r.status < 300);
}

/** 404/410 answers of a private proxy for modules on public code hosts, with no next GOPROXY entry to fall through to. */
export function privateProxyGaps(e: Evidence): Observation[] {
  const halfServed = new Set(halfServedZips(e).map((z) => z.url));
  const wrong = wrongPathUrls(e);
  return observe(e).filter(
    (o) =>
      o.role === "proxy" &&
      (o.status === 404 || o.status === 410) &&
      o.module !== undefined &&
      !isPublicProxyHost(hostOf(o.url)) &&
      isPublicCodeHost(moduleHost(o.module)) &&
      isNoProxy(e, o.module) !== true &&
      nextEntry(e, o.url) === undefined &&
      !halfServed.has(o.url) &&
      !wrong.has(o.url) &&
      !servedModule(e, o) &&
      noReason(o),
  );
}

/** The GOPROXY entry a request went to: its URL up to the module's escaped path. */
function proxyBase(url: string, module: string): string | undefined {
  const at = url.indexOf(`/${escapeModulePath(module)}/@v/`);
  return at > 0 ? url.slice(0, at) : undefined;
}

/** The module's version named in the request (`.../@v/VER.info`), if it names one. */
function versionIn(url: string): string | undefined {
  const m = /\/@v\/(.+)\.(?:info|mod|zip)$/.exec(url);
  return m ? m[1] : undefined;
}

function gaps(e: Evidence): Finding[] {
  const hits = privateProxyGaps(e);
  if (hits.length === 0) return [];
  const byHost = new Map<string, Observation[]>();
  for (const o of hits) byHost.set(endpointOf(o.url) ?? o.host, [...(byHost.get(endpointOf(o.url) ?? o.host) ?? []), o]);
  return [...byHost.entries()].map(([host, mine]) => {
    const first = mine[0]!;
    const module = first.module!;
    const version = versionIn(first.url);
    const modules = [...new Set(mine.map((o) => o.module!))].sort();
    const name = `${module}${version ? `@${version}` : ""}`;
    const more = modules.length > 1 ? ` and ${modules.length - 1} more` : "";
    const base = proxyBase(first.url, module);
    const publicFile = `https://proxy.golang.org/${escapeModulePath(module)}/@v/${version ? `${escapeVersion(version)}.info` : "list"}`;
    return makeFinding(PROXY_5XX, {
      title: `The private module proxy ${host} answers ${first.status} for ${name}${more}, a module on ${moduleHost(module)}: it does not fetch it from upstream`,
      severity: failingSeverity(e),
      confidence: 0.8,
      why:
        `${host} is not a public module mirror (it is a company's Artifactory, Nexus, Athens or the like), and it answered ${first.status} with no reason for ` +
        `${name}, a module on the public host ${moduleHost(module)}. Such a proxy serves what it stores and what its upstream fetches for it: a hosted-only ` +
        "repository, a remote not pointed at a public mirror, or an upstream it cannot reach answers not found for public modules that exist. " +
        `go goes on to the next GOPROXY entry only after a 404/410, and ${e.ctx ? "there is none" : "the log shows none tried"} after ${host}. The public mirror tells whether the version exists at all.`,
      evidence: [...new Set(mine.flatMap((o) => [o.text, ...o.details.filter((d) => /server response/.test(d)).slice(0, 1)]))].slice(0, 4),
      modules,
      fixes: [
        { summary: `See whether the public mirror has it: if it does, ${host} is what lacks it`, commands: [`curl -sS ${publicFile}`] },
        settingFix(
          e,
          `Have ${host}'s operators point its upstream (remote) at https://proxy.golang.org, or let go fall through to the public mirror for what ${host} lacks`,
          "GOPROXY",
          `${base ?? "<PROXY-URL>"},https://proxy.golang.org,direct`,
          "Only where this network may reach proxy.golang.org; private modules belong in GOPRIVATE (or GONOSUMDB), so they are never asked of it.",
        ),
      ],
    });
  });
}

export const proxyGapsFamily: RuleFamily = {
  family: "proxy-gaps",
  causes: [],
  evaluate: gaps,
};

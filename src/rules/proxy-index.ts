// GMD104 for a proxy whose version index is stale: its @v/list names a
// version, and the same proxy then answers 404/410 for that version's .info.
// The go command picks `@latest` (and `@upgrade`, `@patch`) from the list and
// fails on the missing one with `no matching versions for query "latest"`,
// which reads like a typo in go.mod; the module and the go.mod are fine.
import type { Finding, RequestState } from "../report/schema.js";
import { decodeRequestUrl } from "../trace/url.js";
import { CANONICAL_VERSION } from "../util/semver.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding } from "./fixes.js";
import { endpointOf } from "./net-text.js";
import { PROXY_5XX } from "./proxy-server-error.js";
import { serverName } from "./observe.js";
import type { Evidence, RuleFamily } from "./types.js";

interface Unlisted {
  module: string;
  version: string;
  /** The .info request that was not found. */
  url: string;
  status: number;
  listUrl: string;
}

function ok(r: RequestState): boolean {
  return r.status !== undefined && r.status >= 200 && r.status < 300;
}

/** `MODULE@VERSION:` in a go error line; the version may be a query. */
const QUERY = /([^\s:@]+)@([^\s:@]+):/g;

/**
 * Versions the proxy listed (its @v/list answered earlier in this run) and then did not have, for a module whose
 * version query (`@latest`, `@upgrade`, `@v1.2`) failed: a query reads the list and picks from it; a required version is asked for directly.
 */
function unlistedVersions(e: Evidence): Unlisted[] {
  const requests = e.trace?.requests ?? [];
  // `go: M@latest: no matching versions for query "latest"`, `go: M@latest: M@v1.1.0: reading URL: 404 Not Found`.
  const queried = new Set((e.trace?.errors ?? []).flatMap((x) => [...x.message.matchAll(QUERY)].filter((m) => !CANONICAL_VERSION.test(m[2]!)).map((m) => m[1]!)));
  const out: Unlisted[] = [];
  for (const r of requests) {
    if (r.kind !== "info" || (r.status !== 404 && r.status !== 410)) continue;
    const target = decodeRequestUrl(r.url);
    // go asks `.info` of a name it could not find in the list too (`latest.info`, a branch): only a version can have been listed.
    if (!target.module || !queried.has(target.module) || !target.version || !CANONICAL_VERSION.test(target.version)) continue;
    const listUrl = r.url.replace(/\/@v\/[^/]+\.info$/, "/@v/list");
    // The query asks for a version's .info after reading the list only when the list named it.
    if (!requests.some((x) => x.url === listUrl && ok(x) && x.startedMs <= r.startedMs)) continue;
    out.push({ module: target.module, version: target.version, url: r.url, status: r.status, listUrl });
  }
  return out;
}

/** The versions the probe read from the module's list, other than the missing ones: candidates to pin. */
function otherListed(e: Evidence, module: string, missing: Set<string>): string[] {
  const list = probed(e, "goproxy").find((p) => p.facts.module === module && (p.facts.list?.newest?.length ?? 0) > 0)?.facts.list;
  return (list?.newest ?? []).filter((v) => !missing.has(v));
}

/** Modules whose failure is a stale index (not a typo in go.mod): private.ts leaves them to this family. */
export function staleIndexModules(e: Evidence): Set<string> {
  return new Set(unlistedVersions(e).map((u) => u.module));
}

/** The .info requests a stale index explains: mod-server.ts leaves them to this family. */
export function staleIndexUrls(e: Evidence): Set<string> {
  return new Set(unlistedVersions(e).map((u) => u.url));
}

function staleIndex(e: Evidence): Finding[] {
  const unlisted = unlistedVersions(e);
  const modules = [...new Set(unlisted.map((u) => u.module))].sort();
  return modules.map((module) => {
    const mine = unlisted.filter((u) => u.module === module);
    const first = mine[0]!;
    const host = endpointOf(first.url) ?? first.url;
    // A module server a go-import tag names serves the same protocol: named as what it is.
    const server = serverName(e, first.url, host);
    const missing = [...new Set(mine.map((u) => u.version))];
    const pin = otherListed(e, module, new Set(missing))[0];
    return makeFinding(PROXY_5XX, {
      title: `${server.Name} lists ${module}@${missing[0]} but does not have it (${first.status}): a stale version index`,
      severity: failingSeverity(e),
      // Above module-not-found (private.ts, 0.8), which reads the same `no matching versions` as a typo.
      confidence: 0.85,
      why:
        `${host}'s @v/list for ${module} names ${missing.join(", ")}, and the same ${server.modServer ? "server" : "proxy"} then answered ${first.status} for ${missing.length > 1 ? "their" : "its"} .info: ` +
        "its index of versions is stale (it lists a version it never fetched, or lost). The go command resolves @latest from that list and fails on the missing " +
        "version (`no matching versions for query \"latest\"`). The module exists and go.mod is not at fault.",
      evidence: [`# get ${first.listUrl}: 200`, ...mine.slice(0, 3).map((u) => `# get ${u.url}: ${u.status}`)],
      modules: [module],
      fixes: [
        pin
          ? { summary: `Pin a version the ${server.modServer ? "server" : "proxy"} has`, commands: [`go get ${module}@${pin}`] }
          : { summary: `List the versions the ${server.modServer ? "server" : "proxy"} offers and pin one it has`, commands: [`go list -m -versions ${module}`, `go get ${module}@<VERSION>`] },
        { summary: `Ask ${host}'s operators to re-index ${module} (or fetch ${missing[0]}); see what it lists and serves now`, commands: [`curl -sS ${first.listUrl}`, `curl -sSI ${first.url}`] },
      ],
    });
  });
}

export const proxyIndexFamily: RuleFamily = {
  family: "proxy-index",
  // GMD104 is listed by the network family; this family only adds its stale-index form.
  causes: [],
  evaluate: staleIndex,
};

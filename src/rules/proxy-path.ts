// GMD508: a GOPROXY entry whose URL is not a module proxy's (a wrong path
// such as an Artifactory repository name with a typo, or the host without
// its /api/go/REPO prefix). Every request to it answers 404, and go reports
// the first module as not found: the module is not what is wrong.
import type { Finding } from "../report/schema.js";
import { escapeModulePath } from "../util/modpath.js";
import { decodeRequestUrl } from "../trace/url.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding, settingFix } from "./fixes.js";
import { isPublicProxyHost, serverResponse } from "./hosts.js";
import { hostOf } from "./net-text.js";
import { proxyUrls } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const PROXY_WRONG_PATH: CauseInfo = {
  code: "GMD508",
  name: "proxy-wrong-path",
  title: "A GOPROXY URL answers 404 for every module: likely a wrong proxy URL or path",
  explain:
    "Every module request to one GOPROXY entry answered 404 (or 410), none succeeded, and the answers are not a module proxy's own " +
    "`not found: MODULE@VERSION` text (a web server's `404 page not found`, an empty body). The URL most likely does not point at a module " +
    "proxy: a repository path with a typo (Artifactory: https://HOST/artifactory/api/go/REPO, Nexus: https://HOST/repository/REPO), a missing " +
    "path prefix, or another service on that port. Ask the URL for a module's version list with curl; fix GOPROXY where it is set.",
};

/** A module proxy's own 404 text (proxy.golang.org, Athens, goproxy): the URL is right, the module is not there. */
const PROXY_SPEAKS = /not found: \S+@|unknown revision|invalid version|no matching versions|unrecognized import path|module .* not found|gone: /i;

export interface WrongProxyPath {
  base: string;
  modules: string[];
  /** Module requests that answered 404/410. */
  refused: { url: string; status: number }[];
  /** What the server said, when it said something (go's `server response:` or the probe's body). */
  said?: string;
  /**
   * The server named the module with something before it (`not found: api/go/REPO/example.com/a@v1.0.0`):
   * it took that prefix for part of the module path. A URL (`http://HOST/`) there means the request came in proxy form.
   */
  misread?: string;
}

/** The prefix a module proxy's not-found text puts before one of `modules` (`PREFIX/MODULE@VERSION`), if any. */
function misreadPrefix(responses: string[], modules: string[]): string | undefined {
  for (const text of responses) {
    for (const m of text.matchAll(/(\S+)@v[^\s:]*:/g)) {
      const named = m[1]!.replace(/^not found: /, "");
      const module = modules.find((x) => named.endsWith(`/${x}`) && named !== x);
      if (module) return named.slice(0, -module.length - 1);
    }
  }
  return undefined;
}

/** GOPROXY entries (or, in a log, request bases) every module request of which answered 404/410, with nothing served. */
export function wrongProxyPaths(e: Evidence): WrongProxyPath[] {
  const bases = proxyUrls(e);
  const requests = e.trace?.requests ?? [];
  const groups = new Map<string, { url: string; status: number; module: string }[]>();
  const served = new Set<string>();
  // A log without -x has no requests, only go's errors: `reading URL: 404 Not Found`.
  const fromErrors = (e.trace?.errors ?? []).flatMap((x) => {
    const m = /reading (https?:\/\/\S+): (404|410) /.exec(x.message);
    return m && !requests.some((r) => r.url === m[1]) ? [{ url: m[1]!, status: Number(m[2]) }] : [];
  });
  for (const r of [...requests, ...fromErrors]) {
    if (r.status === undefined) continue;
    const t = decodeRequestUrl(r.url, bases);
    if (!t.base || !t.module || t.module === "golang.org/toolchain" || !["mod", "info", "zip", "list", "latest"].includes(t.kind)) continue;
    if (r.status >= 200 && r.status < 400) served.add(t.base);
    else if (r.status === 404 || r.status === 410) groups.set(t.base, [...(groups.get(t.base) ?? []), { url: r.url, status: r.status, module: t.module }]);
  }
  const out: WrongProxyPath[] = [];
  for (const [base, refused] of groups) {
    if (served.has(base) || isPublicProxyHost(hostOf(base))) continue;
    // Anything else from that base (a 5xx, a success on another path) also disqualifies: only 404/410 throughout.
    if (requests.some((r) => r.url.startsWith(`${base}/`) && r.status !== undefined && r.status !== 404 && r.status !== 410 && !/\/sumdb\//.test(r.url))) continue;
    const modules = [...new Set(refused.map((x) => x.module))].sort();
    const responses = responsesFor(e, base);
    const misread = misreadPrefix(responses, modules);
    if (!misread && responses.some((t) => PROXY_SPEAKS.test(t) || modules.some((m) => t.includes(m)))) continue;
    const said = responses.find((t) => t.trim() !== "");
    // One module alone is a missing module as often as a wrong URL, unless the answer is a web server's generic 404 (or names the path it misread).
    if (!misread && modules.length < 2 && said === undefined) continue;
    out.push({ base, modules, refused: refused.map(({ url, status }) => ({ url, status })), ...(said ? { said } : {}), ...(misread ? { misread } : {}) });
  }
  return out;
}

/** The server's answers for requests to `base`: go's `server response:` blocks, and the goproxy probe's body. */
function responsesFor(e: Evidence, base: string): string[] {
  const fromGo = (e.trace?.errors ?? [])
    .filter((x) => [x.message, ...x.details].join("\n").includes(`${base}/`))
    .map((x) => serverResponse(x.details).replace(/^server response:\s*/, ""));
  const fromProbe = probed(e, "goproxy")
    .filter((p) => p.facts.url.startsWith(`${base}/`) || p.facts.url === base)
    .map((p) => p.facts.http?.bodySnippet ?? "");
  return [...fromGo, ...fromProbe].filter((t) => t !== "");
}

function wrongPaths(e: Evidence): Finding[] {
  return wrongProxyPaths(e).map((w) => {
    if (w.misread) return misreadPath(e, w, w.misread);
    const n = w.refused.length;
    const first = w.modules[0]!;
    return makeFinding(PROXY_WRONG_PATH, {
      title: `The GOPROXY entry ${w.base} answers 404 for every module: likely a wrong proxy URL or path`,
      severity: failingSeverity(e),
      confidence: w.modules.length >= 2 ? 0.85 : 0.7,
      why:
        `${n} of ${n} module requests to ${w.base} answered ${w.refused[0]!.status} and none succeeded` +
        (w.said ? `, with a web server's answer ("${w.said.split("\n")[0]!.trim().slice(0, 80)}") rather than a module proxy's` : "") +
        ". The URL is most likely not a module proxy's (a wrong repository path or prefix), rather than " +
        (w.modules.length >= 2 ? "every module being missing." : `${first} being missing.`),
      evidence: [
        `${n} of ${n} requests to ${w.base} answered 404/410, 0 succeeded (${w.modules.slice(0, 3).join(", ")}${w.modules.length > 3 ? ", ..." : ""})`,
        ...w.refused.slice(0, 2).map((r) => `# get ${r.url}: ${r.status}`),
        ...(w.said ? [`server response: ${w.said.split("\n")[0]!.trim()}`] : []),
      ].slice(0, 4),
      modules: w.modules,
      fixes: [
        {
          summary: "Ask the proxy URL for a module's version list: a module proxy answers with versions (or its own not-found text)",
          commands: [`curl -sS -w '\\n%{http_code}\\n' ${w.base}/${escapeModulePath(first)}/@v/list`],
          caution: "Artifactory serves Go at https://HOST/artifactory/api/go/REPO, Nexus at https://HOST/repository/REPO: check the repository name and prefix.",
        },
        settingFix(e, "Then set GOPROXY to the proxy's right URL", "GOPROXY", "<PROXY_URL>,direct"),
        // One module is weaker evidence: if the URL answers other modules, this one is what is missing.
        ...(w.modules.length === 1
          ? [{ summary: `If that URL does serve other modules, ${first} itself is missing there: list its versions`, commands: [`go list -m -versions ${first}`] }]
          : []),
      ],
    });
  });
}

/**
 * The module proxy answered, but for a longer module path than asked: a path
 * prefix in GOPROXY it does not expect (it read `PREFIX/MODULE`), or, when the
 * prefix is a URL, requests that reached it in HTTP-proxy form (HTTP_PROXY
 * pointing at it). Not a missing or private module.
 */
function misreadPath(e: Evidence, w: WrongProxyPath, prefix: string): Finding {
  const first = w.modules[0]!;
  const viaProxy = /^https?:\/\//.test(prefix);
  // go picks the variable by the request's scheme.
  const proxyVar = w.base.startsWith("https:") ? "HTTPS_PROXY" : "HTTP_PROXY";
  const said = w.said?.split("\n")[0]!.trim();
  return makeFinding(PROXY_WRONG_PATH, {
    title: viaProxy
      ? `Module requests reach the server at ${w.base} in HTTP-proxy form: ${proxyVar} points at something that is not a forwarding proxy`
      : `The module proxy at ${w.base} reads "${prefix}/" as part of the module path: GOPROXY has a wrong path`,
    severity: failingSeverity(e),
    confidence: 0.9,
    why: viaProxy
      ? `The answer names the module as "${prefix}/${first}": the request line carried the whole URL, as requests to an HTTP proxy do, and the server took it for a module path. ` +
        `${proxyVar} sends the request to a server that answers it itself instead of forwarding it.`
      : `The answer names the module as "${prefix}/${first}": the server is a module proxy, but "${prefix}" in the GOPROXY URL is not its prefix, so it looks for a module that does not exist. ` +
        "The module is neither private nor missing.",
    evidence: [...(said ? [`server response: ${said}`] : []), ...w.refused.slice(0, 2).map((r) => `# get ${r.url}: ${r.status}`)].slice(0, 4),
    modules: w.modules,
    fixes: viaProxy
      ? [
          {
            summary: `Check ${proxyVar}: it must name a forwarding proxy, or the module proxy's host must be in NO_PROXY`,
            commands: ["env | grep -i _proxy", `curl -sS -x "$${proxyVar}" -o /dev/null -w '%{http_code}\\n' ${w.base}/${escapeModulePath(first)}/@v/list`],
          },
        ]
      : [
          {
            summary: "Find the proxy's real prefix: ask for a module's version list with and without it",
            commands: [`curl -sS -w '\\n%{http_code}\\n' ${w.base}/${escapeModulePath(first)}/@v/list`],
            caution: "Artifactory serves Go at https://HOST/artifactory/api/go/REPO, Nexus at https://HOST/repository/REPO, Athens at the root.",
          },
          settingFix(e, "Then set GOPROXY to the proxy's right URL", "GOPROXY", "<PROXY_URL>,direct"),
        ],
  });
}

/** Module requests a wrong proxy URL explains: private.ts does not call them missing modules. */
export function wrongPathUrls(e: Evidence): Set<string> {
  return new Set(wrongProxyPaths(e).flatMap((w) => w.refused.map((r) => r.url)));
}

export const proxyPathFamily: RuleFamily = {
  family: "proxy-path",
  causes: [PROXY_WRONG_PATH],
  evaluate: wrongPaths,
};

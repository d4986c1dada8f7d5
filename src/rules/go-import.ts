// GMD306: the go-import meta tag of a vanity import path cannot be fetched or
// read: the host does not resolve or answer, refuses (a login, or a network
// block for a public code host), serves no tag, one for another prefix, or two.
import type { Finding, Fix } from "../report/schema.js";
import { matchPrefixPatterns } from "../context/patterns.js";
import { netrcOf, probed } from "./facts.js";
import { failingSeverity, makeFinding, netrcFix, settingFix } from "./fixes.js";
import { goprivateFor, isNoProxy } from "./settings-view.js";
import { hostLooksPrivate, isPublicCodeHost } from "./hosts.js";
import { classifyNetText, hostOf, loopbackResolverRefusing, silentResolver } from "./net-text.js";
import { observe } from "./observe.js";
import { isPublicProxyRefusal } from "./proxy-refusal.js";
import type { CauseInfo, Evidence } from "./types.js";
import { type DnsOs, flushCommand, forOs, lookupCommand, resolverConfigCommand, loopbackResolverFix, silentResolverFix } from "./dns-commands.js";

export const GO_IMPORT: CauseInfo = {
  code: "GMD306",
  name: "go-import-failed",
  title: "The go-import meta tag of a vanity import path cannot be fetched",
  explain:
    "For a module fetched directly, the go command first asks `https://PATH?go-get=1` for a `<meta name=\"go-import\">` tag naming the " +
    "repository (`unrecognized import path` when that fails). The host may be unreachable, answer 404, require a login, or serve no tag. " +
    "Check what the URL returns; for a git server without such pages, use the repository path with its `.git` suffix, or an internal proxy.",
};

/**
 * A public code host (golang.org, gopkg.in) serves its `?go-get=1` pages to everyone and takes no
 * credentials: its 401/403 there refuses this network (an IP or region block, a filtering proxy), not a login.
 */
export function publicGoImportRefusal(url: string | undefined, status: number | string | undefined): boolean {
  const host = url && /[?&]go-get=1/.test(url) ? hostOf(url) : undefined;
  return host !== undefined && isPublicCodeHost(host) && (Number(status) === 401 || Number(status) === 403);
}

/** cmd/go/internal/vcs matchGoImport: `meta tag PREFIX did not match import path PATH` (inside `no go-import meta tags (...)`). */
const OTHER_PREFIX = /meta tag (\S+) did not match import path /;

/** Why a server's go-import tag names another prefix, read from the prefix itself. */
function otherPrefixCause(prefix: string, host: string, path: string | undefined): string {
  if (/[?&]go-get=1/.test(prefix)) return "The prefix carries the request's `?go-get=1`: the server builds the tag from the request URL, query included (a bug of that server or its version).";
  if (path && `${path.toLowerCase()}/`.startsWith(`${prefix.toLowerCase()}/`))
    return `The prefix differs from the import path only in letter case, and import paths are case-sensitive: write the path as ${prefix} spells it.`;
  const named = prefix.split("/")[0]!;
  if (named !== host && (named.includes(":") || hostLooksPrivate(named)))
    return `The prefix names an internal address (${named}): the server announces its own, as a service behind a reverse proxy does when it is not told the public host name (its configured root URL, or the Host header the proxy passes on).`;
  if (named !== host)
    return `The prefix is a path on ${named}: the page is set up for that path rather than ${host}'s (a misconfigured vanity page), or the module moved there; require it by that path if its go.mod declares it.`;
  return "The path may lie outside the module the server serves there, or the tag's prefix is wrong on the server.";
}

/** cmd/go/internal/vcs matchGoImport: two tags match (go quotes the page URL without its scheme: `parse //host/path?go-get=1: ...`). */
const MULTIPLE_TAGS = /multiple meta tags match import path/;

/** `.git`, `.hg`... in a module path: go runs that VCS on the path itself (cmd/go/internal/vcs). */
const VCS_SUFFIX = /\.(?:git|hg|svn|bzr|fossil)(?:\/|$)/;

export function goImport(e: Evidence): Finding[] {
  // Under an `imports` chain the failing link (a detail) carries it; a server's response quoting one (a proxy's, sumdb's) is theirs.
  const own = (x: { message: string; details: string[] }) => [x.message, ...x.details.filter((d) => !/^\s*server response:/.test(d))].join("\n");
  const hits = (e.trace?.errors ?? []).filter((x) => /unrecognized import path/.test(own(x)));
  // A path that names its repository (`host/owner/repo.git`) has no go-import tag: go never asks for one.
  const probes = probed(e, "vcs").filter(
    (p) => p.facts.goImport && (!p.facts.goImport.ok || (p.facts.goImport.status ?? 200) >= 400 || !p.facts.goImport.meta) && !p.facts.modules.some((m) => VCS_SUFFIX.test(m)),
  );
  if (hits.length === 0 && probes.length === 0) return [];
  const path = /unrecognized import path "([^"]+)"/.exec(hits[0] ? own(hits[0]) : "")?.[1] ?? probes[0]?.facts.modules[0];
  const host = path ? path.split("/")[0]! : probes[0]!.facts.host;
  // The request go made (http:// for a GOINSECURE host), else the https one it makes first.
  // When the page came and its tags are the problem, the request that answered is the one to quote.
  const pageRequests = (e.trace?.requests ?? []).filter((r) => /[?&]go-get=1/.test(r.url) && r.url.includes(`//${path ?? host}?`));
  const answered = pageRequests.find((r) => r.status !== undefined && r.status < 400)?.url;
  const traced =
    answered ??
    [...(e.trace?.stall?.suspects ?? []).map((x) => x.url), ...pageRequests.map((r) => r.url)].find(
      (u): u is string => u !== undefined && /[?&]go-get=1/.test(u) && u.includes(`//${path ?? host}?`),
    );
  // go tries https, then http under GOINSECURE: the URL its error quotes is the one that failed last.
  const quoted = /(?:Get "|parse )(https?:\/\/[^"\s]*[?&]go-get=1)"?/.exec([hits[0]?.message ?? "", ...(hits[0]?.details ?? [])].join("\n"))?.[1];
  const url = quoted ?? traced ?? `${e.ctx && matchPrefixPatterns(e.ctx.env.GOINSECURE ?? "", path ?? host) ? "http" : "https"}://${path ?? host}?go-get=1`;
  const hung = (e.trace?.stall?.suspects ?? []).some((x) => x.url === url);
  // Under a `requires` chain the head names no URL: the status is on the line under it.
  const status = /: (\d{3}) [A-Z]/.exec([hits[0]?.message ?? "", ...(hits[0]?.details ?? []).filter((d) => !/^\s*server response:/.test(d))].join("\n"))?.[1] ?? probes[0]?.facts.goImport?.status;
  const refusedNetwork = publicGoImportRefusal(url, status);
  const proxyRefused = observe(e).some(isPublicProxyRefusal);
  const auth = !refusedNetwork && (status === "401" || status === "403" || status === 401 || status === 403);
  const goImportText = [hits[0]?.message ?? "", ...(hits[0]?.details ?? [])].join("\n");
  const serverSide = /: 5\d\d /.test(goImportText) || Number(status ?? 0) >= 500 || /dial tcp|i\/o timeout|connection refused|no such host/.test(goImportText);
  // Nothing listens on :443 and go may not use http there: it falls back to http only for GOINSECURE paths (its error then has `http fetch:`).
  const httpsRefused =
    url.startsWith("https://") &&
    /dial tcp \S+:443: connect: connection refused/.test(goImportText) &&
    !/http fetch:/.test(goImportText) &&
    !(e.ctx && matchPrefixPatterns(e.ctx.env.GOINSECURE ?? "", path ?? host));
  const azure = path ? azureRepoPath(path) : undefined;
  const privateRoute = isNoProxy(e, path ?? host) === true;
  const gopathMode = e.logSettings?.gopathGet !== undefined || hits.some((x) => /^package \S+: unrecognized import path/.test(x.message));
  // The page came (go: `parse URL: no go-import meta tags`), but names no repository for the path.
  const noTag = /no go-import meta tags/.test(goImportText) || (hits.length === 0 && probes.some((p) => p.facts.goImport?.ok && (p.facts.goImport.status ?? 200) < 400 && !p.facts.goImport.meta));
  const otherPrefix = OTHER_PREFIX.exec(goImportText)?.[1];
  const multiple = MULTIPLE_TAGS.test(goImportText);
  const tags = multiple ? probed(e, "vcs").find((p) => p.facts.host === host)?.facts.goImport?.metaTags : undefined;
  // The host answers, and has nothing at that path: the project is gone, renamed, or private (GitLab answers anonymous requests for a private project 404).
  const missingThere = (status === "404" || status === "410" || status === 404 || status === 410) && !noTag && !otherPrefix;
  // What stopped the request, said in the title: a name that does not resolve is not a server without the tag.
  const net = hung ? undefined : classifyNetText(goImportText);
  const hitModules = [...new Set(hits.flatMap((x) => (x.module ? [x.module] : [])))];
  const dnsHost = net?.failure === "dns" ? (net.host ?? host) : undefined;
  const failedHow =
    net?.failure === "dns"
      ? `: ${net.host ?? host} does not resolve`
      : net?.failure === "refused"
        ? `: ${host} refuses connections`
        : net?.failure === "timeout"
          ? `: ${host} does not answer`
          : status
            ? ` (${status})`
            : "";
  return [
    makeFinding(GO_IMPORT, {
      title: refusedNetwork
        ? `${host} refuses the go-import request for ${path ?? host} (${status}): a block on this network, not a login`
        : multiple
        ? `${host} serves more than one go-import meta tag for ${path ?? host}, and the go command will not choose`
        : otherPrefix
        ? `${host}'s go-import meta tag names ${otherPrefix}, which is not a prefix of ${path ?? "the import path"}`
        : noTag
          ? `${host} serves no go-import meta tag for ${path ?? host}`
          : `The go-import meta tag for ${path ?? host} cannot be fetched${failedHow}`,
      severity: failingSeverity(e),
      // The public proxy refusing as well is the same block, and the first thing go asks: that finding leads.
      confidence: refusedNetwork && proxyRefused ? 0.7 : 0.8,
      why:
        `The go command asks ${url} which repository holds the module, and ` +
        (hung
          ? `that request got no answer (the go command waits on it without a deadline).`
          : multiple
            ? `${host}'s page has two or more go-import tags whose prefix matches ${path ?? "the path"}` +
              (tags && tags.length > 1 ? ` (${tags.map((t) => `\`${t}\``).join(", ")})` : "") +
              `, and the go command refuses to pick one (\`mod\` tags aside, exactly one tag may match). The page is wrong on the server: ` +
              "a template that adds the tag twice, tags for both a mirror and the origin, or nested prefixes (host/a and host/a/b both match host/a/b/c). " +
              "Only the server's owner can fix the page; until then, require the module from a module proxy that has it, or replace it with a copy."
          : otherPrefix
            ? `${host} answers with a go-import tag, but for the prefix ${otherPrefix}; the go command uses a tag only when its prefix is the import path ` +
              `or a leading part of it, so it finds none for ${path ?? "the path"}. ${otherPrefixCause(otherPrefix, host, path)}`
            : noTag
              ? `${host} answers, but its page names no repository for ${path ?? "the path"}: the path is not a module there (a typo, a path that is not the repository's), ` +
                "or the server is not one that answers go-get requests (a plain web server, a login page), or it shows the tag only to signed-in users."
              : refusedNetwork
                ? `${host} answers ${status}. ${host} serves these pages to everyone and takes no credentials, so the refusal is of this network ` +
                  "(an IP range or region it blocks, a cloud egress rule, or a filtering proxy answering in its place), not a login."
                : missingThere
                  ? `${host} has nothing at that path (${status}): the project was removed, renamed or made private there (a GitLab answers 404 to anonymous requests for a private project). ` +
                    "A module that needs it cannot be built until it points elsewhere."
                  : `that request failed${failedHow}.`) +
        (httpsRefused ? ` Nothing accepts connections on ${host}:443 (https), and the go command uses plain http only for paths in GOINSECURE.` : "") +
        (azure
          ? " Azure DevOps serves no go-import tag for a path like this one (it answers with a sign-in page, 203 Non-Authoritative Information): " +
            "its modules are imported by the repository's own path, `_git/REPO.git`."
          : ""),
      // The host's own probe result stays in view however many modules failed on it.
      evidence: [
        ...hits.slice(0, probes.length > 0 ? 2 : 4).map((x) => [x.message, ...x.details].join(" ")),
        ...probes.map((p) => `probe ${p.result.id}: ${p.facts.goImport?.status ?? p.facts.goImport?.code ?? "failed"}${p.facts.goImport?.meta ? "" : ", no go-import meta tag"}`),
      ].slice(0, 4),
      // go's errors name no module (the probe's alone, an error without `MOD@VER:`): the import path stands for it, so the
      // direct-fetch fix (proxy-bypass.ts) knows what GOPRIVATE/GONOPROXY sends direct.
      modules: hitModules.length > 0 ? hitModules : path ? [path] : [],
      fixes: [
        // `package P: unrecognized import path` is GOPATH mode's go get, which never asks a module proxy.
        ...(gopathMode
          ? [
              {
                summary: "This go get ran in GOPATH mode (outside a module, or GO111MODULE=off/auto with go1.15 or older), which ignores GOPROXY: turn modules on",
                commands: ["go env GO111MODULE GOPROXY", `GO111MODULE=on go get ${e.logSettings?.gopathGet ?? path ?? host}`],
                caution: "With go1.16 or newer, install a tool with `go install PKG@latest`, which needs no go.mod and uses GOPROXY.",
              },
            ]
          : []),
        ...(azure
          ? [
              {
                summary: "Import the module by its Azure DevOps repository path, with .git",
                commands: [`go get ${azure}`],
                caution:
                  "REPO is the repository's name in the project (the path above guesses it); the module's go.mod must declare that same path. " +
                  "A private repository also needs a personal access token in ~/.netrc (machine dev.azure.com) and dev.azure.com in GOPRIVATE.",
              },
            ]
          : dnsHost
            ? // Nothing answers a name that does not resolve: what to check is the name (the private route's own fix below names the VPN).
              privateRoute
              ? []
              : [dnsFix(goImportText, dnsHost, e.os)]
            : [
                {
                  summary: `See what ${host} answers for the module path`,
                  commands: [`curl -sS '${url}' | grep -i go-import`, ...(httpsRefused ? [`curl -sS '${url.replace(/^https:/, "http:")}' | grep -i go-import`] : [])],
                },
              ]),
        ...(httpsRefused
          ? [
              settingFix(
                e,
                `If ${host} serves its pages and git over plain http only, let the go command use http for it (or serve https on ${host})`,
                "GOINSECURE",
                goprivateFor(e, [path ?? host], "GOINSECURE"),
                "GOINSECURE sends these requests unencrypted and skips certificate checks for the paths it matches: https on the host is the better fix.",
              ),
            ]
          : []),
        ...(missingThere && path
          ? [
              {
                summary: `Find which requirement pulls in ${path}: a newer version of that module may no longer need it, or a replace can point the path at a copy`,
                commands: [`go mod why -m ${path}`, `go mod graph | grep '${path}@'`],
                caution: `If ${path} is private and you should have access, it needs GOPRIVATE and credentials for ${host} (~/.netrc), not another path.`,
              },
            ]
          : []),
        ...(auth ? [netrcFix(host, netrcOf(e, host))] : []),
        // A private module's host that does not resolve: only its own network (VPN, company DNS) knows the name.
        ...(privateRoute && net?.failure === "dns"
          ? [
              forOs(
                {
                  summary: `${path ?? host} is private here (GOPRIVATE/GONOPROXY send it to ${host} directly), and ${net.host ?? host} does not resolve: connect to the network that serves it (VPN), then check the name`,
                  commands: [lookupCommand(net.host ?? host, e.os), resolverConfigCommand(e.os), ...(flushCommand(e.os) ? [flushCommand(e.os)!] : [])],
                },
                e.os,
              ),
            ]
          : []),
        // A public host failing on its side (5xx, unreachable): the module proxy serves its modules without asking it.
        // For a module GOPRIVATE/GONOPROXY sends direct on purpose no public proxy has it: diagnose's withDirectFetchFixes
        // (proxy-bypass.ts) puts the pattern and the direct fetch in this fix's place, as for every finding.
        ...((serverSide || (refusedNetwork && !proxyRefused)) && !hostLooksPrivate(host) && !gopathMode
          ? [
              {
                summary: `Fetch through the module proxy, which serves public modules without asking ${host}`,
                commands: ["go env GOPROXY GOPRIVATE GONOPROXY", "GOPROXY=https://proxy.golang.org,direct go mod download"],
                caution: `If GOPROXY is direct on purpose (or ${host} is in GOPRIVATE/GONOPROXY), fix it where it is set: a one-off variable only helps this command.`,
              },
            ]
          : []),
      ],
    }),
  ];
}

/**
 * The check for a go-import host that does not resolve: the resolver when it is the one at fault (a loopback one
 * refusing, one that does not answer), else the name itself (a typo in the path, a vanity domain that lapsed).
 */
function dnsFix(text: string, host: string, os: DnsOs): Fix {
  const resolver = loopbackResolverRefusing(text);
  if (resolver) return loopbackResolverFix(resolver, os);
  const silent = silentResolver(text);
  if (silent) return silentResolverFix(silent.server, host, os);
  return {
    summary: `${host} does not resolve, so there is no page to ask: check the module path for a typo, and whether the domain still exists (a vanity domain that lapsed breaks every module under it)`,
    commands: [`nslookup ${host}`],
  };
}

/**
 * For an Azure DevOps path without `_git/...git` (dev.azure.com/ORG/PROJECT/REPO...),
 * the form Microsoft documents: dev.azure.com/ORG/PROJECT/_git/REPO.git.
 */
function azureRepoPath(path: string): string | undefined {
  const [host, org, project, repo] = path.split("/");
  if (host !== "dev.azure.com" || !org || !project || path.includes("/_git/")) return undefined;
  return `dev.azure.com/${org}/${project}/_git/${repo ?? project}.git`;
}

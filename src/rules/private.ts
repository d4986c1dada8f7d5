// GMD301/GMD307: "not found" answers: a private module asked of a public
// proxy (GOPRIVATE missing) versus a module or version that does not exist.
import type { Finding } from "../report/schema.js";
import { firstProbed, probed } from "./facts.js";
import type { ModuleListFacts } from "../probes/types.js";
import { failingSeverity, makeFinding, netrcFix, settingFix } from "./fixes.js";
import { hostLooksPrivate, isPublicProxyHost, localLines, moduleHost, originFailureIn, refusedTransportIn, responseSaysMissingVersion, responseSaysPrivate, serverFaultIn, serverResponse, sumdbNotYetSeen } from "./hosts.js";
import { observe, originFailureOf, type Observation } from "./observe.js";
import { hiddenSubgroup } from "./vcs.js";
import { gitHostFailure } from "./repo-host.js";
import { refusedTransportOf } from "./origin-transport.js";
import { halfServedZips } from "./proxy-answers.js";
import { privateProxyGaps } from "./proxy-gaps.js";
import { hostOf } from "./net-text.js";
import { repositoryUrl } from "./repo-url.js";
import { parseGoproxy } from "../context/goproxy.js";
import { goprivateFor, isNoProxy, proxyUrls } from "./settings-view.js";
import { missingReplacementTargets } from "./gomod-directives.js";
import { wrongPathUrls } from "./proxy-path.js";
import { staleIndexModules } from "./proxy-index.js";
import { decodeRequestUrl } from "../trace/url.js";
import { pseudoCommit } from "../util/semver.js";
import { majorPathMismatchText } from "./module-path.js";
import { escapeModulePath } from "../util/modpath.js";
import { matchPrefixPatterns } from "../context/patterns.js";
import { badPathLine } from "./bad-path.js";
import { moduleFilesText } from "./module-files.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const PRIVATE_VIA_PUBLIC_PROXY: CauseInfo = {
  code: "GMD301",
  name: "private-not-in-goprivate",
  title: "A private module is requested from a public proxy (not in GOPRIVATE)",
  explain:
    "Modules matching no GOPRIVATE/GONOPROXY pattern are fetched through GOPROXY. A public proxy cannot read a private repository and " +
    "answers 404/410 (`not found`, often with `terminal prompts disabled` in the server response), and the checksum database would refuse it " +
    "next. Told apart from a module that does not exist by the server's response and by the module's host. The fix is a GOPRIVATE pattern " +
    "covering the private paths (computed from the modules seen), plus git credentials for the host.",
};

export const MODULE_NOT_FOUND: CauseInfo = {
  code: "GMD307",
  name: "module-not-found",
  title: "The module or version does not exist",
  explain:
    "The proxy (or the repository) answered that the module or the requested version does not exist (`unknown revision`, `invalid version`, " +
    "`no matching versions`). Adding GOPRIVATE would not help: the module is already routed as it should be, or is public. Check the module " +
    "path and version in go.mod (a typo, a deleted tag, a version never pushed) and list what exists.",
};

function notFound(e: Evidence, obs: Observation[]): Observation[] {
  // go-import pages answering 404 are GMD306's (vcs.ts), not a missing module;
  // nor is a proxy's own failed fetch of a public origin (network.ts), nor a
  // zip missing after the proxy served that version's go.mod (proxy-answers.ts).
  // Nor a version go.mod's replace names (gomod-directives.ts), nor a proxy URL that answers 404 for everything (proxy-path.ts).
  const halfServed = new Set(halfServedZips(e).map((z) => z.url));
  // Nor a private proxy's bare 404 for a public module it does not fetch upstream (proxy-gaps.ts).
  for (const o of privateProxyGaps(e)) halfServed.add(o.url);
  const explained = explainedElsewhere(e);
  return obs.filter(
    (o) =>
      o.role === "proxy" &&
      (o.status === 404 || o.status === 410) &&
      o.module &&
      originFailureOf(o) === undefined &&
      refusedTransportOf(o) === undefined &&
      !halfServed.has(o.url) &&
      !explained(o.url),
  );
}

/** 404s another family explains: a replacement's missing version, a wrong GOPROXY path. */
function explainedElsewhere(e: Evidence): (url: string) => boolean {
  const targets = missingReplacementTargets(e);
  const wrong = wrongPathUrls(e);
  return (url) => {
    if (wrong.has(url)) return true;
    const t = decodeRequestUrl(url, proxyUrls(e));
    return t.module !== undefined && t.version !== undefined && targets.has(`${t.module}@${t.version}`);
  };
}

/** go's error names a missing replacement (`(replaced by NEW@VER)`) or a URL another family explains. */
function errorExplainedElsewhere(e: Evidence, text: string): boolean {
  const targets = missingReplacementTargets(e);
  const replaced = /\(replaced by (\S+@[^)\s]+)\)/.exec(text)?.[1];
  if (replaced && targets.has(replaced)) return true;
  const url = /(https?:\/\/\S+?):? (?:404|410) /.exec(text)?.[1];
  return url !== undefined && wrongPathUrls(e).has(url);
}

function textOf(o: Observation): string {
  return [o.text, ...o.details].join("\n");
}

/** Already matched by GOPRIVATE (even when GONOPROXY=none sends it to an internal proxy): adding GOPRIVATE cannot help. */
function inGoprivate(e: Evidence, path: string): boolean {
  return e.ctx !== undefined && matchPrefixPatterns(e.ctx.env.GOPRIVATE ?? "", path);
}

function looksPrivate(e: Evidence, o: Observation): boolean {
  if (servedOtherFiles(e, o) || listedVersions(e, o.module!) !== undefined) return false;
  return responseSaysPrivate(textOf(o)) || (hostLooksPrivate(moduleHost(o.module!)) && !responseSaysMissingVersion(textOf(o)));
}

/**
 * The same proxy served this module something else in the run (its version
 * list, another version's files): it can read the repository, so a 404 is a
 * missing version, whatever its wording ("unrecognized import path").
 */
function servedOtherFiles(e: Evidence, o: Observation): boolean {
  const base = o.url.split("/@v/")[0];
  if (!base || base === o.url) return false;
  return (e.trace?.requests ?? []).some((r) => r.url !== o.url && r.url.startsWith(`${base}/@v/`) && r.status !== undefined && r.status >= 200 && r.status < 300);
}

/**
 * A proxy probe, after the version's 404/410, read the module's @v/list and
 * found versions: the proxy reads the repository, so the module is public and
 * only this version is missing.
 */
function listedVersions(e: Evidence, module: string): ModuleListFacts | undefined {
  return probed(e, "goproxy").find((p) => p.facts.module === module && (p.facts.list?.versions ?? 0) > 0)?.facts.list;
}

function listEvidence(e: Evidence, modules: string[]): string[] {
  return modules.flatMap((m) => {
    const list = listedVersions(e, m);
    if (!list) return [];
    const newest = list.newest?.length ? ` (newest: ${list.newest.join(", ")})` : "";
    return [`${list.url}: the proxy knows ${m}: ${list.versions} version(s)${newest}${list.listsVersion ? ", the missing one among them" : ""}`];
  });
}

/** The proxy that answered not found, as what it is: a company's proxy is no "public proxy". */
function askedProxy(obs: Observation[]): string {
  const hosts = [...new Set(obs.map((o) => o.host))];
  if (hosts.length === 0 || hosts.every((h) => isPublicProxyHost(h))) return "the public proxy";
  return hosts.length === 1 ? `the module proxy ${hosts[0]}` : `the module proxies ${hosts.join(", ")}`;
}

function privateModules(e: Evidence): Finding[] {
  const probe = firstProbed(e, "private-modules");
  // The probe's DNS-only hint matters only when the modules go to a public
  // proxy: a corporate proxy (Athens, Artifactory) can serve private modules.
  const firstProxy = e.ctx ? parseGoproxy(e.ctx.env.GOPROXY ?? "").entries.find((x) => x.kind === "url")?.url : undefined;
  // GOPROXY=direct (or off) sends nothing to a proxy: GOPRIVATE would change no fetch.
  const toPublicProxy = !e.ctx || (firstProxy !== undefined && isPublicProxyHost(hostOf(firstProxy)));
  const uncovered = toPublicProxy ? (probe?.facts.uncovered ?? []) : [];
  // Any proxy whose answer says it could not read the repository counts, not only a public one.
  const obs = notFound(e, observe(e)).filter(
    (o) => o.role === "proxy" && (isPublicProxyHost(o.host) || hostLooksPrivate(moduleHost(o.module!)) || responseSaysPrivate(textOf(o))) && looksPrivate(e, o),
  );
  const modules = [...new Set([...uncovered, ...obs.map((o) => o.module!)])].filter((m) => isNoProxy(e, m) !== true && !inGoprivate(e, m) && listedVersions(e, m) === undefined).sort();
  if (modules.length === 0) return [];
  const hosts = [...new Set(modules.map(moduleHost))];
  const gitAuth = (e.trace?.errors ?? []).some((x) => responseSaysPrivate([x.message, ...x.details].join("\n")));
  // For exactly these modules: the probe's suggestion may also cover modules a proxy served fine.
  const value = e.ctx ? goprivateFor(e, modules) : (probe?.facts.suggestedGoprivate ?? goprivateFor(e, modules));
  const routes = probe?.facts.routes.filter((r) => modules.includes(r.path) && r.looksPrivate) ?? [];
  const quoted = [...new Set(obs.flatMap((o) => [o.text, ...o.details.slice(0, 2)]))].slice(0, 4);
  return [
    makeFinding(PRIVATE_VIA_PUBLIC_PROXY, {
      title: `${modules.slice(0, 3).join(", ")}${modules.length > 3 ? ", ..." : ""} ${modules.length === 1 ? "is" : "are"} private but not in GOPRIVATE`,
      // A host that does not resolve is weak evidence on its own (an offline
      // or split-DNS machine resolves nothing): a hint, unless a proxy said "not found".
      severity: obs.length > 0 ? failingSeverity(e) : "info",
      confidence: obs.length > 0 ? 0.9 : 0.5,
      why: `These modules match no GOPRIVATE/GONOPROXY pattern, so the go command asks ${askedProxy(obs)} (which cannot read these private repositories ` +
        "and answers not found) and would check them in the public checksum database.",
      evidence: [
        ...quoted,
        // A reason that repeats a line quoted above (go's error, the server's response) adds nothing.
        ...routes
          .filter((r) => !quoted.some((l) => l.length > 20 && r.looksPrivate?.includes(l.trim())))
          .slice(0, 3)
          .map((r) => `${r.path}: looks private (${r.looksPrivate})`),
        ...(e.ctx ? [e.ctx.env.GOPRIVATE ? `GOPRIVATE=${e.ctx.env.GOPRIVATE} does not cover them` : "GOPRIVATE is empty"] : []),
      ],
      modules,
      fixes: [
        settingFix(e, "Mark them private: fetched directly from their repositories, not checked in the public checksum database", "GOPRIVATE", value),
        ...(gitAuth ? hosts.slice(0, 2).map((h) => netrcFix(h)) : []),
      ],
    }),
  ];
}

/**
 * This machine's git (no `server response:`) saying the repository does not
 * exist. GitHub says so also for a private repository the credentials cannot
 * see; without credentials git fails with `terminal prompts disabled` instead (auth-failed).
 */
/**
 * `go: PATH@QUERY: module PATH: ...`: go install/get resolving a query (latest, upgrade, a branch) for the path it was given
 * (modload's QueryPattern); a dependency's failure names a version and comes under a requires or imports chain.
 */
const ASKED_QUERY = /^go(?: (?:get|install|run))?: ([^\s@:"]+)@(latest|upgrade|patch|[a-uw-z][^\s@:"]*): module ([^\s@:"]+): /;
const GIT_REPO_NOT_FOUND = /Repository not found|fatal: repository '[^']+' not found|does not appear to be a git repository/i;
const GIT_AUTH = /terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|Permission denied|Access denied|40[13]/i;

function gitSaysNoRepo(text: string): boolean {
  // GitLab hiding a private subgroup's project from a request without credentials (vcs.ts): auth-failed.
  return !/server response:/.test(text) && GIT_REPO_NOT_FOUND.test(text) && !GIT_AUTH.test(text) && !hiddenSubgroup(text);
}

/** What `replace M => ../dir` leaves as M's version in go.mod (modfile's zero pseudo-version). */
const LOCAL_REPLACE_PLACEHOLDER = "v0.0.0-00010101000000-000000000000";

/** The line of a `requires` chain that carries the error: the failing module's own line. */
function failingLine(x: { module?: string; details: string[] }): string | undefined {
  // `MOD@VER: ERR`, or at the end of an import chain `PKG: MOD@VER: ERR`.
  return x.module ? x.details.find((d) => (d.startsWith(`${x.module}@`) || d.includes(`: ${x.module}@`)) && /: /.test(d)) : undefined;
}

/**
 * `unknown revision sub/v1.0.0` for module ROOT/sub (or ROOT/sub/vN): a module in a
 * subdirectory of its repository is versioned by tags with that directory as
 * prefix (cmd/go/internal/modfetch codeRepo.codeDir); `v1.0.0` alone versions the root module.
 */
function subdirTagMissing(module: string, text: string): { dir: string; tag: string; version: string; root: string } | undefined {
  const m = /unknown revision ((\S+)\/(v\d+\.\d+\.\d+\S*))/.exec(text);
  if (!m) return undefined;
  const [tag, dir, version] = [m[1]!, m[2]!, m[3]!];
  const at = module.lastIndexOf(`/${dir}`);
  if (at <= 0 || !/^(?:\/v\d+)?$/.test(module.slice(at + dir.length + 1))) return undefined;
  return { dir, tag, version, root: module.slice(0, at) };
}

/** The host of the first module proxy URL in the texts that is not proxy.golang.org (nor a checksum database's `/lookup/`). */
function thirdPartyMirror(texts: string[]): string | undefined {
  for (const text of texts) {
    for (const m of text.matchAll(/https?:\/\/([^/\s"]+)\/\S*\/@(?:v\/|latest)/g)) {
      const host = m[1]!.replace(/^[^@]*@/, "");
      if (host.toLowerCase() !== "proxy.golang.org") return host;
    }
  }
  return undefined;
}

/** go read the repository itself with git (direct mode): no proxy's URL or `server response:` in its error. */
function readWithGit(text: string): boolean {
  return !/server response:|https?:\/\/\S+:? (?:404|410)\b/.test(text) && /unknown revision|invalid version: |no matching versions/.test(text);
}

/**
 * The module with upper-case letters whose 404 was for its case-escaped path
 * (`/github.com/!azure/...`, or `%21azure` as -x prints it), if any.
 */
function caseEscaped(modules: string[], texts: string[]): string | undefined {
  return modules.find((m) => {
    const escaped = escapeModulePath(m);
    if (!escaped.includes("!")) return false;
    const forms = [`/${escaped}/@`, `/${escaped.replace(/!/g, "%21")}/@`];
    return texts.some((t) => forms.some((f) => t.toLowerCase().includes(f.toLowerCase())));
  });
}

function missing(e: Evidence, privateOnes: Set<string>): Finding[] {
  // A 404 whose response names the proxy's own failure (a full disk) is the proxy's fault, not a missing module (network.ts).
  // A proxy that listed a version it then did not have: its stale index, not go.mod (proxy-index.ts).
  const stale = staleIndexModules(e);
  const obs = notFound(e, observe(e)).filter(
    (o) =>
      !privateOnes.has(o.module!) &&
      !stale.has(o.module!) &&
      (!looksPrivate(e, o) || inGoprivate(e, o.module!)) &&
      serverFaultIn(o.details.join("\n")) === undefined &&
      // The proxy could not build the version's zip from its files (module-files.ts): the version exists.
      !moduleFilesText(o.details.join("\n")),
  );
  const fromErrors = (e.trace?.errors ?? []).filter((x) => {
    const text = [x.message, ...x.details].join("\n");
    if (!x.module || privateOnes.has(x.module) || stale.has(x.module) || errorExplainedElsewhere(e, text)) return false;
    // go refused the path itself before any lookup (bad-path.ts).
    if (badPathLine(text) || moduleFilesText(text)) return false;
    // The version exists, but its go.mod's /vN path and the version's major disagree (module-path.ts).
    if (majorPathMismatchText(text)) return false;
    // The server could not fetch a module that exists (sumdb.ts, network.ts).
    if (originFailureIn(x.module, serverResponse(x.details)) !== undefined || refusedTransportIn(serverResponse(x.details)) !== undefined) return false;
    // A version go had fetched, unknown to the checksum database yet (sumdb.ts).
    if (sumdbNotYetSeen(x.message, x.details)) return false;
    // This machine's git failed on the host's side or the client's (repo-host.ts), whatever `invalid version:` wraps it.
    if (gitHostFailure(localLines(x.message, x.details).join("\n")) !== undefined) return false;
    return (/unknown revision|invalid version: |invalid pseudo-version: |no matching versions|malformed module path/.test(text) && !responseSaysPrivate(text)) || gitSaysNoRepo(text);
  });
  const noRepoText = fromErrors.map((x) => [x.message, ...x.details].join("\n")).find(gitSaysNoRepo);
  const noRepo = noRepoText !== undefined;
  // `go install PATH@latest` whose path leads to no repository: the path typed (or copied from a README) is wrong, no dependency.
  const asked = noRepo ? fromErrors.map((x) => ASKED_QUERY.exec(x.message)).find((m) => m !== null && m[1] === m[3]) : undefined;
  const versions = fromErrors.flatMap((x) => (x.module && x.version ? [{ module: x.module, version: x.version, text: [x.message, ...x.details].join("\n") }] : []));
  const placeholder = versions.find((v) => v.version === LOCAL_REPLACE_PLACEHOLDER);
  const badPseudo = versions.find((v) => /invalid pseudo-version: /.test(v.text) && pseudoCommit(v.version) !== undefined);
  // Not found, at a pseudo-version: one with a wrong timestamp or base (hand-written, or from a go before 1.13) is not found either,
  // and older go does not print the proxy's `invalid pseudo-version` answer; the commit it names may exist.
  const pseudo = badPseudo
    ? undefined
    : [...versions, ...obs.map((o) => ({ module: o.module!, version: decodeRequestUrl(o.url, proxyUrls(e)).version ?? "" }))].find((v) => pseudoCommit(v.version) !== undefined);
  // go's own advice under a tidy failure (`go mod tidy -compat=1.17`).
  const compat = fromErrors.flatMap((x) => x.details).find((d) => /^go mod tidy -compat=\S+$/.test(d.trim()))?.trim();
  const subdir = versions.map((v) => ({ ...v, missing: subdirTagMissing(v.module, v.text) })).find((v) => v.missing !== undefined);
  const viaGit = obs.length === 0 && fromErrors.length > 0 && fromErrors.every((x) => readWithGit([x.message, ...x.details].join("\n")));
  const modules = [...new Set([...obs.map((o) => o.module!), ...fromErrors.map((x) => x.module!)])].sort();
  if (modules.length === 0) return [];
  const first = modules[0]!;
  const covered = modules.filter((m) => isNoProxy(e, m) === true || inGoprivate(e, m));
  const cased = caseEscaped(modules, [...obs.flatMap((o) => [o.url, o.text]), ...fromErrors.flatMap((x) => [x.message, ...x.details])]);
  // A mirror other than proxy.golang.org said not found (goproxy.io, goproxy.cn, a company's): it may lack a version its
  // origin has (a commit pushed minutes ago, the mirror's own bug). Asking the origin tells which.
  const mirror = thirdPartyMirror([...obs.map((o) => o.url), ...fromErrors.map((x) => [x.message, ...x.details].join("\n"))]);
  const firstVersion =
    versions.find((v) => v.module === first)?.version ?? obs.map((o) => (o.module === first ? decodeRequestUrl(o.url, proxyUrls(e)).version : undefined)).find((v) => v !== undefined && /^v\d/.test(v));
  return [
    makeFinding(MODULE_NOT_FOUND, {
      title: placeholder
        ? `${placeholder.module}@${placeholder.version} is a local replace's placeholder, not a version`
        : badPseudo
          ? `${badPseudo.module}@${badPseudo.version} is an invalid pseudo-version`
          : subdir && modules.length === 1
            ? `${subdir.module}@${subdir.version}: its repository has no tag ${subdir.missing!.tag}`
            : `${modules.slice(0, 3).join(", ")}: ${noRepo ? "repository not found" : "module or version not found"}`,
      severity: failingSeverity(e),
      confidence: 0.8,
      why: noRepo
        ? "git says the repository does not exist: it was deleted, renamed or made private (GitHub answers the same for a private repository " +
          "your credentials cannot read). " +
          (asked
            ? `The path asked for on the command line (${asked[1]}@${asked[2]}) leads to it: no dependency is involved, the path itself is wrong or out of date.`
            : "A dependency still points at it.")
        : placeholder
          ? `${placeholder.module}@${placeholder.version} is no version: it is the placeholder go writes for a module that a \`replace\` points at a local directory. ` +
            "A dependency's go.mod has that replace, and a dependency's replace directives do not apply to your build, so the placeholder is looked up and not found."
          : badPseudo
            ? `${badPseudo.module}@${badPseudo.version} is a pseudo-version that does not match its commit (go checks its timestamp and base tag against the repository): ` +
              "written by hand or by an older go. The version does not exist as written."
        : (viaGit ? "git found no such module or version in the repository (the go command reads it directly)" : "The server answered that this module or version does not exist") +
          (covered.length > 0 ? " (it is already covered by GOPRIVATE, so GOPRIVATE is not what is missing)" : "") +
          (subdir
            ? `: ${subdir.module} lives in the subdirectory ${subdir.missing!.dir}/ of its repository, so its version ${subdir.version} is the tag ${subdir.missing!.tag}, which the repository lacks (a tag ${subdir.missing!.version} versions the root module only).`
            : ": a typo in go.mod, a version never tagged, or a deleted tag.") +
          (cased ? ` ${cased} has upper-case letters (the URL spells each as '!' and the lower-case letter): if its case differs from the repository's own module line, nothing is found under it.` : ""),
      evidence: [
        ...new Set([
          ...listEvidence(e, modules).slice(0, 1),
          ...obs.flatMap((o) => [o.text, ...o.details.slice(0, 1)]),
          ...fromErrors.flatMap((x) => {
            const parts = [x.message, ...x.details.filter((d) => GIT_REPO_NOT_FOUND.test(d)).slice(0, 2), ...(noRepo ? [] : [failingLine(x) ?? x.details[0]].filter((d) => d !== undefined))];
            // Lines an observation already quoted (go's error and its server response) are not repeated joined into one.
            if (parts.every((part) => obs.some((o) => o.text === part || o.details[0] === part))) return [];
            return [parts.join(x.details.length > 1 && !noRepo ? " ... " : " ")];
          }),
        ]),
      ].slice(0, 4),
      modules,
      fixes: noRepo
        ? [
            asked
              ? {
                  summary:
                    `Check the path ${asked[1]!} against the project's README or https://pkg.go.dev/search?q=${asked[1]!.split("/").pop()!}: ` +
                    "a path element may be missing (a tool usually lives at OWNER/REPO/cmd/TOOL, inside its repository)",
                  commands: [`go install <MODULE>/<PACKAGE>@${asked[2]}`],
                }
              : { summary: `Find which requirement pulls in ${first}, then replace or drop it (or update the module that needs it)`, commands: [`go mod why -m ${first}`, `go mod graph | grep '${first}@'`] },
            { summary: "If the repository is private and you should have access, check that your git credentials can read it", commands: [`git ls-remote ${repositoryUrl(e, first, noRepoText)}`] },
          ]
        : placeholder
          ? [
              {
                summary: `Give ${placeholder.module} a real version or your own local copy: a replace in your go.mod`,
                commands: [`go list -m -versions ${placeholder.module}`, `go mod edit -replace=${placeholder.module}=${placeholder.module}@<VERSION>`],
                caution: `Or point it at a checkout of ${placeholder.module}, as the dependency's own replace does: go mod edit -replace=${placeholder.module}=../<DIR>`,
              },
            ]
          : badPseudo
            ? [
                {
                  summary: "Ask go for that commit's valid pseudo-version, then use it in place of the bad one",
                  commands: [
                    `go list -m ${badPseudo.module}@${pseudoCommit(badPseudo.version)!}`,
                    `go mod edit -replace=${badPseudo.module}@${badPseudo.version}=${badPseudo.module}@<VERSION>`,
                  ],
                  caution: "The first command prints the version to put in place of <VERSION>; when the bad version is your own requirement, `go get MODULE@COMMIT` fixes it directly.",
                },
              ]
            : [
                ...(subdir
                  ? [
                      {
                        summary: `Tag the module's commit ${subdir.missing!.tag} in ${subdir.missing!.root}'s repository: a module in subdirectory ${subdir.missing!.dir}/ needs tags with that prefix`,
                        commands: [
                          `git ls-remote --tags ${repositoryUrl(e, subdir.missing!.root, subdir.text)} '${subdir.missing!.dir}/*' '${subdir.missing!.version}'`,
                          `git tag ${subdir.missing!.tag} <COMMIT> && git push origin ${subdir.missing!.tag}`,
                        ],
                        caution: `Tagging is for the repository's owners; otherwise require a version of ${subdir.module} that has such a tag (listed below).`,
                      },
                    ]
                  : []),
                ...(cased
                  ? [
                      {
                        summary: `Check the letter case of ${cased}: it must match the module line of the repository's go.mod exactly (go.mod, imports and the proxy all use that spelling)`,
                        commands: [`grep -n -i '${cased}' go.mod`, `go list -m ${cased.toLowerCase()}@latest`],
                        caution: "GitHub's URLs ignore case, module paths do not: github.com/Azure/x and github.com/azure/x are two modules, and only the one the repository declares exists.",
                      },
                    ]
                  : []),
                ...(mirror
                  ? [
                      {
                        summary: `See whether the origin has ${first}${firstVersion ? `@${firstVersion}` : ""}, bypassing ${mirror}: a mirror can lack a version its repository has (a commit pushed minutes ago, the mirror's own fault)`,
                        commands: [firstVersion ? `GOPROXY=direct go list -m ${first}@${firstVersion}` : `GOPROXY=direct go list -m -versions ${first}`],
                        caution: `If the origin has it, fetch through another proxy (or ${"`"}direct${"`"}) until ${mirror} catches up: GOPROXY=https://proxy.golang.org,direct.`,
                      },
                    ]
                  : []),
                ...(pseudo
                  ? [
                      {
                        summary: `${pseudo.module}@${pseudo.version} is a pseudo-version of commit ${pseudoCommit(pseudo.version)!}: ask go for that commit's valid pseudo-version (a hand-written or old one with a wrong timestamp is not found)`,
                        commands: [`go list -m ${pseudo.module}@${pseudoCommit(pseudo.version)!}`, `go get ${pseudo.module}@${pseudoCommit(pseudo.version)!}`],
                        caution: "If go says the commit is unknown too, it is gone from the repository (a force-push): require a tagged version instead.",
                      },
                    ]
                  : []),
                { summary: `List the versions that exist and fix the requirement in go.mod`, commands: [`go list -m -versions ${first}`, `grep -n '${first}' go.mod`] },
                ...(compat ? [{ summary: "Or, as the go command suggests, tidy for the newer go versions only (the old module graph needs the missing version)", commands: [compat] }] : []),
              ],
    }),
  ];
}

export const privateFamily: RuleFamily = {
  family: "private",
  causes: [PRIVATE_VIA_PUBLIC_PROXY, MODULE_NOT_FOUND],
  evaluate(e) {
    const priv = privateModules(e);
    return [...priv, ...missing(e, new Set(priv.flatMap((f) => f.modules ?? [])))];
  },
};

// GMD301/GMD307: "not found" answers: a private module asked of a public
// proxy (GOPRIVATE missing) versus a module or version that does not exist.
import type { Finding } from "../report/schema.js";
import { firstProbed } from "./facts.js";
import { GOENV_CAUTION, failingSeverity, goEnvFix, makeFinding, netrcFix } from "./fixes.js";
import { hostLooksPrivate, isPublicProxyHost, moduleHost, originFailureIn, responseSaysMissingVersion, responseSaysPrivate, serverFaultIn, serverResponse } from "./hosts.js";
import { observe, originFailureOf, type Observation } from "./observe.js";
import { hiddenSubgroup } from "./vcs.js";
import { halfServedZips } from "./proxy-answers.js";
import { hostOf } from "./net-text.js";
import { parseGoproxy } from "../context/goproxy.js";
import { goprivateFor, isNoProxy } from "./settings-view.js";
import { matchPrefixPatterns } from "../context/patterns.js";
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
  const halfServed = new Set(halfServedZips(e).map((z) => z.url));
  return obs.filter((o) => o.role === "proxy" && (o.status === 404 || o.status === 410) && o.module && originFailureOf(o) === undefined && !halfServed.has(o.url));
}

function textOf(o: Observation): string {
  return [o.text, ...o.details].join("\n");
}

/** Already matched by GOPRIVATE (even when GONOPROXY=none sends it to an internal proxy): adding GOPRIVATE cannot help. */
function inGoprivate(e: Evidence, path: string): boolean {
  return e.ctx !== undefined && matchPrefixPatterns(e.ctx.env.GOPRIVATE ?? "", path);
}

function looksPrivate(o: Observation): boolean {
  return responseSaysPrivate(textOf(o)) || (hostLooksPrivate(moduleHost(o.module!)) && !responseSaysMissingVersion(textOf(o)));
}

function privateModules(e: Evidence): Finding[] {
  const probe = firstProbed(e, "private-modules");
  // The probe's DNS-only hint matters only when the modules go to a public
  // proxy: a corporate proxy (Athens, Artifactory) can serve private modules.
  const firstProxy = e.ctx ? parseGoproxy(e.ctx.env.GOPROXY ?? "").entries.find((x) => x.kind === "url")?.url : undefined;
  const toPublicProxy = !e.ctx || firstProxy === undefined || isPublicProxyHost(hostOf(firstProxy));
  const uncovered = toPublicProxy ? (probe?.facts.uncovered ?? []) : [];
  // Any proxy whose answer says it could not read the repository counts, not only a public one.
  const obs = notFound(e, observe(e)).filter(
    (o) => o.role === "proxy" && (isPublicProxyHost(o.host) || hostLooksPrivate(moduleHost(o.module!)) || responseSaysPrivate(textOf(o))) && looksPrivate(o),
  );
  const modules = [...new Set([...uncovered, ...obs.map((o) => o.module!)])].filter((m) => isNoProxy(e, m) !== true && !inGoprivate(e, m)).sort();
  if (modules.length === 0) return [];
  const hosts = [...new Set(modules.map(moduleHost))];
  const gitAuth = (e.trace?.errors ?? []).some((x) => responseSaysPrivate([x.message, ...x.details].join("\n")));
  // For exactly these modules: the probe's suggestion may also cover modules a proxy served fine.
  const value = e.ctx ? goprivateFor(e, modules) : (probe?.facts.suggestedGoprivate ?? goprivateFor(e, modules));
  const routes = probe?.facts.routes.filter((r) => modules.includes(r.path) && r.looksPrivate) ?? [];
  return [
    makeFinding(PRIVATE_VIA_PUBLIC_PROXY, {
      title: `${modules.slice(0, 3).join(", ")}${modules.length > 3 ? ", ..." : ""} ${modules.length === 1 ? "is" : "are"} private but not in GOPRIVATE`,
      // A host that does not resolve is weak evidence on its own (an offline
      // or split-DNS machine resolves nothing): a hint, unless a proxy said "not found".
      severity: obs.length > 0 ? failingSeverity(e) : "info",
      confidence: obs.length > 0 ? 0.9 : 0.5,
      why:
        "These modules match no GOPRIVATE/GONOPROXY pattern, so the go command asks the public proxy (which cannot read private repositories " +
        "and answers not found) and would check them in the public checksum database.",
      evidence: [
        ...[...new Set(obs.flatMap((o) => [o.text, ...o.details.slice(0, 2)]))].slice(0, 4),
        ...routes.slice(0, 3).map((r) => `${r.path}: looks private (${r.looksPrivate})`),
        ...(e.ctx ? [e.ctx.env.GOPRIVATE ? `GOPRIVATE=${e.ctx.env.GOPRIVATE} does not cover them` : "GOPRIVATE is empty"] : []),
      ],
      modules,
      fixes: [
        goEnvFix("Mark them private: fetched directly from their repositories, not checked in the public checksum database", "GOPRIVATE", value, GOENV_CAUTION),
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
const GIT_REPO_NOT_FOUND = /Repository not found|fatal: repository '[^']+' not found|does not appear to be a git repository/i;
const GIT_AUTH = /terminal prompts disabled|could not read (?:Username|Password)|Authentication failed|Permission denied|Access denied|40[13]/i;

function gitSaysNoRepo(text: string): boolean {
  // GitLab hiding a private subgroup's project from a request without credentials (vcs.ts): auth-failed.
  return !/server response:/.test(text) && GIT_REPO_NOT_FOUND.test(text) && !GIT_AUTH.test(text) && !hiddenSubgroup(text);
}

function missing(e: Evidence, privateOnes: Set<string>): Finding[] {
  // A 404 whose response names the proxy's own failure (a full disk) is the proxy's fault, not a missing module (network.ts).
  const obs = notFound(e, observe(e)).filter(
    (o) => !privateOnes.has(o.module!) && (!looksPrivate(o) || inGoprivate(e, o.module!)) && serverFaultIn(o.details.join("\n")) === undefined,
  );
  const fromErrors = (e.trace?.errors ?? []).filter((x) => {
    const text = [x.message, ...x.details].join("\n");
    if (!x.module || privateOnes.has(x.module)) return false;
    // The server could not fetch a module that exists (sumdb.ts, network.ts).
    if (originFailureIn(x.module, serverResponse(x.details)) !== undefined) return false;
    return (/unknown revision|invalid version: |no matching versions|malformed module path/.test(text) && !responseSaysPrivate(text)) || gitSaysNoRepo(text);
  });
  const noRepo = fromErrors.some((x) => gitSaysNoRepo([x.message, ...x.details].join("\n")));
  const modules = [...new Set([...obs.map((o) => o.module!), ...fromErrors.map((x) => x.module!)])].sort();
  if (modules.length === 0) return [];
  const first = modules[0]!;
  const covered = modules.filter((m) => isNoProxy(e, m) === true || inGoprivate(e, m));
  return [
    makeFinding(MODULE_NOT_FOUND, {
      title: `${modules.slice(0, 3).join(", ")}: ${noRepo ? "repository not found" : "module or version not found"}`,
      severity: failingSeverity(e),
      confidence: 0.8,
      why: noRepo
        ? "git says the repository does not exist: it was deleted, renamed or made private (GitHub answers the same for a private repository " +
          "your credentials cannot read). A dependency still points at it."
        : "The server answered that this module or version does not exist" +
          (covered.length > 0 ? " (it is already covered by GOPRIVATE, so GOPRIVATE is not what is missing)" : "") +
          ": a typo in go.mod, a version never tagged, or a deleted tag.",
      evidence: [
        ...new Set([
          ...obs.flatMap((o) => [o.text, ...o.details.slice(0, 1)]),
          ...fromErrors.map((x) => [x.message, ...x.details.filter((d) => GIT_REPO_NOT_FOUND.test(d)).slice(0, 2), ...(noRepo ? [] : x.details.slice(0, 1))].join(" ")),
        ]),
      ].slice(0, 4),
      modules,
      fixes: noRepo
        ? [
            { summary: `Find which requirement pulls in ${first}, then replace or drop it (or update the module that needs it)`, commands: [`go mod why -m ${first}`, `go mod graph | grep '${first}@'`] },
            { summary: "If the repository is private and you should have access, check that your git credentials can read it", commands: [`git ls-remote https://${first}`] },
          ]
        : [{ summary: `List the versions that exist and fix the requirement in go.mod`, commands: [`go list -m -versions ${first}`, `grep -n '${first}' go.mod`] }],
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

// GMD2xx: the checksum database: private modules looked up in it, the
// database unreachable (sumdb-reach.ts), checksum mismatches, and missing go.sum entries.
import type { Finding } from "../report/schema.js";
import { probed } from "./facts.js";
import { failingSeverity, makeFinding, settingFix, unsetFix } from "./fixes.js";
import { matchPrefixPatterns, globMiss } from "../context/patterns.js";
import { SUMDB_TREE_URL, parseGosumdb } from "../context/sumdb.js";
import { hostStandsForPrivate, isPublicProxyHost, moduleHost, responseSaysMissingVersion, responseSaysPrivate, sumdbNotYetSeen, unknownRevisionIn } from "./hosts.js";
import { escapeModulePath, escapeVersion } from "../util/modpath.js";
import { hostOf, quotedStatus } from "./net-text.js";
import { isProxiedSumdb, observe, requestUrlFor, originFailureEvidence, originFailureOf, uniqueModules, type Observation } from "./observe.js";
import { goprivateFor, isNoSumdb, proxyUrls, settingOrigin, sumdbView } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";
import { repositoryUrl } from "./repo-url.js";
import { pseudoCommit } from "../util/semver.js";
import { SUMDB_UNREACHABLE, proxiedFailures, unreachable } from "./sumdb-reach.js";

export const SUMDB_PRIVATE: CauseInfo = {
  code: "GMD201",
  name: "sumdb-private-lookup",
  title: "A private module is looked up in the public checksum database",
  explain:
    "Before trusting a new module version the go command asks the checksum database (GOSUMDB, sum.golang.org by default) for its hash. " +
    "The public database cannot read private repositories and answers 404/410 (`verifying MOD@VER: reading https://sum.golang.org/lookup/...: 410 Gone`, " +
    "often with `terminal prompts disabled` in the server response). Private module paths belong in GOPRIVATE (no proxy, no checksum database) " +
    "or, when an internal proxy serves them, in GONOSUMDB only. Public modules are never exempted: that would turn off their verification.",
};

export const CHECKSUM_MISMATCH: CauseInfo = {
  code: "GMD203",
  name: "checksum-mismatch",
  title: "Checksum mismatch (SECURITY ERROR)",
  explain:
    "The downloaded module does not hash to what go.sum or the checksum database says. Either the content changed after it was first recorded " +
    "(a moved tag, a republished version, a proxy serving different bytes) or the local go.sum or cache is wrong. Never fix this by turning " +
    "verification off: find out which side changed. Compare with the checksum database, check go.sum's history, and clear a corrupted cache.",
};

export const MISSING_GO_SUM: CauseInfo = {
  code: "GMD204",
  name: "missing-go-sum",
  title: "go.sum lacks an entry (not a download problem)",
  explain:
    "`missing go.sum entry` means go.sum does not list a module the build needs; the go command refuses to add it on its own in readonly mode. " +
    "It is not a network problem: run `go mod download MOD` or `go mod tidy` and commit go.sum.",
};

export const SUMDB_ORIGIN_FAILED: CauseInfo = {
  code: "GMD205",
  name: "sumdb-origin-failed",
  title: "The checksum database could not fetch the module from its origin",
  explain:
    "For a version it has not seen, the checksum database fetches the module from its origin (github.com and so on) before it answers. When that " +
    "fetch fails on the database's side it answers `404 Not Found` with the failure in the server response (`git ls-remote ... Failed to connect to " +
    "github.com port 443: Connection refused`, golang/go#72121): the module exists, and nothing in this setup is wrong. It passes; retry later. " +
    "So does `unknown revision` for a version go had just fetched (go asks the database only after it has the file): a tag the database has not seen yet. A " +
    "go.sum that already lists the version needs no lookup (commit it from a machine where it worked). Exempting a public module from the " +
    "database (GONOSUMDB, GOSUMDB=off) is not a fix: it turns its verification off. One such failure does not pass: the database fetches over " +
    "https only, so a vanity path whose go-import tag names an ssh:// repository (`fatal: transport 'ssh' not allowed`) is never found; the tag is the fix.",
};

/** A lookup the database answered not found because its own fetch of the origin failed: the failure, or undefined. */
function sumdbOriginFailure(o: Observation): string | undefined {
  return o.role === "sumdb" ? originFailureOf(o) : undefined;
}

function originFailures(e: Evidence): Finding[] {
  const hits = observe(e).filter((o) => sumdbOriginFailure(o) !== undefined);
  if (hits.length === 0) return [];
  const first = hits[0]!;
  const failure = sumdbOriginFailure(first)!;
  const modules = uniqueModules(hits);
  const lookup = first.url || `https://${first.host}/lookup/${first.module}`;
  return [
    makeFinding(SUMDB_ORIGIN_FAILED, {
      title: `The checksum database ${first.host} could not fetch ${modules.slice(0, 2).join(", ")}${modules.length > 2 ? ", ..." : ""} from its origin`,
      severity: failingSeverity(e),
      confidence: 0.85,
      why:
        `${first.host} answered ${first.status} because its own fetch of the module failed ("${failure}"): the failure is on the database's side, ` +
        "not in this setup, and the module exists. It usually passes within hours.",
      evidence: originFailureEvidence(hits),
      modules,
      fixes: [
        { summary: "Retry later; see whether the database answers the lookup yet", commands: [`curl -sS ${lookup}`] },
        {
          summary: "Or take go.sum from a machine (or a teammate's branch) where this version was verified: with its lines in go.sum, no lookup is made",
          commands: modules.slice(0, 2).map((m) => `grep '^${m} ' go.sum`),
          caution: "Do not exempt a public module from the checksum database (GONOSUMDB, GOSUMDB=off): that turns its verification off.",
        },
      ],
    }),
  ];
}

/**
 * A lookup answered not found with `unknown revision VER` for a version go
 * had already fetched (sumdbNotYetSeen): the version exists; the database
 * has not seen it yet (goreleaser/goreleaser#6437: looked up right after
 * the release tag was pushed). Nothing in go.mod is wrong.
 */
function notYetSeen(e: Evidence, covered: Set<string>): Finding[] {
  const hits = (e.trace?.errors ?? []).filter((x) => x.module && x.version && !covered.has(x.module) && sumdbNotYetSeen(x.message, x.details));
  if (hits.length === 0) return [];
  const first = hits[0]!;
  const ids = [...new Set(hits.map((x) => `${x.module}@${x.version}`))];
  const host = hostOf(/(https?:\/\/\S+\/lookup\/\S+?): (?:404|410)/.exec(first.message)?.[1] ?? "") ?? "the checksum database";
  const lookup = /(https?:\/\/\S+\/lookup\/\S+?): (?:404|410)/.exec(first.message)?.[1];
  const revision = unknownRevisionIn(first.details.join("\n"));
  return [
    makeFinding(SUMDB_ORIGIN_FAILED, {
      title: `The checksum database ${host} has not seen ${ids[0]}${ids.length > 1 ? ` and ${ids.length - 1} more` : ""} yet ("unknown revision ${revision}"), a version go had just fetched`,
      severity: failingSeverity(e),
      confidence: 0.85,
      why:
        `go asks the checksum database about a version only after it has fetched the file it checks (the zip or the go.mod), so ${ids[0]} exists where go ` +
        `fetched it from. ${host} answered that its origin has no revision ${revision}: it looked before the tag was pushed (or its copy of the repository ` +
        "is behind), and it keeps that not-found answer for a while. The version and go.mod are fine; a lookup a little later succeeds.",
      evidence: [...new Set(hits.map((x) => [x.message, ...x.details.filter((d) => /server response|unknown revision/.test(d)).slice(0, 1)].join(" | ")))].slice(0, 4),
      modules: [...new Set(hits.map((x) => x.module!))].sort(),
      fixes: [
        {
          summary: "Ask the public module mirror for the version by name (that makes it fetch the tag), then retry the lookup",
          commands: [
            `curl -sS https://proxy.golang.org/${escapeModulePath(first.module!)}/@v/${escapeVersion(first.version!)}.info`,
            ...(lookup ? [`curl -sS ${lookup}`] : []),
          ],
          caution: "In a release pipeline, push the tag and wait until the lookup answers before fetching the new version (retry with a delay).",
        },
        {
          summary: "Or take go.sum lines for it from a machine where the version was verified: with them in go.sum, no lookup is made",
          commands: ids.slice(0, 2).map((id) => `grep '^${id.replace("@", " ")} ' go.sum`),
          caution: "Do not exempt a public module from the checksum database (GONOSUMDB, GOSUMDB=off): that turns its verification off.",
        },
      ],
    }),
  ];
}

/**
 * A lookup answered 404/410 with no server response printed (go1.13 printed
 * none): the database could not fetch that version itself, for a reason only
 * its answer says (a version tagged minutes ago, an origin failing, files go
 * rejects as a module). Private-looking modules are privateLookups' own.
 */
function silentGone(e: Evidence, covered: Set<string>): Finding[] {
  if (sumdbView(e)?.isPublic === false) return customNotFound(e, covered);
  const hits = observe(e).filter(
    (o) =>
      o.role === "sumdb" &&
      (o.status === 404 || o.status === 410) &&
      o.module !== undefined &&
      !covered.has(o.module) &&
      !SUMDB_TREE_URL.test(o.url) && // a tile of the log, not the module's record: sumdb-reach.ts
      !o.details.some((d) => /server response/.test(d)) &&
      !hostStandsForPrivate(moduleHost(o.module)) &&
      !isProxiedSumdb(o.url), // a proxy's relay: sumdb-reach.ts
  );
  if (hits.length === 0) return [];
  const first = hits[0]!;
  const modules = uniqueModules(hits);
  // `vN.x.y+incompatible` of a module whose tree at that tag has a go.mod: the database refuses it
  // (`+incompatible suffix not allowed: module contains a go.mod file`); the module is required by its /vN path.
  const incompatible = /@v(\d+)\.[^@/\s:]*\+incompatible(?:$|[/\s:])/.exec(first.url.split("/lookup/")[1] ?? first.text);
  const major = incompatible ? `${first.module}/v${incompatible[1]}` : undefined;
  return [
    makeFinding(SUMDB_ORIGIN_FAILED, {
      title: `The checksum database ${first.host} could not serve ${modules.slice(0, 2).join(", ")}${modules.length > 2 ? ", ..." : ""} (${quotedStatus([first.text, ...first.details], first.status!)})`,
      severity: failingSeverity(e),
      confidence: 0.6,
      why:
        `${first.host} answers ${first.status} when it cannot fetch a version from its origin itself: a version tagged minutes ago that it cannot fetch yet, ` +
        "a repository that fails, or files that are not a valid module (a file path go rejects). This go printed no server response; the database's answer says which." +
        (major
          ? ` The version is +incompatible: the database refuses one whose tree has a go.mod (\`+incompatible suffix not allowed\`), and such a module is required by its major-version path, ${major}.`
          : ""),
      evidence: [...new Set(hits.map((o) => o.text))].slice(0, 4),
      modules,
      fixes: [
        { summary: "Read the database's reason", commands: [`curl -sS ${first.url || `https://${first.host}/lookup/${first.module}`}`] },
        ...(major
          ? [{ summary: `If it says \`+incompatible suffix not allowed\`: require and import the module by its major-version path, ${major}`, commands: [`go get ${major}@latest`, `grep -rn '"${first.module}[/"]' --include='*.go' .`] }]
          : []),
        {
          summary: "A version just published: retry in a few minutes. A version it cannot serve at all: require another version",
          commands: modules.slice(0, 2).map((m) => `go list -m -versions ${m}`),
          caution: "Do not exempt a public module from the checksum database (GONOSUMDB, GOSUMDB=off): that turns its verification off.",
        },
      ],
    }),
  ];
}

/** A lookup's not-found from a database that is not sum.golang.org (GOSUMDB names another): it does not know the module. */
function customNotFound(e: Evidence, covered: Set<string>): Finding[] {
  const db = sumdbView(e)!;
  const hits = observe(e).filter(
    (o) => o.role === "sumdb" && (o.status === 404 || o.status === 410) && o.module !== undefined && !covered.has(o.module) && !SUMDB_TREE_URL.test(o.url),
  );
  if (hits.length === 0) return [];
  const first = hits[0]!;
  const modules = uniqueModules(hits);
  const version = /@([^@/\s:]+)/.exec(first.url.split("/lookup/")[1] ?? "")?.[1];
  const lookup = first.url.includes("/lookup/") ? first.url : `${db.base}/lookup/${first.module}${version ? `@${version}` : ""}`;
  return [
    makeFinding(SUMDB_ORIGIN_FAILED, {
      title: `The checksum database ${db.name} (${db.base}) does not know ${modules.slice(0, 2).join(", ")}${modules.length > 2 ? ", ..." : ""} (${quotedStatus([first.text, ...first.details], first.status!)})`,
      severity: failingSeverity(e),
      confidence: 0.7,
      why:
        `GOSUMDB names ${db.name}, not sum.golang.org: every module outside GONOSUMDB is verified there, and it answered not found for ` +
        `${modules.length === 1 ? "this one" : "these"}. A database that relays sum.golang.org answers so when its own fetch fails; one that holds only ` +
        "a company's modules cannot verify public ones. Its answer says which; the module path alone does not say the module is private.",
      evidence: [...new Set(hits.flatMap((o) => [o.text, ...o.details.slice(0, 2)]))].slice(0, 4),
      modules,
      fixes: [
        { summary: `Read ${db.name}'s answer, and check that GOSUMDB names the database you mean`, commands: [`curl -sS -m 10 ${lookup}`, "go env GOSUMDB"] },
        ((fix, nosumdb) => ({ ...fix, commands: [...fix.commands, ...nosumdb.commands] }))(
          unsetFix(e, `If ${db.name} only holds your company's modules: verify the public ones with sum.golang.org, and list the company's in GONOSUMDB`, "GOSUMDB", "sum.golang.org"),
          settingFix(e, "", "GONOSUMDB", "<your company's module prefix>"),
        ),
      ],
    }),
  ];
}

function allErrorText(e: Evidence): { module?: string; version?: string; text: string }[] {
  return (e.trace?.errors ?? []).map((x) => ({
    ...(x.module ? { module: x.module } : {}),
    ...(x.version ? { version: x.version } : {}),
    text: [x.message, ...x.details].join("\n"),
  }));
}

/** GONOSUMDB when an internal proxy serves the module (keep using it), else GOPRIVATE. */
function exemptFix(e: Evidence, modules: string[]): Finding["fixes"][number] {
  const internalProxy = proxyUrls(e).some((u) => !isPublicProxyHost(hostOf(u)));
  const variable = internalProxy ? "GONOSUMDB" : "GOPRIVATE";
  // Where the variable is set decides the command (export for the environment, go env -w otherwise).
  return settingFix(
    e,
    internalProxy
      ? "Exempt the private modules from the checksum database (your internal proxy keeps serving them)"
      : "Mark the private modules private: fetched directly, not checked in the public database",
    variable,
    goprivateFor(e, modules, variable),
  );
}

/** `go: <private-go-lib>: verifying go.mod: ...`: the name a poster put in place of the module path. */
const REDACTED_MODULE = /^(?:go: )?(<[^<>\s]+>): verifying /;

/**
 * GOPRIVATE covers the checksum database only while GONOSUMDB is unset
 * (cfg.go: GONOSUMDB = envOr("GONOSUMDB", GOPRIVATE)): once GONOSUMDB is set,
 * it alone decides. Modules in GOPRIVATE but not in a set GONOSUMDB that this
 * run looked up (or tried to) in the database: the user meant them private.
 */
function gonosumdbOverride(e: Evidence): Finding[] {
  const env = e.ctx?.env;
  if (!env || !env.GOPRIVATE || !env.GONOSUMDB || parseGosumdb(env.GOSUMDB ?? "").off) return [];
  const looked = [
    ...observe(e).filter((o) => o.role === "sumdb" && o.module).map((o) => o.module!),
    ...allErrorText(e).filter((x) => x.module && /\bverifying\b|\/lookup\//.test(x.text)).map((x) => x.module!),
    ...(e.trace?.requests ?? []).flatMap((r) => /\/lookup\/([^@]+)@/.exec(r.url)?.[1] ?? []),
  ];
  const modules = [...new Set(looked)].filter((m) => matchPrefixPatterns(env.GOPRIVATE, m) && !matchPrefixPatterns(env.GONOSUMDB, m)).sort();
  if (modules.length === 0) return [];
  const db = parseGosumdb(env.GOSUMDB ?? "").name || "the checksum database";
  return [
    makeFinding(SUMDB_PRIVATE, {
      title: `GONOSUMDB=${env.GONOSUMDB} replaces GOPRIVATE for the checksum database: ${modules.slice(0, 2).join(", ")}${modules.length > 2 ? ", ..." : ""} ${modules.length === 1 ? "is" : "are"} looked up in ${db}`,
      severity: failingSeverity(e),
      confidence: 0.9,
      why:
        `${modules.length === 1 ? "This module matches" : "These modules match"} GOPRIVATE=${env.GOPRIVATE}, but GOPRIVATE stands in for GONOSUMDB only while GONOSUMDB is unset; ` +
        `GONOSUMDB=${env.GONOSUMDB} does not match ${modules.length === 1 ? "it" : "them"}, so the go command verifies ${modules.length === 1 ? "it" : "them"} in ${db}, ` +
        "which cannot know a private module (it answers not found, or, unreachable from here, stalls the download) and learns its path.",
      evidence: [
        `GOPRIVATE=${env.GOPRIVATE}`,
        `GONOSUMDB=${env.GONOSUMDB}`,
        ...allErrorText(e).filter((x) => x.module && modules.includes(x.module)).map((x) => x.text.split("\n")[0]!).slice(0, 2),
      ],
      modules,
      fixes: [
        settingFix(e, "Add the private modules to GONOSUMDB", "GONOSUMDB", goprivateFor(e, modules, "GONOSUMDB")),
        unsetFix(e, "Or drop GONOSUMDB, so GOPRIVATE covers the checksum database again", "GONOSUMDB", ""),
      ],
    }),
  ];
}

/** Whether a finding is about the modules of `findings` only (and names some). */
function onlyAbout(findings: Finding[]): (f: Finding) => boolean {
  const modules = new Set(findings.flatMap((f) => f.modules ?? []));
  return (f) => (f.modules?.length ?? 0) > 0 && f.modules!.every((m) => modules.has(m));
}

/**
 * The database failing only for the modules GONOSUMDB left out is that
 * lookup, which should not happen, not a second cause: folded into the
 * override finding (foldSymptoms in diagnose.ts folds by code, for every module alike).
 */
function foldIntoOverride(override: Finding[], reach: Finding[]): { override: Finding[]; reach: Finding[] } {
  const inside = onlyAbout(override);
  if (!reach.some(inside)) return { override, reach };
  return { override: override.map((f) => ({ ...f, explains: [SUMDB_UNREACHABLE.code] })), reach: reach.filter((f) => !inside(f)) };
}

/**
 * The setting that decides the checksum database (GONOSUMDB, or GOPRIVATE
 * while GONOSUMDB is unset) when it was meant to cover the module but a
 * wildcard of it misses: the why, and the setting as evidence.
 */
function patternMiss(e: Evidence, modules: string[]): { why: string; setting: string } | undefined {
  const env = e.ctx?.env;
  // go env reports GOPRIVATE's value under GONOSUMDB when GONOSUMDB is unset: name the one the user wrote.
  const origin = settingOrigin(e, "GONOSUMDB").from;
  const ownGonosumdb = !!env?.GONOSUMDB && (env.GONOSUMDB !== env.GOPRIVATE || origin === "environment" || origin === "go env file");
  const variable = ownGonosumdb ? "GONOSUMDB" : env?.GOPRIVATE ? "GOPRIVATE" : undefined;
  if (!variable) return undefined;
  const list = env![variable]!;
  for (const m of modules) {
    const why = globMiss(list, m);
    if (why) return { why: `${variable}=${list} does not cover ${m}: ${why}.`, setting: `${variable}=${list}` };
  }
  return undefined;
}

function privateLookups(e: Evidence): Finding[] {
  const fromProbe = probed(e, "sumdb").flatMap((p) => p.facts.privateLookups);
  // A posted log may name the module by a placeholder (`<private-go-lib>`): the response still says it is private.
  const obs = observe(e)
    // Only a lookup's not-found speaks of the module; a tile's is the database's own gap (sumdb-reach.ts).
    .filter((o) => o.role === "sumdb" && (o.status === 404 || o.status === 410) && !SUMDB_TREE_URL.test(o.url))
    .map((o) => (o.module ? o : { ...o, module: REDACTED_MODULE.exec(o.text)?.[1] }))
    .filter((o): o is Observation & { module: string } => o.module !== undefined);
  // Only sum.golang.org is known to hold every public module and no private one: another database's not-found needs its reason.
  const db = sumdbView(e);
  const custom = db !== undefined && !db.isPublic;
  const fromTrace = obs.filter((o) => {
    if (sumdbOriginFailure(o) !== undefined) return false;
    const text = [o.text, ...o.details].join("\n");
    return responseSaysPrivate(text) || (!custom && hostStandsForPrivate(moduleHost(o.module)) && !responseSaysMissingVersion(text));
  });
  const modules = [...new Set([...fromProbe, ...uniqueModules(fromTrace)])].filter((m) => isNoSumdb(e, m) !== true).sort();
  if (modules.length === 0) return [];
  const miss = patternMiss(e, modules);
  return [
    makeFinding(SUMDB_PRIVATE, {
      title: custom
        ? `Private module${modules.length === 1 ? "" : "s"} ${modules.slice(0, 3).join(", ")} looked up in the checksum database ${db.name} (${db.base}), which cannot read ${modules.length === 1 ? "it" : "them"}`
        : `Private module${modules.length === 1 ? "" : "s"} ${modules.slice(0, 3).join(", ")} looked up in the public checksum database`,
      severity: failingSeverity(e),
      confidence: fromTrace.length > 0 ? 0.9 : 0.75,
      why: custom
        ? `GOSUMDB names ${db.name}; its answer says it cannot read ${modules.length === 1 ? "this repository" : "these repositories"} (it fetches modules itself to hash them), so the go command stops.` + (miss ? ` ${miss.why}` : "")
        : "The checksum database only knows public modules; for a private one it answers not found and the go command stops." + (miss ? ` ${miss.why}` : ""),
      evidence: [
        ...(miss ? [miss.setting] : []),
        ...[...new Set(fromTrace.flatMap((o) => [o.text, ...o.details.slice(0, 2)]))].slice(0, 4),
        ...(fromProbe.length > 0 ? [`probe sumdb: would be looked up although private: ${fromProbe.slice(0, 4).join(", ")}`] : []),
      ],
      modules,
      fixes: [exemptFix(e, modules)],
    }),
  ];
}

function mismatch(e: Evidence): Finding[] {
  const hits = allErrorText(e).filter((x) => /checksum mismatch|SECURITY ERROR/.test(x.text));
  if (hits.length === 0) return [];
  const module = hits.find((h) => h.module)?.module ?? /verifying ([^@\s]+)@/.exec(hits[0]!.text)?.[1];
  const version = hits.find((h) => h.version)?.version ?? /(?:verifying |go: )[^@\s]+@([^\s:/]+)/.exec(hits[0]!.text)?.[1];
  const target = module ? `${module}${version ? `@${version}` : ""}` : "the module";
  // go prints the record it compared with: `go.sum:     h1:...` or the database's name (`sum.golang.org: h1:...`).
  const all = hits.map((h) => h.text).join("\n");
  const database = /go\.sum: +h1:/.test(all) ? undefined : /^\s*([a-z0-9.-]+\.[a-z]{2,}): +h1:/m.exec(all)?.[1];
  // A pseudo-version names a commit, not a tag: whether that commit is still in the repository (a force-push drops it) is the check.
  const commit = version ? pseudoCommit(version) : undefined;
  const repo = module ? repositoryUrl(e, module, hits.map((h) => h.text).join("\n")) : undefined;
  const commitFix =
    commit && repo
      ? {
          summary: `${version} is a pseudo-version of commit ${commit}: see whether the repository still has it (a force-push or rewritten history replaces it with another)`,
          commands: [`git ls-remote ${repo} | grep ${commit}`, `grep '${module} ${version}' go.sum`, `git clone --filter=blob:none --no-checkout ${repo} /tmp/mod-check && git -C /tmp/mod-check cat-file -t ${commit}`],
          caution: "ls-remote lists branch and tag tips only: a commit behind a tip is checked by the clone. A commit that is gone cannot be verified: move to a tagged version (go list -m -versions).",
        }
      : undefined;
  // The database go verified against (GOSUMDB's, or a proxy's relay of it), not always sum.golang.org.
  const db = sumdbView(e) ?? { name: "sum.golang.org", base: "https://sum.golang.org", isPublic: true };
  // Downloaded in this run: nothing of it was in the module cache before, so clearing the cache changes nothing.
  const fresh = module !== undefined && version !== undefined && ["zip", "mod"].some((ext) => requestUrlFor(e, module, version, ext) !== undefined);
  return [
    makeFinding(CHECKSUM_MISMATCH, {
      title: `Checksum mismatch for ${target} (SECURITY ERROR)`,
      severity: "blocker",
      confidence: 0.95,
      why: database
        ? `The bits downloaded for ${target} do not hash to what ${database} recorded when it first saw that version; go.sum is not involved. ` +
          "The copy came from somewhere else than the bits the database saw: a tag re-pushed upstream and fetched directly (or by a proxy after the move), " +
          "a proxy or cache in the path serving other bits, or a broken copy in the module cache."
        : "The downloaded content does not match the recorded hash; the go command refuses it. Something changed the module or the record.",
      // A repeated error (go mod download, then go mod vendor) adds nothing: each line once.
      evidence: [...new Set(hits.flatMap((h) => h.text.split("\n")).filter((l) => l.trim() !== ""))].slice(0, 5),
      modules: module ? [module] : [],
      fixes: [
        ...(commitFix ? [commitFix] : []),
        // A module exempt from the database (GOPRIVATE/GONOSUMDB) has no record there, and asking would send its path out.
        database && module && version
          ? {
              summary: `See where your copy came from (the GOPROXY entries, or direct from the repository) and what ${database} recorded`,
              commands: ["go env GOPROXY GOPRIVATE GONOSUMDB", `curl -sS ${db.name === database ? db.base : `https://${database}`}/lookup/${module}@${version}`],
              caution: "A tag moved upstream changes what a direct fetch gets, not the record: the module's owners fix that with a new version.",
            }
          : module && isNoSumdb(e, module)
          ? {
              summary: `${module} is exempt from the checksum database: go.sum is its only record. Find out which side changed: go.sum's history, or the repository's tag`,
              commands: [...(version ? [`grep '${module} ${version}' go.sum`] : []), "git log -p -- go.sum | head -50", ...(version && !commit ? [`git ls-remote ${repo ?? `https://${module}`} 'refs/tags/${version}*'`] : [])],
              caution: "A tag moved after go.sum recorded it changes the content; ask the module's owners before accepting the new hash.",
            }
          : {
              summary: `Find out which side changed: compare go.sum with the checksum database${db.isPublic ? "" : ` ${db.name}`} and check go.sum's history`,
              commands: [...(module && version ? [`curl -sS ${db.base}/lookup/${module}@${version}`, `grep '${module} ${version}' go.sum`] : []), "git log -p -- go.sum | head -50"],
              ...(fresh ? { caution: "Do not turn verification off (GOSUMDB=off, GONOSUMDB): that accepts tampered code." } : {}),
            },
        ...(database && module && version && database === "sum.golang.org"
          ? [
              {
                summary: "Drop the cached download of that version and fetch it from the public mirror, which serves the bits the database recorded",
                commands: [
                  `rm -f "$(go env GOMODCACHE)/cache/download/${escapeModulePath(module)}/@v/${escapeVersion(version)}."*`,
                  `GOPROXY=https://proxy.golang.org go mod download -x ${module}@${version}`,
                ],
                caution: "If that copy verifies, your usual GOPROXY (or something between you and it) served other bits: tell its operators.",
              },
            ]
          : []),
        ...(fresh
          ? []
          : [
              {
                summary: "If the local module cache is corrupted, clear it and download again",
                commands: ["go clean -modcache", module && version ? `go mod download -x ${module}@${version}` : "go mod download -x"],
                caution: "go clean -modcache discards the whole module cache (every module is downloaded again). Do not turn verification off (GOSUMDB=off, GONOSUMDB): that accepts tampered code.",
              },
            ]),
      ],
    }),
  ];
}

function missingSum(e: Evidence): Finding[] {
  // go1.15-1.16 said it without naming a module: `updates to go.sum needed, disabled by -mod=readonly`.
  const hits = allErrorText(e).filter((x) => /missing go\.sum entry|updates to go\.sum needed/.test(x.text));
  if (hits.length === 0) return [];
  const unnamed = hits.every((h) => !/missing go\.sum entry/.test(h.text));
  const adds = [...new Set(hits.flatMap((h) => [...h.text.matchAll(/go (mod download|get) ([^\s]+)/g)].map((m) => `go ${m[1]} ${m[2]}`)))];
  // The only error of a run that failed: it is what stopped the build. Beside another failure, a side note.
  const only = hits.length === (e.trace?.errors.length ?? 0) && e.outcome !== "ok" && e.outcome !== "probed";
  return [
    makeFinding(MISSING_GO_SUM, {
      severity: only ? "blocker" : "info",
      confidence: 0.9,
      why: unnamed
        ? "go.sum is out of date with go.mod, and this go command runs with -mod=readonly (the default of go list, go build and go test since go1.16, and of an editor's gopls), so it may not add the missing lines itself; this is a go.sum to update, not a download that failed."
        : "go.sum does not list a module the build needs; this is a go.sum to update, not a download that failed" +
          (only ? ", and it is what stopped this run: the go command does not add go.sum lines on its own (-mod=readonly)." : "."),
      evidence: hits.map((h) => h.text.split("\n")[0]!).slice(0, 3),
      fixes: [{ summary: "Add the missing entries and commit go.sum", commands: adds.length > 0 ? adds : ["go mod tidy"] }],
    }),
  ];
}

export const sumdbFamily: RuleFamily = {
  family: "sumdb",
  causes: [SUMDB_PRIVATE, SUMDB_UNREACHABLE, CHECKSUM_MISMATCH, MISSING_GO_SUM, SUMDB_ORIGIN_FAILED],
  evaluate(e) {
    const origin = originFailures(e);
    const { override, reach } = foldIntoOverride(gonosumdbOverride(e), unreachable(e));
    const overridden = onlyAbout(override);
    const privateOnes = [...override, ...privateLookups(e).filter((f) => !overridden(f))];
    const covered = new Set([...origin, ...privateOnes].flatMap((f) => f.modules ?? []));
    const unseen = notYetSeen(e, covered);
    for (const m of unseen.flatMap((f) => f.modules ?? [])) covered.add(m);
    return [...privateOnes, ...reach, ...proxiedFailures(e), ...origin, ...unseen, ...silentGone(e, covered), ...mismatch(e), ...missingSum(e)];
  },
};

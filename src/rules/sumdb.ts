// GMD2xx: the checksum database: private modules looked up in it, the
// database unreachable, checksum mismatches, and missing go.sum entries.
import type { Finding } from "../report/schema.js";
import { endpointFailure, probed } from "./facts.js";
import { GOENV_CAUTION, failingSeverity, goEnvFix, makeFinding, mirrorFix } from "./fixes.js";
import { hostLooksPrivate, isPublicProxyHost, isPublicSumdbHost, moduleHost, responseSaysMissingVersion, responseSaysPrivate } from "./hosts.js";
import { classifyProbeCode, hostOf } from "./net-text.js";
import { SUMDB_PATH, isProxiedSumdb, observe, originFailureEvidence, originFailureOf, roleOfUrl, uniqueModules, type Observation } from "./observe.js";
import { goprivateFor, isNoSumdb, proxyUrls } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

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

export const SUMDB_UNREACHABLE: CauseInfo = {
  code: "GMD202",
  name: "sumdb-unreachable",
  title: "The checksum database cannot be reached",
  explain:
    "The go command verifies every new public module against the checksum database. When GOPROXY does not proxy it (`<proxy>/sumdb/<name>/supported` " +
    "answers 404), the go command contacts the database host directly, and a firewall, DNS or a silent network stops it there. " +
    "Fix: allow the database host, or use a GOPROXY that proxies the database (proxy.golang.org and the public mirrors do). " +
    "Turning verification off (GOSUMDB=off, GONOSUMDB for public modules) is not a fix: it removes the protection against tampered modules.",
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
    "github.com port 443: Connection refused`, golang/go#72121): the module exists, and nothing in this setup is wrong. It passes; retry later. A " +
    "go.sum that already lists the version needs no lookup (commit it from a machine where it worked). Exempting a public module from the " +
    "database (GONOSUMDB, GOSUMDB=off) is not a fix: it turns its verification off.",
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
  return goEnvFix(
    internalProxy
      ? "Exempt the private modules from the checksum database (your internal proxy keeps serving them)"
      : "Mark the private modules private: fetched directly, not checked in the public database",
    variable,
    goprivateFor(e, modules, variable),
    GOENV_CAUTION,
  );
}

function privateLookups(e: Evidence): Finding[] {
  const fromProbe = probed(e, "sumdb").flatMap((p) => p.facts.privateLookups);
  const obs = observe(e).filter((o) => o.role === "sumdb" && (o.status === 404 || o.status === 410) && o.module);
  const fromTrace = obs.filter((o) => {
    if (sumdbOriginFailure(o) !== undefined) return false;
    const text = [o.text, ...o.details].join("\n");
    return responseSaysPrivate(text) || (hostLooksPrivate(moduleHost(o.module!)) && !responseSaysMissingVersion(text));
  });
  const modules = [...new Set([...fromProbe, ...uniqueModules(fromTrace)])].filter((m) => isNoSumdb(e, m) !== true).sort();
  if (modules.length === 0) return [];
  return [
    makeFinding(SUMDB_PRIVATE, {
      title: `Private module${modules.length === 1 ? "" : "s"} ${modules.slice(0, 3).join(", ")} looked up in the public checksum database`,
      severity: failingSeverity(e),
      confidence: fromTrace.length > 0 ? 0.9 : 0.75,
      why: "The checksum database only knows public modules; for a private one it answers not found and the go command stops.",
      evidence: [
        ...[...new Set(fromTrace.flatMap((o) => [o.text, ...o.details.slice(0, 2)]))].slice(0, 4),
        ...(fromProbe.length > 0 ? [`probe sumdb: would be looked up although private: ${fromProbe.slice(0, 4).join(", ")}`] : []),
      ],
      modules,
      fixes: [exemptFix(e, modules)],
    }),
  ];
}

function unreachable(e: Evidence): Finding[] {
  const evidence: string[] = [];
  let host: string | undefined;
  let probeSaw = false;
  for (const p of probed(e, "sumdb")) {
    if (p.facts.name === "off" || !p.facts.endpoint) continue;
    const supported = (p.facts.proxySupported ?? []).some((s) => s.status === 200);
    const fail = endpointFailure(p.facts.endpoint);
    if (!fail || supported || fail.step === "tls") continue;
    // A 4xx from /latest is an answer: the database is reachable (other rules read the status).
    // A 200 that is no tree head (a login page, an endless body) is not: something else answers for it.
    const status = p.facts.endpoint.http?.status;
    if (fail.step === "http" && status !== undefined && status < 500 && classifyProbeCode(fail.code) !== "protocol") continue;
    probeSaw = true;
    host = p.facts.endpoint.host;
    evidence.push(`probe ${p.result.id}: ${fail.step} failed: ${fail.code ?? ""} ${fail.message ?? ""}`.trim());
    for (const s of p.facts.proxySupported ?? []) evidence.push(`${s.proxy}/sumdb/${p.facts.name}/supported: ${s.status ?? s.code ?? "failed"}`);
  }
  // Through a proxy (`<proxy>/sumdb/...`) a connection failure is the proxy's (network.ts), not the database's.
  const obs = observe(e).filter(
    (o) => o.role === "sumdb" && o.source === "trace" && o.failure && !o.failure.startsWith("tls") && o.viaHttpProxy !== true && !isProxiedSumdb(o.url),
  );
  for (const o of obs) evidence.push(o.text);
  host ??= obs[0]?.host;
  const stalled = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "http" && s.url && roleOfUrl(s.url) === "sumdb");
  for (const s of stalled) evidence.push(`# get ${s.url} (no answer for ${Math.round(s.idleMs / 1000)}s)`);
  host ??= stalled[0]?.url ? hostOf(stalled[0].url) : undefined;
  if (evidence.length === 0) return [];
  const name = host ?? "the checksum database";
  const mirror = mirrorFix(e, "Use a mirror that proxies the checksum database");
  return [
    makeFinding(SUMDB_UNREACHABLE, {
      title: `The checksum database ${name} cannot be reached`,
      severity: failingSeverity(e),
      confidence: probeSaw || obs.length > 0 ? 0.85 : 0.7,
      why: `Modules are verified against ${name}, the current GOPROXY does not proxy it, and the direct connection fails.`,
      evidence: [...new Set(evidence)].slice(0, 5),
      modules: uniqueModules(obs),
      fixes: [
        { summary: `Allow ${name} through the firewall, or use a GOPROXY that proxies the checksum database`, commands: [`curl -sS -m 10 https://${host ?? "sum.golang.org"}/latest`, "go env GOPROXY GOSUMDB"] },
        ...(mirror ? [mirror] : []),
      ],
    }),
  ];
}

/** `GOSUMDB='NAME URL'`: the go command then uses that URL and skips the proxies (modfetch/sumdb.go dbDial). */
function directSumdbFix(name: string, proxyHost: string, alternative: boolean): Finding["fixes"][number] {
  const known = name === "sum.golang.org";
  return {
    summary: `${alternative ? "Or v" : "V"}erify against the database itself, not through ${proxyHost}: an explicit URL in GOSUMDB bypasses the proxies (verification stays on)`,
    commands: [known ? `go env -w GOSUMDB='sum.golang.org https://sum.golang.org'` : `go env -w GOSUMDB='<${name}+KEY> https://${name}'`, `curl -sS -m 10 https://${name}/latest`],
    caution: `Only if this machine can reach https://${name}${known ? " (in mainland China, GOSUMDB=sum.golang.google.cn is the same database)" : ""}. ${GOENV_CAUTION}`,
  };
}

/**
 * The checksum database through a proxy that fails at it: `<proxy>/sumdb/<name>/supported`
 * answering something else than 200/404/410 (go then neither uses the proxy nor
 * goes direct), or the proxy's copy missing a tile the go command needs.
 */
function proxiedFailures(e: Evidence): Finding[] {
  const out: Finding[] = [];
  const hits = observe(e).filter((o) => {
    const m = SUMDB_PATH.exec(o.url);
    if (!m || o.status === undefined || o.status < 400) return false;
    if (m[3] === "supported") return o.status < 500 && ![401, 403, 404, 410].includes(o.status); // 5xx: proxy-server-error; 401/403: auth-failed
    if (m[3] === "lookup/") return o.status !== 404 && o.status !== 410; // not found: the database's answer (private lookups)
    return true;
  });
  const byHost = new Map<string, typeof hits>();
  for (const o of hits) byHost.set(o.host, [...(byHost.get(o.host) ?? []), o]);
  for (const [host, obs] of [...byHost.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const first = obs[0]!;
    const [, , name = "sum.golang.org", what = ""] = SUMDB_PATH.exec(first.url) ?? [];
    const viaProxy = !isPublicSumdbHost(host) && host !== name.split("/")[0];
    const supported = what === "supported";
    const response = first.details.find((d) => /server response:/.test(d));
    out.push(
      makeFinding(SUMDB_UNREACHABLE, {
        title: viaProxy
          ? `The checksum database ${name} fails through the proxy ${host} (${first.status}${supported ? " to /supported" : ""})`
          : `The checksum database ${host} answers ${first.status}`,
        severity: failingSeverity(e),
        confidence: 0.85,
        why: supported
          ? `${host} answers ${first.status} to /sumdb/${name}/supported. The go command takes only 200 (the proxy serves the database) or 404/410 ` +
            `(go to ${name} directly) as an answer; anything else makes the checksum database unavailable, so every new module fails verification.`
          : viaProxy
            ? `${host} proxies the checksum database and answered ${first.status} for ${what === "tile/" ? "a tile" : "a request"} the go command needs ` +
              `(its copy of ${name} is incomplete or broken), so verification cannot complete. The go command does not fall back to ${name} once a proxy said it serves it.`
            : `${host} answered ${first.status}; verification cannot complete until it answers.`,
        evidence: [...new Set(obs.flatMap((o) => [o.text, ...(response ? [response.trim()] : [])]))].slice(0, 4),
        modules: uniqueModules(obs),
        fixes: supported
          ? [
              {
                summary: `Have ${host} proxy the checksum database, or answer 404 at /sumdb/${name}/supported: a setting of the repository manager, or its operators' job`,
                commands: [`curl -sS -o /dev/null -w '%{http_code}\\n' ${first.url}`],
              },
              directSumdbFix(name, host, true),
            ]
          : viaProxy
            ? [directSumdbFix(name, host, false), { summary: `Tell ${host}'s operators and retry later`, commands: [`curl -sS -o /dev/null -w '%{http_code}\\n' ${first.url}`] }]
            : [{ summary: "Retry later; check the database's status", commands: [`curl -sS -m 10 https://${host}/latest`] }],
      }),
    );
  }
  return out;
}

function mismatch(e: Evidence): Finding[] {
  const hits = allErrorText(e).filter((x) => /checksum mismatch|SECURITY ERROR/.test(x.text));
  if (hits.length === 0) return [];
  const module = hits.find((h) => h.module)?.module ?? /verifying ([^@\s]+)@/.exec(hits[0]!.text)?.[1];
  const version = hits.find((h) => h.version)?.version ?? /(?:verifying |go: )[^@\s]+@([^\s:/]+)/.exec(hits[0]!.text)?.[1];
  const target = module ? `${module}${version ? `@${version}` : ""}` : "the module";
  return [
    makeFinding(CHECKSUM_MISMATCH, {
      title: `Checksum mismatch for ${target} (SECURITY ERROR)`,
      severity: "blocker",
      confidence: 0.95,
      why: "The downloaded content does not match the recorded hash; the go command refuses it. Something changed the module or the record.",
      evidence: hits.flatMap((h) => h.text.split("\n")).filter((l) => l.trim() !== "").slice(0, 5),
      modules: module ? [module] : [],
      fixes: [
        {
          summary: "Find out which side changed: compare go.sum with the checksum database and check go.sum's history",
          commands: [...(module && version ? [`curl -sS https://sum.golang.org/lookup/${module}@${version}`, `grep '${module} ${version}' go.sum`] : []), "git log -p -- go.sum | head -50"],
        },
        {
          summary: "If the local module cache is corrupted, clear it and download again",
          commands: ["go clean -modcache", module && version ? `go mod download -x ${module}@${version}` : "go mod download -x"],
          caution: "go clean -modcache discards the whole module cache (every module is downloaded again). Do not turn verification off (GOSUMDB=off, GONOSUMDB, GOFLAGS=-insecure): that accepts tampered code.",
        },
      ],
    }),
  ];
}

function missingSum(e: Evidence): Finding[] {
  const hits = allErrorText(e).filter((x) => /missing go\.sum entry/.test(x.text));
  if (hits.length === 0) return [];
  const adds = [...new Set(hits.flatMap((h) => [...h.text.matchAll(/go mod download ([^\s]+)/g)].map((m) => `go mod download ${m[1]}`)))];
  return [
    makeFinding(MISSING_GO_SUM, {
      severity: "info",
      confidence: 0.9,
      why: "go.sum does not list a module the build needs; this is a go.sum to update, not a download that failed.",
      evidence: hits.map((h) => h.text.split("\n")[0]!).slice(0, 3),
      fixes: [{ summary: "Add the missing entries and commit go.sum", commands: adds.length > 0 ? adds : ["go mod tidy"] }],
    }),
  ];
}

export const sumdbFamily: RuleFamily = {
  family: "sumdb",
  causes: [SUMDB_PRIVATE, SUMDB_UNREACHABLE, CHECKSUM_MISMATCH, MISSING_GO_SUM, SUMDB_ORIGIN_FAILED],
  evaluate(e) {
    return [...privateLookups(e), ...unreachable(e), ...proxiedFailures(e), ...originFailures(e), ...mismatch(e), ...missingSum(e)];
  },
};

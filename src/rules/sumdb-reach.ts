// GMD202: the checksum database reached directly or through GOPROXY, and
// what it did: no connection (DNS, refused, silence), a server error, a rate
// limit, or a web page answering in its place. Named with its real URL, so
// every check the findings give hits the same database the go command used.
import { PROBE_CODES } from "../probes/net/errors.js";
import { STATUS_CODES } from "node:http";
import { SUMDB_TREE_URL, parseGosumdb, type Gosumdb } from "../context/sumdb.js";
import type { Finding } from "../report/schema.js";
import { redactUrl } from "../util/redact.js";
import { endpointFailure, endpointFailureText, probed } from "./facts.js";
import { failingSeverity, makeFinding, mirrorFix, settingFix } from "./fixes.js";
import { hostLooksPrivate, isPublicSumdbHost, moduleHost, serverResponse } from "./hosts.js";
import { classifyProbeCode, endpointOf, hostOf, loopbackResolverRefusing } from "./net-text.js";
import { loopbackResolverWhy, loopbackResolverFix } from "./dns-commands.js";
import { isNoSumdb } from "./settings-view.js";
import { STILL_WAITING, SUMDB_PATH, answeredModules, isProxiedSumdb, moduleOfUrl, observe, roleOfUrl, uniqueModules, waited, type Observation } from "./observe.js";
import type { CauseInfo, Evidence } from "./types.js";
import { quotableLine } from "../probes/net/proxy-answer.js";

export const SUMDB_UNREACHABLE: CauseInfo = {
  code: "GMD202",
  name: "sumdb-unreachable",
  title: "The checksum database cannot be reached",
  explain:
    "The go command verifies every new public module against the checksum database. When GOPROXY does not proxy it (`<proxy>/sumdb/<name>/supported` " +
    "answers 404), the go command contacts the database host directly, and a firewall, DNS or a silent network stops it there. " +
    "Fix: allow the database host, or use a GOPROXY that proxies the database (proxy.golang.org and the public mirrors do). " +
    "An explicit URL in GOSUMDB (`sum.golang.org https://mirror.example`) is used as is and bypasses GOPROXY. The same finding names a database " +
    "that is reached but gives no checksums: a server error (5xx, quoted with its server response), a rate limit (429 Too Many Requests, with " +
    "its Retry-After), or a web page (a captive portal, a login page) answering in its place; retry later, or commit a go.sum that lists the " +
    "versions (then no lookup is made). " +
    "Turning verification off (GOSUMDB=off, GONOSUMDB for public modules) is not a fix: it removes the protection against tampered modules.",
};

/** Where the checksum database is reached, and what to call it. */
interface Database {
  /** GOSUMDB's name (the key's name), when known. */
  name?: string;
  /** The base URL (scheme, host, port, path) the go command sends /lookup, /tile and /latest to. */
  base: string;
  /** Host, port (when explicit) and path of the base: what a firewall and the user see. */
  where: string;
  /** `127.0.0.1:41109`, or `sum.golang.org at 127.0.0.1:41109` when the name and the address differ. */
  label: string;
  /** GOSUMDB carries the URL: the go command goes there directly, never through GOPROXY. */
  explicitUrl: boolean;
}

/** The database's base of a direct request (`<base>/lookup/M@V`, `<base>/tile/...`, `<base>/latest`). */
function directBase(url: string): string | undefined {
  return /^(https?:\/\/.+?)\/(?:lookup\/|tile\/\d|latest$)/.exec(url)?.[1];
}

/** `host[:port][/path]` of a URL: the port only when it is not the scheme's default. */
function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return hostOf(url) ?? url;
  }
}

function gosumdbOf(e: Evidence): Gosumdb | undefined {
  if (!e.ctx) return undefined;
  try {
    const db = parseGosumdb(e.ctx.env.GOSUMDB ?? "");
    return db.off || db.error !== undefined ? undefined : db;
  } catch {
    return undefined;
  }
}

/** The database as the go command reached it directly: the trace's request URLs first, then the probe, then GOSUMDB. */
function databaseOf(e: Evidence, urls: string[]): Database {
  const setting = gosumdbOf(e);
  const probe = probed(e, "sumdb").find((p) => p.facts.name !== "off")?.facts;
  const fromTrace = urls.map(directBase).find((b): b is string => b !== undefined);
  const base = (fromTrace ?? probe?.endpoint?.url ?? probe?.url ?? (setting ? redactUrl(setting.url) : undefined) ?? "https://sum.golang.org").replace(/\/+$/, "");
  const name = probe?.name ?? setting?.name;
  const where = addressOf(base);
  // The probe asks the proxies' /supported only when GOSUMDB names no URL (src/probes/sumdb.ts).
  const explicitUrl = setting?.explicitUrl ?? (probe ? probe.proxySupported === undefined : name !== undefined && name !== where);
  return { ...(name ? { name } : {}), base, where, label: !name || name === where ? where : `${name} at ${where}`, explicitUrl };
}

/** `GOSUMDB=sum.golang.org` without its URL: verified through GOPROXY (when it proxies it) or at https://sum.golang.org. */
function defaultUrlFix(e: Evidence, db: Database): Finding["fixes"] {
  if (db.name !== "sum.golang.org" || !db.explicitUrl || db.base === "https://sum.golang.org") return [];
  const fix = settingFix(
    e,
    "Or drop the URL from GOSUMDB: the go command then verifies against sum.golang.org through GOPROXY (when it proxies the database) or at https://sum.golang.org; verification stays on",
    "GOSUMDB",
    "sum.golang.org",
    "Only if GOPROXY proxies the database or this machine can reach https://sum.golang.org.",
  );
  return [{ ...fix, commands: [...fix.commands, "curl -sS -m 10 https://sum.golang.org/latest"] }];
}

/** With a version's lines in go.sum the go command makes no lookup for it. */
function goSumFix(modules: string[], summary: string): Finding["fixes"][number] {
  return {
    summary,
    commands: modules.length > 0 ? modules.slice(0, 2).map((m) => `grep '^${m} ' go.sum`) : ["git log --oneline -3 -- go.sum"],
    caution: "Do not exempt public modules from the checksum database (GONOSUMDB, GOSUMDB=off): that turns their verification off.",
  };
}

type DbKind = "unreachable" | "server-error" | "rate-limited" | "answer" | "tree-missing";

interface DbSignal {
  kind: DbKind;
  source: "probe" | "trace";
  evidence: string[];
  url?: string;
  module?: string;
  status?: number;
  /** What the server said: its response's first line, or the probe's reading of the answer. */
  response?: string;
  retryAfter?: string;
  /** For a probe's answer that is no database's: its message, and a web page's title. */
  answer?: { code?: string; message?: string; title?: string };
}

const bodyLine = (body: string | undefined) => quotableLine(body);

/** The first line of go's `server response:` block, without its label. */
function responseLine(details: string[]): string | undefined {
  const text = serverResponse(details).replace(/^server response:\s*/, "");
  return bodyLine(text);
}

/** go could not read the database's answer as a record: something else answered for it. (A record whose note is unsigned: sumdb-key.ts.) */
const NOT_A_RECORD = /malformed record data/;

/** Everything the probe and the trace say about the database reached directly (not through GOPROXY). */
/** Every module of the run is exempt from the database (GOPRIVATE/GONOSUMDB): go never asks it, so its probe is no evidence. */
function nothingToVerify(e: Evidence): boolean {
  const paths = new Set([...(e.ctx?.mod.require ?? []).map((r) => r.path), ...(e.trace?.modules ?? []).map((m) => m.path)]);
  return paths.size > 0 && [...paths].every((p) => isNoSumdb(e, p) === true);
}

function directSignals(e: Evidence): DbSignal[] {
  const out: DbSignal[] = [];
  for (const p of nothingToVerify(e) ? [] : probed(e, "sumdb")) {
    const f = p.facts.endpoint;
    if (p.facts.name === "off" || !f) continue;
    if ((p.facts.proxySupported ?? []).some((s) => s.status === 200)) continue;
    const fail = endpointFailure(f);
    if (!fail || fail.step === "tls") continue;
    const status = f.http?.status;
    const protocol = classifyProbeCode(fail.code) === "protocol";
    // A 4xx other than 429 from /latest is an answer: the database is reachable (other rules read the status).
    // A 200 that is no tree head (a login page, an endless body) is not: something else answers for it.
    const kind: DbKind | undefined =
      fail.step === "http" && protocol ? "answer" : fail.step === "http" && status !== undefined ? (status >= 500 ? "server-error" : status === 429 ? "rate-limited" : undefined) : "unreachable";
    if (!kind) continue;
    const evidence = [`probe ${p.result.id}: ${endpointFailureText(f)}`];
    for (const s of p.facts.proxySupported ?? []) evidence.push(`${s.proxy}/sumdb/${p.facts.name}/supported: ${s.status ?? s.code ?? "failed"}`);
    if (f.http?.retryAfter) evidence.push(`probe ${p.result.id}: Retry-After: ${f.http.retryAfter}`);
    const title = kind === "answer" ? /HTML page \("([^"]+)"\)/.exec(fail.message ?? "")?.[1] : undefined;
    const response = kind === "server-error" || kind === "rate-limited" ? bodyLine(f.http?.bodySnippet) : undefined;
    out.push({
      kind,
      source: "probe",
      evidence,
      ...(f.http?.url ? { url: f.http.url } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(response ? { response } : {}),
      ...(f.http?.retryAfter ? { retryAfter: f.http.retryAfter } : {}),
      ...(kind === "answer" ? { answer: { ...(fail.code ? { code: fail.code } : {}), ...(fail.message ? { message: fail.message } : {}), ...(title ? { title } : {}) } } : {}),
    });
  }
  // Through a proxy (`<proxy>/sumdb/...`) a connection failure is the proxy's (network.ts) and a status is read by proxiedFailures.
  for (const o of observe(e)) {
    if (o.role !== "sumdb" || o.source !== "trace" || o.viaHttpProxy === true || isProxiedSumdb(o.url)) continue;
    let kind: DbKind | undefined;
    if (o.failure) kind = o.failure.startsWith("tls") ? undefined : o.failure === "protocol" ? "answer" : "unreachable";
    else if (SUMDB_PATH.test(o.url)) kind = undefined;
    else if (o.status !== undefined && o.status >= 500) kind = "server-error";
    else if (o.status === 429) kind = "rate-limited";
    else if ((o.status === 404 || o.status === 410) && SUMDB_TREE_URL.test(o.url)) kind = "tree-missing";
    if (!kind) continue;
    const response = responseLine(o.details);
    out.push({
      kind,
      source: "trace",
      evidence: [o.text, ...(response ? [`server response: ${response}`] : [])],
      url: o.url,
      ...(o.module ? { module: o.module } : {}),
      ...(o.status !== undefined ? { status: o.status } : {}),
      ...(response ? { response } : {}),
    });
  }
  // Lookups answered 200 that go could not read (`malformed record data`): what answered is no checksum database.
  const lookups = (e.trace?.requests ?? []).filter((r) => roleOfUrl(r.url, r.kind) === "sumdb" && !SUMDB_PATH.test(r.url) && r.status !== undefined && r.status >= 200 && r.status < 300);
  for (const err of e.trace?.errors ?? []) {
    const text = [err.message, ...err.details].join("\n");
    if (!NOT_A_RECORD.test(text) || lookups.length === 0) continue;
    const mine = lookups.filter((r) => !err.module || moduleOfUrl(r.url) === err.module);
    const shown = (mine.length > 0 ? mine : lookups).slice(0, 2);
    out.push({
      kind: "answer",
      source: "trace",
      evidence: [err.message.split("\n")[0]!.trim(), ...shown.map((r) => `# get ${r.url}: ${r.status}`)],
      url: shown[0]!.url,
      ...(err.module ? { module: err.module } : {}),
      answer: { message: NOT_A_RECORD.exec(text)![0] },
    });
  }
  return out;
}

/** `500 Internal Server Error`, as the go command prints a status. */
function statusName(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : `${status}`;
}

function dbUnreachable(e: Evidence, db: Database, signals: DbSignal[], modules: string[]): Finding {
  const hung = signals.some((s) => s.evidence.some((l) => l.endsWith(STILL_WAITING)));
  const mirror = db.explicitUrl ? undefined : mirrorFix(e, "Use a mirror that proxies the checksum database");
  // `lookup sum.golang.org on [::1]:53: ... connection refused`: no name resolves here (a container without a resolver), not a blocked host.
  const resolver = signals.flatMap((s) => s.evidence).map(loopbackResolverRefusing).find(Boolean);
  const connection = resolver
    ? `fails before it starts: its name cannot be looked up, because ${resolver} (a resolver on this machine: ${loopbackResolverWhy(e.os)}) refuses`
    : hung
      ? "gets no answer (the go command waits without a deadline)"
      : "fails";
  return makeFinding(SUMDB_UNREACHABLE, {
    title: `The checksum database ${db.label} cannot be reached`,
    severity: failingSeverity(e),
    confidence: 0.85,
    why: db.explicitUrl
      ? `GOSUMDB names the database's URL (${db.base}), so the go command goes there directly, never through GOPROXY, and the connection ${connection}.`
      : `Modules are verified against ${db.label}, the current GOPROXY does not proxy it, and the direct connection ${connection}.`,
    evidence: [...new Set(signals.flatMap((s) => s.evidence))].slice(0, 5),
    modules,
    fixes: [
      ...(resolver ? [loopbackResolverFix(resolver, e.os)] : []),
      db.explicitUrl
        ? { summary: `Check that ${db.base} (from GOSUMDB) is the database's address and that it runs, and allow ${db.where} through the firewall`, commands: [`curl -sS -m 10 ${db.base}/latest`, "go env GOSUMDB"] }
        : { summary: `Allow ${db.where} through the firewall, or use a GOPROXY that proxies the checksum database`, commands: [`curl -sS -m 10 ${db.base}/latest`, "go env GOPROXY GOSUMDB"] },
      ...defaultUrlFix(e, db),
      ...(mirror ? [mirror] : []),
      ...(resolver ? [] : otherAddressFix(e, db)),
    ],
  });
}

/**
 * sum.golang.org has a second address: GOSUMDB=sum.golang.google.cn is go's
 * own alias for the same database and key served from sum.golang.google.cn
 * (modfetch/sumdb.go), reachable where sum.golang.org is blocked.
 */
function otherAddressFix(e: Evidence, db: Database): Finding["fixes"] {
  if ((db.name ?? db.where) !== "sum.golang.org" || db.base !== "https://sum.golang.org" || db.explicitUrl) return [];
  const fix = settingFix(
    e,
    "Or reach the same database at its other address: sum.golang.google.cn serves sum.golang.org with the same key, so verification is unchanged",
    "GOSUMDB",
    "sum.golang.google.cn",
  );
  return [{ ...fix, commands: ["curl -sS -m 10 https://sum.golang.google.cn/latest", ...fix.commands] }];
}

function dbServerError(e: Evidence, db: Database, signals: DbSignal[], modules: string[]): Finding {
  const statuses = [...new Set(signals.map((s) => s.status).filter((s): s is number => s !== undefined))];
  const status = signals.find((s) => s.source === "trace")?.status ?? statuses[0]!;
  const response = signals.find((s) => s.source === "trace" && s.response)?.response ?? signals.find((s) => s.response)?.response;
  const retryAfter = signals.find((s) => s.retryAfter)?.retryAfter;
  const mirror = db.explicitUrl || db.name !== "sum.golang.org" ? undefined : mirrorFix(e, "Or use a mirror that proxies the checksum database");
  return makeFinding(SUMDB_UNREACHABLE, {
    title: `The checksum database ${db.label} answers with a server error (${statusName(status)})`,
    severity: failingSeverity(e),
    confidence: 0.85,
    why:
      `${db.where} is reachable and answers, but with ${statuses.map(statusName).join(", ")}${response ? ` ("${response}")` : ""}` +
      `${retryAfter ? ` and asks to wait (Retry-After: ${retryAfter})` : ""}: the fault is on the database's side, not in this network or setup. ` +
      "The go command does not retry the lookup, so no new module can be verified until the database answers again.",
    evidence: [...new Set(signals.flatMap((s) => s.evidence))].slice(0, 5),
    modules,
    fixes: [
      {
        summary: `Retry later${retryAfter ? ` (Retry-After: ${retryAfter})` : ""}; see whether ${db.where} answers yet${db.name === "sum.golang.org" ? "" : ", or tell its operators"}`,
        commands: [`curl -sS -m 10 ${db.base}/latest`, "go mod download -x"],
      },
      goSumFix(modules, "Meanwhile take go.sum from a machine (or a teammate's branch) where these versions were verified: with their lines in go.sum, no lookup is made"),
      ...defaultUrlFix(e, db),
      ...(mirror ? [mirror] : []),
    ],
  });
}

function dbRateLimited(e: Evidence, db: Database, signals: DbSignal[], modules: string[]): Finding {
  const retryAfter = signals.find((s) => s.retryAfter)?.retryAfter;
  const response = signals.find((s) => s.source === "trace" && s.response)?.response ?? signals.find((s) => s.response)?.response;
  return makeFinding(SUMDB_UNREACHABLE, {
    title: `The checksum database ${db.label} rate-limits the lookups (429 Too Many Requests)`,
    severity: failingSeverity(e),
    confidence: 0.9,
    why:
      `${db.where} answered 429 Too Many Requests${response ? ` ("${response}")` : ""}${retryAfter ? ` and asks to wait (Retry-After: ${retryAfter})` : ""}: ` +
      "it refuses this client for a while because of how many lookups it sent (CI runners sharing one address are often limited). " +
      "The go command does not retry, so no new module can be verified until the database serves this client again.",
    evidence: [...new Set(signals.flatMap((s) => s.evidence))].slice(0, 5),
    modules,
    fixes: [
      { summary: `Wait${retryAfter ? ` (Retry-After: ${retryAfter})` : ""}, then retry: modules that finished stay in the module cache`, commands: ["go mod download -x"] },
      goSumFix(modules, "Commit a complete go.sum: modules whose lines are in go.sum are never looked up, so CI runs make no lookups at all"),
      ...defaultUrlFix(e, db),
    ],
  });
}

function dbBadAnswer(e: Evidence, db: Database, signals: DbSignal[], modules: string[]): Finding {
  const probe = signals.find((s) => s.source === "probe" && s.answer)?.answer;
  const malformed = signals.find((s) => s.source === "trace" && s.answer && NOT_A_RECORD.test(s.answer.message ?? ""))?.answer?.message;
  const page = probe?.code === PROBE_CODES.notProxyAnswer && /HTML page/.test(probe.message ?? "");
  const notDatabase = probe?.code === PROBE_CODES.notProxyAnswer || probe?.code === PROBE_CODES.answerTooLarge || malformed !== undefined;
  const title = page
    ? `A web page answers in place of the checksum database ${db.label}${probe?.title ? ` ("${probe.title}")` : ""}`
    : notDatabase
      ? `Something answers in place of the checksum database ${db.label}, but not as a checksum database`
      : `The checksum database ${db.label} does not answer with usable HTTP`;
  // The probe's reading without its own conclusion: `the /latest answer is not a signed tree head (it starts "...")`.
  const reading = page ? undefined : probe?.message?.replace(/: not a checksum database's answer$/, "").replace(/^the \/latest answer/, "its /latest answer");
  const unread = malformed ? `the go command could not read the lookups' answers as checksum records (${malformed})` : undefined;
  const seen = [reading, unread].filter((x): x is string => !!x).join("; ");
  return makeFinding(SUMDB_UNREACHABLE, {
    title,
    severity: failingSeverity(e),
    confidence: probe ? 0.85 : 0.7,
    why: page
      ? `Something answers at ${db.where} with a web page${probe?.title ? ` ("${probe.title}")` : ""} where the database's signed tree head belongs${unread ? `, and ${unread}` : ""}: ` +
        "a captive portal, a login page or a corporate proxy's page stands in front of the database, or GOSUMDB names the wrong server. " +
        "Nothing it sends can verify a module, so every new module fails verification."
      : notDatabase
        ? `Something answers at ${db.where}, but not as a checksum database${seen ? ` (${seen})` : ""}: a captive portal, a login page or a corporate proxy's page ` +
          "stands in front of it, or GOSUMDB names the wrong server. Nothing it sends can verify a module, so every new module fails verification."
        : `Something answers at ${db.where}, but its answer is not HTTP the go command can use (garbage, endless headers or a redirect loop): the wrong port or scheme ` +
          "for the database, or a misconfigured server in front of it.",
    evidence: [...new Set(signals.flatMap((s) => s.evidence))].slice(0, 5),
    modules,
    fixes: [
      {
        summary: `See what ${db.where} really sends (a web page shows its title): log in if it is a portal, or correct the database's address`,
        commands: [`curl -sS -D - -m 10 ${db.base}/latest | head -c 600`, db.explicitUrl ? "go env GOSUMDB" : "go env GOPROXY GOSUMDB"],
        caution: "Do not turn verification off (GOSUMDB=off, GONOSUMDB) to get past it: that accepts whatever this server sends.",
      },
      ...defaultUrlFix(e, db),
    ],
  });
}

/**
 * The database reached directly answered 404/410 for a tile of its log (or its
 * tree head): the lookup itself may have succeeded, but the record cannot be
 * checked against the signed tree. Its gap, not the module's: not a private or
 * missing module.
 */
function dbTreeMissing(e: Evidence, db: Database, signals: DbSignal[], modules: string[]): Finding {
  const url = signals.find((s) => s.url)?.url ?? `${db.base}/latest`;
  const status = signals.find((s) => s.status !== undefined)?.status ?? 404;
  const part = /\/latest$/.test(url) ? "its signed tree head (/latest)" : `a tile of its log (${url.slice(url.indexOf("/tile/") + 1)})`;
  return makeFinding(SUMDB_UNREACHABLE, {
    title: `The checksum database ${db.label} answers ${statusName(status)} for ${part}`,
    severity: failingSeverity(e),
    confidence: 0.8,
    why:
      `To check a module's record, the go command reads tiles of the database's log and proves the record against its signed tree; ${db.where} ` +
      `has no such ${/\/latest$/.test(url) ? "tree head" : "tile"}. That not-found is about the database's log, not about the module` +
      `${modules.length > 0 ? ` (${modules.slice(0, 2).join(", ")})` : ""}: it does not mean the module is private or missing. What answers at ${db.base} ` +
      `holds an incomplete copy of the log (a mirror or cache in front of the database${db.explicitUrl ? ", or GOSUMDB's URL names a server that is not the database" : ""}), or the database has a fault of its own.`,
    evidence: [...new Set(signals.flatMap((s) => s.evidence))].slice(0, 5),
    modules,
    fixes: [
      {
        summary: `See whether ${db.where} serves the tile now, and retry later`,
        commands: [`curl -sS -o /dev/null -w '%{http_code}\\n' ${url}`, "go mod download -x"],
      },
      ...(db.explicitUrl ? [{ summary: `Check that GOSUMDB's URL (${db.base}) is the database or a complete mirror of it`, commands: ["go env GOSUMDB", `curl -sS -m 10 ${db.base}/latest`] }] : []),
      goSumFix(modules, "Meanwhile take go.sum from a machine where these versions were verified: with their lines in go.sum, no lookup is made"),
      ...defaultUrlFix(e, db),
    ],
  });
}

/** Lookups through a proxy that serves the database (`<proxy>/sumdb/<name>/lookup/...`) that never got an answer. */
function proxiedStalls(e: Evidence): Finding[] {
  const stalled = (e.trace?.stall?.suspects ?? []).filter((s) => s.kind === "http" && s.url && roleOfUrl(s.url) === "sumdb" && isProxiedSumdb(s.url));
  if (stalled.length === 0) return [];
  const url = stalled[0]!.url!;
  const [, proxyBase = "", name = "sum.golang.org"] = SUMDB_PATH.exec(url) ?? [];
  const proxy = endpointOf(url) ?? proxyBase;
  const mine = stalled.filter((s) => s.url!.startsWith(`${proxyBase}/`));
  const supported =
    (e.trace?.requests ?? []).some((r) => r.url === `${proxyBase}/sumdb/${name}/supported` && r.status === 200) ||
    probed(e, "sumdb").some((p) => (p.facts.proxySupported ?? []).some((s) => s.status === 200 && s.proxy.replace(/\/+$/, "") === proxyBase));
  const longest = mine.reduce((a, b) => (b.idleMs > a.idleMs ? b : a));
  // A proxy that served the modules is up: only its relay of the database is silent, and this is the cause.
  const served = answeredModules(e, url);
  return [
    makeFinding(SUMDB_UNREACHABLE, {
      title: `The checksum database ${name} does not answer through the proxy ${proxy}`,
      severity: failingSeverity(e),
      // Else the proxy's own silence (network.ts, GMD103) comes first; this one adds the way round for verification.
      confidence: served ? 0.85 : 0.7,
      why:
        `The go command reaches ${name} through the GOPROXY entry ${proxy}${supported ? ` (it answered 200 to /sumdb/${name}/supported)` : ""}, and its lookups there ` +
        `got no answer ${waited(e, longest)}.${served ? ` ${proxy} answered this run's module requests, so the proxy is up: only its /sumdb/ path (its relay of ${name}) is silent.` : ""} ` +
        `Once a proxy says it serves the database, the go command does not go to ${name} itself, so verification waits for ever.`,
      evidence: mine.slice(0, 4).map((s) => `# get ${s.url}: no answer ${waited(e, s)}`),
      modules: [...new Set(mine.map((s) => s.module ?? moduleOfUrl(s.url!)).filter((m): m is string => !!m))].sort(),
      fixes: [
        directSumdbFix(e, name, proxy, false),
        { summary: `Tell ${proxy}'s operators; see whether it answers a lookup now`, commands: [`curl -sS -m 10 -o /dev/null -w '%{http_code} %{time_starttransfer}s\\n' ${url}`] },
      ],
    }),
  ];
}

export function unreachable(e: Evidence): Finding[] {
  const signals = directSignals(e);
  const out: Finding[] = [];
  const build: [DbKind, (e: Evidence, db: Database, s: DbSignal[], m: string[]) => Finding][] = [
    ["unreachable", dbUnreachable],
    ["server-error", dbServerError],
    ["rate-limited", dbRateLimited],
    ["answer", dbBadAnswer],
    ["tree-missing", dbTreeMissing],
  ];
  for (const [kind, make] of build) {
    const mine = signals.filter((s) => s.kind === kind);
    if (mine.length === 0) continue;
    const db = databaseOf(e, mine.filter((s) => s.source === "trace").map((s) => s.url ?? ""));
    const modules = [...new Set(mine.map((s) => s.module).filter((m): m is string => !!m))].sort();
    out.push(make(e, db, mine, modules));
  }
  return [...out, ...proxiedStalls(e)];
}

/** `GOSUMDB='NAME URL'`: the go command then uses that URL and skips the proxies (modfetch/sumdb.go dbDial). */
function directSumdbFix(e: Evidence, name: string, proxyHost: string, alternative: boolean): Finding["fixes"][number] {
  const known = name === "sum.golang.org";
  const fix = settingFix(
    e,
    `${alternative ? "Or v" : "V"}erify against the database itself, not through ${proxyHost}: an explicit URL in GOSUMDB bypasses the proxies (verification stays on)`,
    "GOSUMDB",
    known ? "sum.golang.org https://sum.golang.org" : `<${name}+KEY> https://${name}`,
    `Only if this machine can reach https://${name}${known ? " (in mainland China, GOSUMDB=sum.golang.google.cn is the same database)" : ""}.`,
  );
  return { ...fix, commands: [...fix.commands, `curl -sS -m 10 https://${name}/latest`] };
}

/**
 * A lookup relayed by a proxy answered 404/410 with no server response, for a
 * module that does not look private: the relay, not the database, is suspect.
 */
function passthroughGone(o: Observation): boolean {
  return (
    (o.status === 404 || o.status === 410) &&
    isProxiedSumdb(o.url) &&
    !o.details.some((d) => /server response/.test(d)) &&
    o.module !== undefined &&
    !hostLooksPrivate(moduleHost(o.module))
  );
}

/**
 * The checksum database through a proxy that fails at it: `<proxy>/sumdb/<name>/supported`
 * answering something else than 200/404/410 (go then neither uses the proxy nor
 * goes direct), or the proxy's copy missing a tile the go command needs.
 */
export function proxiedFailures(e: Evidence): Finding[] {
  const out: Finding[] = [];
  const hits = observe(e).filter((o) => {
    const m = SUMDB_PATH.exec(o.url);
    if (!m || o.status === undefined || o.status < 400) return false;
    if (m[3] === "supported") return o.status < 500 && ![401, 403, 404, 410].includes(o.status); // 5xx: proxy-server-error; 401/403: auth-failed
    // Not found is the database's own answer (private lookups; sumdb.ts), except a bare one relayed by a proxy for a public module (passthroughGone).
    if (m[3] === "lookup/") return (o.status !== 404 && o.status !== 410) || passthroughGone(o);
    return true;
  });
  const byHost = new Map<string, typeof hits>();
  for (const o of hits) byHost.set(o.host, [...(byHost.get(o.host) ?? []), o]);
  for (const [host, obs] of [...byHost.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const first = obs[0]!;
    const [, base = `https://${host}`, name = "sum.golang.org", what = ""] = SUMDB_PATH.exec(first.url) ?? [];
    const viaProxy = !isPublicSumdbHost(host) && host !== name.split("/")[0];
    // Named with its port when the URL has one (127.0.0.1:36377), as GOPROXY names it.
    const where = endpointOf(first.url) ?? host;
    const supported = what === "supported";
    const gone = obs.every(passthroughGone);
    const response = first.details.find((d) => /server response:/.test(d));
    out.push(
      makeFinding(SUMDB_UNREACHABLE, {
        title: viaProxy
          ? `The checksum database ${name} fails through the proxy ${where} (${first.status}${supported ? " to /supported" : ""})`
          : `The checksum database ${where} answers ${first.status}`,
        severity: failingSeverity(e),
        confidence: 0.85,
        why: supported
          ? `${where} answers ${first.status} to /sumdb/${name}/supported. The go command takes only 200 (the proxy serves the database) or 404/410 ` +
            `(go to ${name} directly) as an answer; anything else makes the checksum database unavailable, so every new module fails verification.`
          : gone
            ? `${where} proxies the checksum database and answered ${first.status} with no reason for ${uniqueModules(obs).slice(0, 2).join(", ") || "a lookup"}. ` +
              `Proxies that relay ${name} (Artifactory, Nexus remotes) answer that when their own connection to ${name} fails or is set up wrong; ` +
              `${name} itself answers not found only for versions it cannot fetch. Ask ${name} directly to tell the two apart.`
          : viaProxy
            ? `${where} proxies the checksum database and answered ${first.status} for ${what === "tile/" ? "a tile" : "a request"} the go command needs ` +
              `(its copy of ${name} is incomplete or broken), so verification cannot complete. The go command does not fall back to ${name} once a proxy said it serves it.`
            : `${where} answered ${first.status}; verification cannot complete until it answers.`,
        evidence: [...new Set(obs.flatMap((o) => [o.text, ...(response ? [response.trim()] : [])]))].slice(0, 4),
        modules: uniqueModules(obs),
        fixes: supported
          ? [
              {
                summary: `Have ${where} proxy the checksum database, or answer 404 at /sumdb/${name}/supported: a setting of the repository manager, or its operators' job`,
                commands: [`curl -sS -o /dev/null -w '%{http_code}\\n' ${first.url}`],
              },
              directSumdbFix(e, name, where, true),
            ]
          : gone
            ? [
                { summary: `Ask ${name} directly: an answer there means ${where}'s relay is at fault`, commands: [`curl -sS -m 10 https://${name}/lookup/${first.url.split("/lookup/")[1] ?? "<MODULE>@<VERSION>"}`] },
                directSumdbFix(e, name, where, true),
              ]
          : viaProxy
            ? [directSumdbFix(e, name, where, false), { summary: `Tell ${where}'s operators and retry later`, commands: [`curl -sS -o /dev/null -w '%{http_code}\\n' ${first.url}`] }]
            : [{ summary: "Retry later; check the database's status", commands: [`curl -sS -m 10 ${base}/sumdb/${name}/latest`] }],
      }),
    );
  }
  return out;
}


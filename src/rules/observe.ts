// One view of "what happened to each endpoint", from probes and from the
// trace alike, so every rule works with or without probes (analyze of a log).
import type { EndpointFacts } from "../probes/types.js";
import type { ProbeResult } from "../report/schema.js";
import { modRootOf, modRoots, type ModRoot } from "../trace/mod-roots.js";
import { percentDecoded } from "../trace/url.js";
import { escapeModulePath, escapeVersion, unescapeModulePath } from "../util/modpath.js";
import { endpointFailure, endpointFailureText, probed, statusAnswer } from "./facts.js";
import { classifyNetText, classifyProbeCode, endpointOf, hostOf, statusInText, urlInText, type NetFailure } from "./net-text.js";
import { localLines, originFailureIn, serverResponse } from "./hosts.js";
import { proxyUrls } from "./settings-view.js";
import type { Evidence } from "./types.js";

/** `mod-server`: a module server a go-import `mod` tag named (trace/mod-roots.ts), fetched like a proxy but no GOPROXY entry. */
export type Role = "proxy" | "sumdb" | "vcs" | "mirror" | "mod-server";

export interface Observation {
  role: Role;
  url: string;
  host: string;
  source: "probe" | "trace";
  failure?: NetFailure;
  status?: number;
  /** x509 issuer (probe facts or go's candidate authority). */
  issuer?: string;
  viaHttpProxy?: string | boolean;
  /** The line a person can check. */
  text: string;
  module?: string;
  /** Details of the go error (server response lines). */
  details: string[];
  /** The proxy redirected the request here (another origin: a CDN, storage) and this is where it failed. */
  redirectedTo?: string;
  endpoint?: EndpointFacts;
  probe?: ProbeResult;
}

/** `roots` (modServerRoots): the run's module servers; without them their requests read as a proxy's. */
export function roleOfUrl(url: string, kind?: string, roots?: readonly ModRoot[]): Role {
  if (roots && modRootOf(roots, url)) return "mod-server";
  if (kind === "sumdb" || kind === "sumdb-supported") return kind === "sumdb" ? "sumdb" : "proxy";
  if (kind === "go-import") return "vcs";
  if (kind && kind !== "other") return "proxy";
  if (/\/lookup\/|\/tile\/\d|\/latest$/.test(url) && !/\/@latest$/.test(url)) return "sumdb";
  if (/[?&]go-get=1/.test(url)) return "vcs";
  // A repository's own URL (git over http in direct mode), not a proxy's.
  if (/\.git(?:\/|$)|\/info\/refs|\/git-upload-pack$/.test(url)) return "vcs";
  // go's own GET of a repository URL after git failed in direct mode (codehost/git.go: a 404 there means the repository does not exist):
  // a path with no proxy shape (`/@v/`, `/@latest`, `/sumdb/`) under a host.
  if (/^https?:\/\/[^/]+\/[^?#]*[^/?#]$/.test(url) && !/\/@v\/|\/@latest$|\/sumdb\//.test(url)) return "vcs";
  return "proxy";
}

const rootsOf = new WeakMap<Evidence, ModRoot[]>();

/** The run's module servers: from the trace, the GOPROXY entries (never one) and the go-import tags the vcs probe read. */
export function modServerRoots(e: Evidence): ModRoot[] {
  let roots = rootsOf.get(e);
  if (!roots) {
    const proxies = proxyUrls(e);
    const tags = probed(e, "vcs").flatMap((p) => (p.facts.goImport?.meta ? [p.facts.goImport.meta] : []));
    roots = modRoots(e.trace?.requests ?? [], { proxies, tags });
    rootsOf.set(e, roots);
  }
  return roots;
}

/**
 * What serves `url`, in words: a module server a go-import `mod` tag names
 * (direct mode, no GOPROXY entry), or else the GOPROXY entry's host.
 * `name` starts lower-case ("the module proxy HOST"), `Name` upper-case.
 */
export function serverName(e: Evidence, url: string, host: string = endpointOf(url) ?? url): { modServer: boolean; name: string; Name: string } {
  const hit = modRootOf(modServerRoots(e), url);
  const name = hit ? `the module server ${hit.root.base}/ named by ${hit.module}'s go-import tag` : `the module proxy ${host}`;
  return { modServer: hit !== undefined, name, Name: `${name.charAt(0).toUpperCase()}${name.slice(1)}` };
}

/** `<base>/sumdb/<name>/<supported|lookup/...|tile/...|latest>`: base is a proxy unless it is the database itself. */
export const SUMDB_PATH = /^(https?:\/\/.+?)\/sumdb\/(.+?)\/(supported$|lookup\/|tile\/|latest$)/;

/** The checksum database reached through a module proxy (`https://goproxy.io/sumdb/sum.golang.org/tile/...`). */
export function isProxiedSumdb(url: string): boolean {
  const m = SUMDB_PATH.exec(url);
  if (!m) return false;
  const host = hostOf(url);
  return host !== undefined && host !== m[2]!.split("/")[0];
}

/** Whether the endpoint of `url` answered a module request (not its /sumdb/ path) with 2xx in this run. */
export function answeredModules(e: Evidence, url: string): boolean {
  return answeredOthers(e, url).length > 0;
}

/**
 * The modules, other than `except`, whose requests the endpoint of `url`
 * (host AND port: two proxies on one host differ by port) answered with 2xx
 * in this run, its /sumdb/ path aside: that server is up and serving.
 */
export function answeredOthers(e: Evidence, url: string, except: string[] = []): string[] {
  const endpoint = endpointOf(url);
  if (!endpoint) return [];
  const out = new Set<string>();
  for (const r of e.trace?.requests ?? []) {
    if (r.status === undefined || r.status < 200 || r.status >= 300 || endpointOf(r.url) !== endpoint || SUMDB_PATH.test(r.url)) continue;
    if (except.some((m) => urlIsForModule(r.url, m))) continue;
    out.add(moduleOfUrl(r.url) ?? r.url);
  }
  return [...out].sort();
}

/** Every line of go's final errors: each message and its detail lines. */
export function goErrorLines(e: Evidence): string[] {
  return (e.trace?.errors ?? []).flatMap((x) => [x.message, ...x.details]);
}

/**
 * How long go waited on a stalled item, in words: `after 30.0s` in a live run;
 * in a saved log, whose end is no measure of the wait, `before the log ends`
 * (or `in the 12s before the log ends` when its timestamps say so).
 */
export function waited(e: Evidence, s: { idleMs: number; logEnd?: boolean }): string {
  if (!s.logEnd) return `after ${(s.idleMs / 1000).toFixed(1)}s`;
  return e.trace?.timed && s.idleMs >= 1000 ? `in the ${Math.round(s.idleMs / 1000)}s before the log ends` : "before the log ends";
}

/** The ending of every observation of a request go was still waiting on (hostFinding reads it). */
export const STILL_WAITING = "(go was still waiting)";

/** `module@version` a URL asks for, when it says (`/MOD/@v/VER.ext`, `/lookup/MOD@VER`). */
export function moduleOfUrl(url: string): string | undefined {
  const lookup = /\/lookup\/(.+)@[^@/]+$/.exec(url);
  if (lookup?.[1]) return unescapeModulePath(lookup[1]) ?? lookup[1];
  const v = /^[a-z]+:\/\/[^/]+\/(.+?)\/@(?:v\/|latest)/.exec(percentDecoded(url));
  if (!v?.[1]) return undefined;
  // The proxy's base path cannot be told from the module path for sure; the
  // first element holding a dot starts the module (module hosts have dots).
  const parts = v[1].split("/");
  let start = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i]!.includes(".")) { start = i; break; }
  const path = parts.slice(start).join("/");
  return unescapeModulePath(path) ?? path;
}

/**
 * The URL of this run's request for `module@version`'s file (`zip`, `mod`,
 * `info`). go's -x trace prints the case-encoding's `!` as `%21`
 * (`/github.com/%21burnt%21sushi/toml/@v/...`): compared decoded.
 */
export function requestUrlFor(e: Evidence, module: string, version: string, ext: string): string | undefined {
  const tail = `/${escapeModulePath(module)}/@v/${escapeVersion(version)}.${ext}`;
  return (e.trace?.requests ?? []).find((r) => percentDecoded(r.url).endsWith(tail))?.url;
}

/** Whether a URL asks the proxy about `module` (any version or file), percent escapes decoded. */
export function urlIsForModule(url: string, module: string): boolean {
  return percentDecoded(url).includes(`/${escapeModulePath(module)}/@`);
}

/**
 * Where the probe's read of a zip was redirected when the last hop never
 * answered (its status is still the proxy's 3xx): the download host is
 * silent, not the proxy, and no body ever started.
 */
export function silentRedirect(f: EndpointFacts): string | undefined {
  const zip = f.zip;
  if (!zip || zip.ok || !zip.redirects?.length || zip.status === undefined || zip.status < 300 || zip.status >= 400) return undefined;
  return zip.redirects[zip.redirects.length - 1];
}

/**
 * Where the proxy serving `url` sends its zips, as the goproxy probe's read of
 * a zip from it saw (the last redirect), with the status it ended on. go's
 * trace names only the proxy's URL, whatever host answered.
 */
export function zipRedirect(e: Evidence, url: string): { to: string; status?: number } | undefined {
  for (const p of probed(e, "goproxy")) {
    const base = p.facts.url.replace(/\/+$/, "");
    const to = p.facts.zip?.redirects;
    if (to?.length && url.startsWith(`${base}/`)) return { to: to[to.length - 1]!, ...(p.facts.zip?.status !== undefined ? { status: p.facts.zip.status } : {}) };
  }
  return undefined;
}

/** Whether the probe's own read of the zip got 2xx headers: only then can its body have stopped part-way. */
export function zipAnswered(f: EndpointFacts | undefined): boolean {
  const status = f?.zip?.status;
  return status !== undefined && status >= 200 && status < 300;
}

function fromProbe(result: ProbeResult, f: EndpointFacts, role: Role): Observation {
  const fail = endpointFailure(f);
  const failure = classifyProbeCode(fail?.code) ?? (fail ? classifyNetText(fail.message ?? "")?.failure : undefined);
  // The zip read's own error status (a 5xx for the zip alone) is the answer this endpoint gave.
  const zipStatus = f.failedStep === "zip" && f.zip?.status !== undefined && f.zip.status >= 400 ? f.zip.status : undefined;
  const status = zipStatus ?? f.http?.status;
  const redirectedTo = silentRedirect(f);
  // A success keeps the server's own reason phrase, as an error status keeps its words in the failure text.
  const bits = [fail ? `${endpointFailureText(f)}${zipStatus ? ` (HTTP ${zipStatus})` : ""}` : status ? `HTTP ${statusAnswer(f.http ?? {})}` : "ok"];
  return {
    role,
    url: f.url,
    host: f.host,
    source: "probe",
    ...(failure ? { failure } : {}),
    ...(status ? { status } : {}),
    ...(f.tls?.issuer ? { issuer: f.tls.issuer } : {}),
    ...(f.viaProxy ? { viaHttpProxy: f.viaProxy } : {}),
    text: `probe ${result.id}: ${bits.join("; ")}`,
    details: [],
    ...(redirectedTo ? { redirectedTo } : {}),
    endpoint: f,
    probe: result,
  };
}

function fromText(url: string, text: string, role: Role, module: string | undefined, details: string[]): Observation | undefined {
  const cls = classifyNetText(text);
  const status = cls ? undefined : statusInText(text);
  if (!cls && status === undefined) return undefined;
  const host = hostOf(url) ?? cls?.host ?? "";
  return {
    role,
    url,
    host,
    source: "trace",
    ...(cls ? { failure: cls.failure, viaHttpProxy: cls.viaHttpProxy } : {}),
    ...(cls?.issuer ? { issuer: cls.issuer } : {}),
    ...(status !== undefined ? { status } : {}),
    text,
    ...(module ? { module } : {}),
    details,
  };
}

/** Every endpoint observation: probes first, then the trace's failed requests and go errors. */
export function observe(e: Evidence): Observation[] {
  const out: Observation[] = [];
  const roots = modServerRoots(e);
  for (const p of probed(e, "goproxy")) out.push(fromProbe(p.result, p.facts, "proxy"));
  for (const p of probed(e, "mirror")) out.push(fromProbe(p.result, p.facts, "mirror"));
  for (const p of probed(e, "sumdb")) if (p.facts.endpoint) out.push(fromProbe(p.result, p.facts.endpoint, "sumdb"));
  const zipRedirects = probed(e, "goproxy").flatMap((p) => {
    const to = silentRedirect(p.facts);
    return to ? [{ base: p.facts.url.replace(/\/+$/, ""), to }] : [];
  });
  const seen = new Set<string>();
  // A failed request whose error names another origin (`# get A: Get "B": dial ...`): the proxy redirected it to B.
  const redirects = new Map<string, string>();
  for (const r of e.trace?.requests ?? []) {
    if (!r.error && (r.status === undefined || r.status < 400)) continue;
    const text = `# get ${r.url}: ${r.error ?? `${r.status}`}`;
    // The detector words a non-2xx answer as its error (`500 Internal Server Error`). A server's failure (5xx, 429) is read
    // from its status; a 404/410 is left to go's own error lines: go probes module-path prefixes, and their 404s are normal.
    const statusOnly = r.status !== undefined && (r.error === undefined || r.error === `${r.status}` || r.error.startsWith(`${r.status} `));
    const serverFailure = statusOnly && (r.status! >= 500 || r.status === 429);
    // A 401/403 is final for that file (go tries no other path for it): seen in a run that stalled on another module before go
    // printed its error, it is the next failure, unless the module still completed (a `|` fallback to the next proxy).
    // When go did print it, its error line (with the module as go names it) is the observation.
    const refused = statusOnly && (r.status === 401 || r.status === 403) && !completed(e, moduleOfUrl(r.url)) && !goNamed(e, r.url);
    const o = fromText(r.url, serverFailure || refused || r.error === undefined ? `: ${r.status} Status` : r.error, roleOfUrl(r.url, r.kind, roots), moduleOfUrl(r.url), []);
    if (!o) continue;
    const inner = r.error ? urlInText(r.error) : undefined;
    if (inner && originOf(inner) !== undefined && originOf(inner) !== originOf(r.url)) {
      o.redirectedTo = inner;
      redirects.set(inner, r.url);
    }
    o.text = r.error ? text : `# get ${r.url}: ${r.status}`;
    if (r.status !== undefined) o.status = r.status;
    seen.add(`${r.url}|${o.failure ?? o.status}`);
    out.push(o);
  }
  // A request the go command was still waiting on when it stalled: no answer came.
  for (const s of e.trace?.stall?.suspects ?? []) {
    if (s.kind !== "http" || !s.url) continue;
    const o = fromText(s.url, "i/o timeout", roleOfUrl(s.url, undefined, roots), s.module ?? moduleOfUrl(s.url), []);
    if (!o) continue;
    // The trace shows no redirect; the probe's read of a zip from the same proxy does.
    const to = s.url.endsWith(".zip") ? zipRedirects.find((r) => s.url!.startsWith(`${r.base}/`))?.to : undefined;
    if (to) o.redirectedTo = to;
    o.text = `# get ${s.url}: no answer ${waited(e, s)} ${STILL_WAITING}`;
    out.push(o);
  }
  for (const err of e.trace?.errors ?? []) {
    const all = [err.message, ...err.details].join("\n");
    // In an import chain ("go: M imports\n\tP: module P: Get URL: ..."), the failure is in the details.
    // An error that names no URL (an HTTP/2 stream reset mid-body) belongs to the module's last request in the trace.
    const named = urlInText(err.message) ?? urlInText(all) ?? lastRequestOf(e, err.module) ?? "";
    // go names where a redirected request failed; the observation belongs to the request the trace started.
    const url = redirects.get(named) ?? named;
    const details = err.details.map((d) => d.trim()).filter((d) => d !== "");
    // `verifying go.mod: ...: reading URL: 410` is only ever a checksum-database lookup, even with the URL redacted away.
    const role = GIT_TEXT.test(all) && !/\/@v\/|\/lookup\/|\/sumdb\/|[?&]go-get=1/.test(url) ? "vcs" : !url && VERIFYING_READ.test(all) ? "sumdb" : roleOfUrl(url, undefined, roots);
    // A network error quoted in a `server response:` is the server's own (its fetch of the origin), not this request's.
    // So is a git server's `remote:` line (gopkg.in's `cannot talk to GitHub: ... broken pipe`): the server's, not this connection's.
    const local = localLines(err.message, err.details).filter((l) => !/^\s*remote:/.test(l));
    const o = fromText(url, classifyNetText(err.message) ? err.message : local.join("\n"), role, err.module ?? moduleOfUrl(url), details);
    if (!o) continue;
    if (url !== named) o.redirectedTo = named;
    const key = `${url}|${o.failure ?? o.status}`;
    const twin = out.find((x) => x.source === "trace" && `${x.url}|${x.failure ?? x.status}` === key);
    if (twin) {
      // Same failure seen in the trace line: keep the go error's module and details.
      if (!twin.module && o.module) twin.module = o.module;
      if (twin.details.length === 0) twin.details = details;
      continue;
    }
    // The line that names the request (an import chain's head, `go: M requires`, names none).
    // Else, under an import chain's head (`M imports`, `P tested by`), the line that says the failure, not the head.
    const lines = all.split("\n");
    const chained = CHAIN_HEAD.test(lines[0] ?? "") ? lines.find((l) => classifyNetText(l) !== undefined)?.trim() : undefined;
    o.text = (named ? lines.find((l) => l.includes(named))?.trim() : undefined) ?? chained ?? lines[0] ?? all;
    out.push(o);
  }
  return out;
}

/** The head of go's import chain (`go: M imports`, `P tested by`, `M requires`): the error is at the chain's end. */
const CHAIN_HEAD = /\s(?:imports|tested by|requires)\s*$/;

const VERIFYING_READ = /\bverifying (?:go\.mod|module|\S+@\S+): .*\breading \S+: \d{3} /;

/** git run by the go command in direct mode (its URL is a repository's, not a proxy's): `git fetch ...`, `fatal: unable to access 'URL'`. */
const GIT_TEXT = /\bgit (?:-c \S+ )*(?:ls-remote|fetch|clone)\b|unable to access '/;

/** Whether one of go's error lines names the URL. */
function goNamed(e: Evidence, url: string): boolean {
  return (e.trace?.errors ?? []).some((err) => err.message.includes(url) || err.details.some((d) => d.includes(url)));
}

/** Whether the trace saw the module's download complete. */
function completed(e: Evidence, module: string | undefined): boolean {
  return module !== undefined && (e.trace?.modules ?? []).some((m) => m.path === module && m.state === "done");
}

/** The URL of the last request the trace made for a module, if any. */
function lastRequestOf(e: Evidence, module: string | undefined): string | undefined {
  if (!module) return undefined;
  const requests = e.trace?.requests ?? [];
  for (let i = requests.length - 1; i >= 0; i--) if (moduleOfUrl(requests[i]!.url) === module) return requests[i]!.url;
  return undefined;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function failed(obs: Observation[], role: Role | Role[], failures: NetFailure[]): Observation[] {
  const roles = Array.isArray(role) ? role : [role];
  return obs.filter((o) => roles.includes(o.role) && o.failure !== undefined && failures.includes(o.failure));
}

export function uniqueHosts(obs: Observation[]): string[] {
  return [...new Set(obs.map((o) => o.host).filter((h) => h !== ""))].sort();
}

export function uniqueModules(obs: Observation[]): string[] {
  return [...new Set(obs.map((o) => o.module).filter((m): m is string => !!m))].sort();
}

/** The line that names the failed request (an import chain's head names none). */
function failingLine(o: Observation): string {
  return (o.url ? [o.text, ...o.details].find((l) => l.includes(o.url)) : undefined) ?? o.text;
}

/**
 * A proxy's or checksum database's not-found that quotes its own failed fetch
 * of a public origin (hosts.ts originFailureIn): that failure, else undefined.
 */
export function originFailureOf(o: Observation): string | undefined {
  if ((o.status !== 404 && o.status !== 410) || !o.module) return undefined;
  return originFailureIn(o.module, serverResponse(o.details));
}

/** Evidence for such not-founds: each failed request's line and the start of the server's response. */
export function originFailureEvidence(obs: Observation[]): string[] {
  return [...new Set(obs.flatMap((o) => [failingLine(o), ...serverResponse(o.details).split("\n").slice(0, 3)]))].slice(0, 5);
}

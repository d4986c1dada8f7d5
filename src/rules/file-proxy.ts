// GMD116: a file:// GOPROXY entry (a directory laid out like a proxy, for
// builds without a network) that lacks what go needs: the directory is not
// there, cannot be read, or holds no copy of a required module. From go's
// `reading file://...: no such file or directory` errors, and from the
// file-proxy probe, which checks every required module's files.
import { DEFAULT_GOPROXY, fileProxyDir, type ProxyEntry } from "../context/goproxy.js";
import type { FileProxyFacts } from "../probes/types.js";
import type { Finding, Fix } from "../report/schema.js";
import { fileReads } from "../trace/file-reads.js";
import { escapeModulePath } from "../util/modpath.js";
import { networkVerdict, probed } from "./facts.js";
import { failingSeverity, makeFinding, plural, settingFix, shellQuote } from "./fixes.js";
import { goproxyEntries } from "./settings-view.js";
import type { CauseInfo, Evidence, RuleFamily } from "./types.js";

export const FILE_PROXY_MISSING: CauseInfo = {
  code: "GMD116",
  name: "file-proxy-missing",
  title: "A file:// GOPROXY directory lacks what the go command needs",
  explain:
    "A file:// entry in GOPROXY (`GOPROXY=file:///srv/goproxy`) makes the go command read modules from a directory laid out like a module " +
    "proxy, usually a copy of a module cache's cache/download made where there is network access, for offline or air-gapped builds. " +
    "A file that is not there is a 404 to go (`reading file:///srv/goproxy/MOD/@v/VER.mod: no such file or directory`), one it may not read " +
    "a 403; with no later entry, the download fails. The directory holds only what was downloaded when the copy was made, so a module " +
    "or version added to go.mod since is missing. Fix: download what go.mod needs into an empty module cache on a machine with network " +
    "access and copy its cache/download into the directory, or add a fallback entry after it where the network is reachable.",
};

interface FailedRead {
  url: string;
  reason: string;
  /** module@version, when go's error names it. */
  id?: string;
  message: string;
}

/** `go: MOD@VER: reading file://...`: the module the error is about. */
const ERROR_HEAD = /(?:^|\s)([^\s@:"]+)@([^\s@:"]+): reading file:/;

function failedReads(e: Evidence): FailedRead[] {
  return (e.trace?.errors ?? []).flatMap((err) => {
    const text = [err.message, ...err.details].join("\n");
    const head = ERROR_HEAD.exec(text);
    const id = head ? `${head[1]}@${head[2]}` : err.module && err.version ? `${err.module}@${err.version}` : undefined;
    return fileReads(text).map((r) => ({ ...r, ...(id ? { id } : {}), message: err.message }));
  });
}

/** The entry a file URL is under: from GOPROXY when known, else cut at the module path go's error names. */
function baseOf(e: Evidence, read: FailedRead, entries: ProxyEntry[]): string {
  const entry = entries.find((x) => x.url && read.url.startsWith(`${x.url}/`));
  if (entry?.url) return entry.url;
  const module = read.id?.split("@")[0];
  const at = module ? read.url.indexOf(`/${escapeModulePath(module)}/@v/`) : -1;
  return at > 0 ? read.url.slice(0, at) : read.url.replace(/\/[^/]+\/@v\/[^/]+$/, "");
}

const STATE_TITLE: Record<Exclude<FileProxyFacts["state"], "ok">, (dir: string) => string> = {
  missing: (dir) => `GOPROXY names a directory that does not exist: ${dir}`,
  "not-a-directory": (dir) => `GOPROXY names ${dir}, which is not a directory`,
  unreadable: (dir) => `The GOPROXY directory ${dir} cannot be read by this user`,
  "bad-url": (dir) => `GOPROXY's file:// entry ${dir} names no directory`,
};

const STATE_TEXT: Record<string, string> = {
  missing: "does not exist",
  "not-a-directory": "is not a directory",
  unreadable: "cannot be read by this user",
  "bad-url": "names no local path",
  directory: "is a directory, not a file",
};

function fillFix(dir: string, modules: string[], entries: ProxyEntry[], whole: boolean): Fix {
  // Where the copy is filled from: the network entries of this GOPROXY, else the default.
  const network = entries.filter((x) => x.kind !== "url" || !x.url?.startsWith("file:")).map((x) => x.raw);
  const source = network.length > 0 && network.some((x) => x !== "off") ? network.join(",") : DEFAULT_GOPROXY;
  const what = whole || modules.length === 0 || modules.length > 6 ? "" : ` ${modules.join(" ")}`;
  return {
    summary: whole
      ? "Fill it from a module cache filled where there is network access (in this module's directory), then copy it here"
      : "Add what it lacks: download into an empty module cache where there is network access, then copy that into the directory",
    commands: [
      `GOMODCACHE=/tmp/gomodcache-fill GOPROXY=${shellQuote(source)} go mod download${what}`,
      `mkdir -p ${shellQuote(dir)} && cp -R /tmp/gomodcache-fill/cache/download/. ${shellQuote(dir)}/`,
    ],
    caution: "Run the download on a machine that reaches the proxy (in this module's directory), and move the copy here the way the directory was made.",
  };
}

function fileProxyFinding(e: Evidence, base: string, reads: FailedRead[], facts: FileProxyFacts | undefined, entries: ProxyEntry[]): Finding | undefined {
  const dir = facts?.dir || fileProxyDir(base) || base;
  const denied = reads.some((r) => r.reason === "permission denied") || facts?.state === "unreadable" || (facts?.files ?? []).some((f) => f.state === "unreadable");
  const missing = [...new Set([...reads.filter((r) => r.reason !== "permission denied").flatMap((r) => (r.id ? [r.id] : [])), ...(facts?.missingModules ?? [])])];
  const badDir = facts && facts.state !== "ok" ? facts.state : undefined;
  if (reads.length === 0 && !badDir && missing.length === 0 && !denied) return undefined;

  const k = entries.findIndex((x) => x.url === base);
  const next = k >= 0 ? entries[k + 1] : undefined;
  // A missing file is a 404: `,` and `|` both go on; a 403 goes on only after `|`.
  const fallsThrough = next !== undefined && next.kind !== "off" && (!denied || entries[k]!.fallThrough === "any");
  const severity = reads.length > 0 ? failingSeverity(e) : fallsThrough ? "warning" : "blocker";

  const title = badDir
    ? STATE_TITLE[badDir](dir)
    : denied
      ? `The GOPROXY directory ${dir} holds files this user cannot read`
      : missing.length === 1
        ? `${missing[0]} is not in the GOPROXY directory ${dir}`
        : facts && facts.checkedModules > 0 && facts.missingModules.length > 0
          ? facts.missingModules.length === facts.checkedModules
            ? `None of the ${plural(facts.checkedModules, "module")} go.mod requires are in the GOPROXY directory ${dir}`
            : `${facts.missingModules.length} of the ${plural(facts.checkedModules, "module")} go.mod requires are not in the GOPROXY directory ${dir}`
          : `${plural(missing.length, "module")} are not in the GOPROXY directory ${dir}`;

  const where = e.ctx ? `GOPROXY=${e.ctx.env.GOPROXY}` : `The GOPROXY entry ${base}`;
  const after = next
    ? fallsThrough
      ? ` go then tries the next entry, ${next.raw}.`
      : ` go stops there: ${next.kind === "off" ? "the next entry is off" : "a 403 goes on to the next entry only after `|`"}.`
    : k >= 0
      ? " It is the last entry, so nothing else is tried."
      : "";
  const empty = facts?.entries === 0 ? " The directory is empty." : "";
  const reading = denied ? 'a file it may not read is a "forbidden" to it' : 'a file that is not there is a "not found" to it';
  const origin =
    badDir === "missing" || badDir === "bad-url"
      ? " The directory is not there: a volume that is not mounted, a path from another machine or container, or a copy step that did not run."
      : " Such a directory is usually a copy of a module cache's cache/download made where there is network access: it holds only what was " +
        "downloaded when the copy was made, so a module or version added to go.mod since is not in it.";
  const why = `${where}: the go command reads modules from ${dir} instead of a server, and ${reading}.${after}${empty}${origin}`;

  const evidence = [
    ...[...new Set(reads.map((r) => r.message))].slice(0, 4),
    ...(badDir ? [`${dir}: ${STATE_TEXT[badDir]}`] : []),
    ...(facts && facts.missingModules.length > 0
      ? [`not in ${dir} (no .mod and .zip): ${facts.missingModules.slice(0, 5).join(", ")}${facts.missingModules.length > 5 ? ` and ${facts.missingModules.length - 5} more` : ""} (${facts.missingModules.length} of ${facts.checkedModules} checked)`]
      : []),
    ...(facts?.files ?? []).filter((f) => f.state !== "present").slice(0, 3).map((f) => `${f.path}: ${STATE_TEXT[f.state]} now`),
  ];

  const fixes: Fix[] = [];
  if (denied && badDir !== "missing") {
    fixes.push({ summary: "Let this user read the directory (it was copied with another owner or mode)", commands: [`ls -ld ${shellQuote(dir)}`, `sudo chmod -R a+rX ${shellQuote(dir)}`] });
  }
  if (!denied || missing.length > 0) fixes.push(fillFix(dir, missing, entries, badDir !== undefined || missing.length === 0));
  if (!next && entries.length === 1 && networkVerdict(e) !== "offline") {
    fixes.push(settingFix(e, "Or let go fetch what the directory lacks from the network, where there is one", "GOPROXY", `${entries[0]!.raw},${DEFAULT_GOPROXY}`));
  }
  return makeFinding(FILE_PROXY_MISSING, {
    title,
    severity,
    confidence: reads.length > 0 || badDir ? 0.95 : 0.8,
    why,
    evidence,
    modules: [...new Set(missing.map((id) => id.split("@")[0]!))],
    fixes,
  });
}

function fileProxies(e: Evidence): Finding[] {
  const entries = goproxyEntries(e);
  const reads = failedReads(e);
  const byBase = new Map<string, FailedRead[]>();
  for (const r of reads) {
    const base = baseOf(e, r, entries);
    byBase.set(base, [...(byBase.get(base) ?? []), r]);
  }
  const facts = probed(e, "file-proxy").map((p) => p.facts);
  for (const f of facts) if (!byBase.has(f.url)) byBase.set(f.url, []);
  return [...byBase].flatMap(([base, r]) => fileProxyFinding(e, base, r, facts.find((f) => f.url === base), entries) ?? []);
}

export const fileProxyFamily: RuleFamily = {
  family: "file-proxy",
  causes: [FILE_PROXY_MISSING],
  evaluate: fileProxies,
};

// What the trace says that a probe can act on: which module (and which URL)
// is stuck, and which modules the servers answered "not found" for. Pure.
import { SUMDB_TREE_URL } from "../context/sumdb.js";
import type { Context } from "../context/types.js";
import type { TraceSummary } from "../stall/types.js";
import { escapeModulePath, unescapeModulePath, unescapeVersion } from "../util/modpath.js";
import { redactText } from "../util/redact.js";

export interface StuckTarget {
  module: string;
  version?: string;
  /** The URL the go command was waiting on, when known. */
  url?: string;
  /** The stuck request is a zip body (worth a throughput read). */
  zip: boolean;
}

export interface RequiredModule {
  /** The path the go command downloads (a non-local replacement's new path). */
  path: string;
  version: string;
  /** Replaced by a directory: nothing to download. */
  local: boolean;
}

/** The modules go.mod requires, with replacements applied. */
export function requiredModules(ctx: Context): RequiredModule[] {
  return ctx.mod.require.map((req) => {
    const rep = ctx.mod.replace.find((r) => r.oldPath === req.path && (!r.oldVersion || r.oldVersion === req.version));
    if (!rep) return { path: req.path, version: req.version, local: false };
    if (rep.local) return { path: req.path, version: req.version, local: true };
    return { path: rep.newPath, version: rep.newVersion ?? req.version, local: false };
  });
}

/** `<base>/<escaped module>/@v/<escaped version>.<ext>` (or `@v/list`, `@latest`) back to module and version. */
export function parseProxyUrl(url: string, bases: string[]): { module: string; version?: string; ext: string; base: string } | undefined {
  for (const raw of bases) {
    const base = raw.replace(/\/+$/, "");
    if (!url.startsWith(`${base}/`)) continue;
    const rest = url.slice(base.length + 1).split(/[?#]/)[0]!;
    const match = /^(.+?)\/(?:@v\/(?:(list)|(.+)\.(info|mod|zip))|(@latest))$/.exec(rest);
    if (!match) continue;
    const module = unescapeModulePath(match[1]!);
    if (!module) continue;
    if (match[2]) return { module, ext: "list", base };
    if (match[5]) return { module, ext: "latest", base };
    const version = unescapeVersion(match[3]!);
    return { module, ...(version ? { version } : {}), ext: match[4]!, base };
  }
  return undefined;
}

/** Stuck or failed module downloads, most telling first: stall suspects, outstanding requests, failed modules. */
export function stuckTargets(trace: TraceSummary | undefined, bases: string[]): StuckTarget[] {
  if (!trace) return [];
  const out: StuckTarget[] = [];
  const add = (t: StuckTarget): void => {
    const same = out.find((o) => o.module === t.module && (o.version ?? "") === (t.version ?? ""));
    if (!same) out.push(t);
    else if (!same.url && t.url) Object.assign(same, { url: t.url, zip: t.zip });
  };
  for (const s of trace.stall?.suspects ?? []) {
    const parsed = s.url ? parseProxyUrl(s.url, bases) : undefined;
    const module = s.module ?? parsed?.module;
    if (!module) continue;
    const version = s.version ?? parsed?.version;
    add({ module, ...(version ? { version } : {}), ...(s.url ? { url: s.url } : {}), zip: s.kind === "zip-body" || parsed?.ext === "zip" });
  }
  for (const r of trace.outstanding) {
    const parsed = parseProxyUrl(r.url, bases);
    if (parsed) add({ module: parsed.module, ...(parsed.version ? { version: parsed.version } : {}), url: r.url, zip: parsed.ext === "zip" });
  }
  for (const m of trace.modules) {
    // A zip answered with an error status: its read shows where the proxy sends it (a CDN's 403 or 404 reads as the proxy's in go's trace).
    // So does one answered 2xx that go then could not read (a sign-in page on the CDN it redirects to, in the zip's place).
    const refusedZip =
      m.state === "failed"
        ? trace.requests.find((r) => r.status !== undefined && parseProxyUrl(r.url, bases)?.ext === "zip" && parseProxyUrl(r.url, bases)?.module === m.path && parseProxyUrl(r.url, bases)?.version === m.version)
        : undefined;
    if (refusedZip) add({ module: m.path, version: m.version, url: refusedZip.url, zip: true });
    // A zip still arriving (slowly, or when --timeout ended the run): its read tells the announced size and the rate.
    else if ((m.state === "downloading" || m.state === "slow") && m.outstanding?.includes("zip")) add({ module: m.path, version: m.version, zip: true });
    else if (m.state === "failed" || m.state === "stalled" || m.state === "slow") add({ module: m.path, version: m.version, zip: false });
  }
  return out;
}

/** What the proxy or VCS says when it does not know a module: the signs of a private one. */
const NOT_FOUND = /\b(404|410)\b|not found|unrecognized import path|unknown revision|invalid version|terminal prompts disabled|could not read username/i;

/** The message names the module itself (`mod@v`, `mod:`), not a longer path that starts with it. */
function mentions(text: string, module: string): boolean {
  let at = text.indexOf(module);
  while (at >= 0) {
    const before = at === 0 ? " " : text[at - 1]!;
    const after = text[at + module.length] ?? " ";
    if (/[\s"'(]/.test(before) && /[@:\s"')]/.test(after)) return true;
    at = text.indexOf(module, at + 1);
  }
  return false;
}

function urlNames(url: string, module: string): boolean {
  return url.includes(`/${escapeModulePath(module)}/@`);
}

/** Why the trace suggests `module` is private (a "not found" answer naming it), or undefined. */
export function privateEvidence(trace: TraceSummary | undefined, module: string): string | undefined {
  if (!trace) return undefined;
  for (const e of trace.errors) {
    const text = [e.message, ...e.details].join("\n");
    const named = e.module === module || (e.module === undefined && mentions(e.message, module));
    // A checksum database's tile or tree head not found is about its log, not about the module being verified.
    if (named && NOT_FOUND.test(text) && !SUMDB_TREE_URL.test(text)) return clip(text);
  }
  for (const r of trace.requests) {
    if ((r.status === 404 || r.status === 410) && urlNames(r.url, module)) return clip(`${r.url}: ${r.status}`);
  }
  for (const m of trace.modules) {
    if (m.path === module && m.error && NOT_FOUND.test(m.error) && !SUMDB_TREE_URL.test(m.error)) return clip(m.error);
  }
  return undefined;
}

function clip(text: string): string {
  const line = text.split("\n").map((l) => l.trim()).filter(Boolean).join(" | ");
  return redactText(line.length > 240 ? `${line.slice(0, 239)}…` : line);
}

// A file:// GOPROXY entry: a directory laid out like a module proxy, often a
// copy of a module cache's cache/download for builds without a network. The
// go command reads it as a proxy that answers 404 for a missing file and 403
// for one it may not read (cmd/go/internal/web getFile). Read-only: stat and
// access(2), nothing else.
import { constants } from "node:fs";
import { access, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Context } from "../context/types.js";
import { fileProxyDir, parseGoproxy } from "../context/goproxy.js";
import { routeModule } from "../context/routes.js";
import { escapeModulePath, escapeVersion } from "../util/modpath.js";
import type { FileProxyFacts, Probe, ProbeTask, Trigger } from "./types.js";
import { fileReads } from "../trace/file-reads.js";
import { requiredModules } from "./evidence.js";
import { taskId } from "./outcome.js";

/** A hundred-module go.mod is two hundred stats: cheap, but bounded. */
const MAX_MODULES = 500;
/** Shown by name; the rest are counted. */
const MAX_NAMED = 20;

type FileState = FileProxyFacts["files"][number]["state"];

/** What go's getFile would find at `path`. */
export async function fileState(path: string): Promise<FileState> {
  const state = await pathState(path, "file");
  return state === "ok" ? "present" : state === "wrong-kind" ? "directory" : state;
}

async function dirState(dir: string): Promise<FileProxyFacts["state"]> {
  const state = await pathState(dir, "directory");
  return state === "wrong-kind" ? "not-a-directory" : state;
}

/** Whether `path` is the kind go reads there and this user may read it (a directory must be listable too). */
async function pathState(path: string, want: "file" | "directory"): Promise<"ok" | "wrong-kind" | "unreadable" | "missing"> {
  try {
    const s = await stat(path);
    if (s.isDirectory() !== (want === "directory")) return "wrong-kind";
    await access(path, want === "directory" ? constants.R_OK | constants.X_OK : constants.R_OK);
    return "ok";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "EACCES" || code === "EPERM" ? "unreadable" : "missing";
  }
}

/** The file URLs under `base` that go's errors say it could not read. */
function failedReads(trace: Trigger["trace"], base: string): string[] {
  const urls = new Set<string>();
  for (const err of trace?.errors ?? []) {
    for (const read of fileReads([err.message, ...err.details].join("\n"))) {
      if (read.url.startsWith(`${base}/`)) urls.add(read.url);
    }
  }
  return [...urls].slice(0, MAX_NAMED);
}

export async function inspectFileProxy(base: string, ctx: Context, trace: Trigger["trace"], signal?: AbortSignal): Promise<FileProxyFacts> {
  const dir = fileProxyDir(base);
  if (dir === undefined) return { url: base, dir: "", state: "bad-url", files: [], missingModules: [], checkedModules: 0 };
  const facts: FileProxyFacts = { url: base, dir, state: await dirState(dir), files: [], missingModules: [], checkedModules: 0 };
  if (facts.state === "ok") {
    try {
      facts.entries = (await readdir(dir)).length;
    } catch {
      // dirState just read it; a race is not worth a finding.
    }
  }
  for (const url of failedReads(trace, base)) {
    const path = fileProxyDir(url);
    if (path) facts.files.push({ url, path, state: await fileState(path) });
  }
  if (facts.state !== "ok") return facts;
  // What go.mod needs through the proxy list: a module is there when its .mod and .zip are.
  const wanted = requiredModules(ctx).filter((m) => !m.local && routeModule(ctx.env, m.path).route === "proxy").slice(0, MAX_MODULES);
  for (const m of wanted) {
    if (signal?.aborted) break;
    const at = join(dir, escapeModulePath(m.path), "@v", escapeVersion(m.version));
    const [mod, zip] = await Promise.all([fileState(`${at}.mod`), fileState(`${at}.zip`)]);
    facts.checkedModules++;
    if (mod !== "present" || zip !== "present") facts.missingModules.push(`${m.path}@${m.version}`);
  }
  return facts;
}

/** The file:// entries of GOPROXY, in order. */
export function fileProxyUrls(ctx: Context): string[] {
  return parseGoproxy(ctx.env.GOPROXY).entries.flatMap((e) => (e.kind === "url" && e.url?.startsWith("file:") ? [e.url] : []));
}

export const fileProxyProbe: Probe = {
  id: "file-proxy",
  title: "File-system module proxy",
  plan(ctx: Context, trigger: Trigger): ProbeTask[] {
    return fileProxyUrls(ctx).map((base) => ({
      id: taskId("file-proxy", base),
      probe: "file-proxy",
      title: `GOPROXY ${base}`,
      target: base,
      async run(signal) {
        const facts = await inspectFileProxy(base, ctx, trigger.trace, signal);
        const unread = facts.files.filter((f) => f.state !== "present");
        const problem =
          facts.state !== "ok"
            ? `${facts.dir || base}: ${facts.state.replace(/-/g, " ")}`
            : unread.length > 0
              ? `${unread[0]!.path}: ${unread[0]!.state}`
              : facts.missingModules.length > 0
                ? `${facts.missingModules.length} of ${facts.checkedModules} required modules are not in ${facts.dir}`
                : undefined;
        return { status: problem ? "fail" : "ok", facts: { ...facts }, ...(problem ? { error: { code: "FILE_PROXY", message: problem } } : {}) };
      },
    }));
  },
};

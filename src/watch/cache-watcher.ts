// Byte progress of zip downloads, read from the module cache. go streams a
// zip body into `cache/download/<mod>/@v/<ver>.zip<random>.tmp` and renames
// it to `<ver>.zip` when complete; the trace's `200 OK` only says the headers
// came. The watcher learns from the trace which module versions are being
// fetched and, on each poll, lists only those few `@v` directories: the cost
// does not grow with the cache.
import { join, sep } from "node:path";
import type { Event } from "../trace/events.js";
import { decodeRequestUrl, TOOLCHAIN_MODULE } from "../trace/url.js";
import { escapeVersion } from "../util/modpath.js";
import { downloadDir, isZipTmp } from "./cache-paths.js";
import { realFs, type FsReader } from "./proc.js";
import { createVcsPackWatcher, type VcsProcessOptions } from "./vcs-packs.js";

export interface CacheWatcherOptions {
  gomodcache: string;
  fs?: FsReader;
  /** GOPROXY entries: settle where a proxy's own path ends and the module path begins in request URLs. */
  bases?: readonly string[];
  /** Module versions watched at once (go's concurrency is far lower); the oldest go first. */
  maxWatched?: number;
  /** The go command's pid and /proc: git fetches' reads count as their progress (vcs-packs.ts). */
  processes?: VcsProcessOptions;
}

export interface CacheWatcher {
  /** Feed every event: zip requests start a watch; completion, failure or exit end it. */
  observe(event: Event): void;
  /** Stats the watched zips; returns `bytes` for sizes that changed and `zip-done` for completed zips. */
  poll(now: number): Promise<Event[]>;
  /** `.lock` files the trace named (`# lock FILE`, download dirs of requested versions), for the lock check. */
  lockFiles(): string[];
}

interface Watch {
  module: string;
  version: string;
  dir: string;
  /** Event time of the request that started the watch. */
  since: number;
  /** Last size reported per `.tmp` file name; leftovers of older runs are recorded unreported. */
  sizes: Map<string, number>;
}

const MAX_NAMED = 512;
/** A `.tmp` last written this long before its request started is a leftover of an earlier run. */
const LEFTOVER_SLACK_MS = 1000;

export function createCacheWatcher(options: CacheWatcherOptions): CacheWatcher {
  const fs = options.fs ?? realFs;
  const maxWatched = options.maxWatched ?? 256;
  const watches = new Map<string, Watch>();
  /** Module versions the trace requested (their lock paths are built only when asked for: lockFiles is rare, requests are not). */
  const named = new Map<string, { module: string; version: string }>();
  const traced = new Set<string>();
  let stopped = false;
  // git fetches (direct mode) show their progress in their own cache/vcs folder.
  const packs = createVcsPackWatcher(fs, options.processes);
  const vcsRoot = join(options.gomodcache, "cache", "vcs") + sep;

  const key = (module: string, version: string) => `${module}@${version}`;
  const watch = (module: string, version: string, t: number): void => {
    if (stopped || watches.has(key(module, version))) return;
    if (watches.size >= maxWatched) watches.delete(watches.keys().next().value!);
    watches.set(key(module, version), { module, version, dir: downloadDir(options.gomodcache, module), since: t, sizes: new Map() });
  };
  const name = (module: string, version: string): void => {
    const k = key(module, version);
    if (named.has(k)) return;
    if (named.size >= MAX_NAMED) named.delete(named.keys().next().value!);
    named.set(k, { module, version });
  };

  return {
    observe(event) {
      switch (event.kind) {
        case "vcs-start":
        case "vcs-end":
          if (event.dir?.startsWith(vcsRoot)) packs.observe(event);
          return;
        case "http-start":
        case "http-end": {
          const target = decodeRequestUrl(event.url, options.bases);
          if (!target.module || !target.version || (target.kind !== "zip" && target.kind !== "info" && target.kind !== "mod")) return;
          name(target.module, target.version);
          if (target.kind !== "zip") return;
          const failed = event.kind === "http-end" && (event.error !== undefined || (event.status !== undefined && event.status >= 300));
          // A failed zip request ends this watch; the next proxy's request starts a new one.
          if (failed) watches.delete(key(target.module, target.version));
          else watch(target.module, target.version, event.t);
          return;
        }
        case "toolchain": // a toolchain switch: its zip comes before -x is read, so the cache alone shows it
          if (event.moduleVersion) {
            name(TOOLCHAIN_MODULE, event.moduleVersion);
            watch(TOOLCHAIN_MODULE, event.moduleVersion, event.t);
          }
          return;
        case "downloading": // go build/get: the zip follows (also for direct, vcs-built zips)
          name(event.module, event.version);
          watch(event.module, event.version, event.t);
          return;
        case "zip-done":
          watches.delete(key(event.module, event.version));
          return;
        case "go-error":
          if (event.module && event.version) watches.delete(key(event.module, event.version));
          return;
        case "lock":
          if (traced.size >= MAX_NAMED) traced.delete(traced.values().next().value!);
          traced.add(event.file);
          return;
        case "exit":
          stopped = true;
          return;
        default:
          return;
      }
    },

    async poll(now) {
      const events: Event[] = [];
      await Promise.all([...watches.values()].map((w) => pollOne(fs, w, now, events)));
      for (const e of events) if (e.kind === "zip-done") watches.delete(key(e.module, e.version));
      if (!stopped) events.push(...(await packs.poll(now)));
      return events;
    },

    lockFiles() {
      const requested = [...named.values()].map(({ module, version }) => join(downloadDir(options.gomodcache, module), `${escapeVersion(version)}.lock`));
      return [...new Set([...traced, ...requested])];
    },
  };
}

async function pollOne(fs: FsReader, w: Watch, now: number, out: Event[]): Promise<void> {
  const version = escapeVersion(w.version);
  const zip = join(w.dir, `${version}.zip`);
  const done = await fs.stat(zip).catch(() => undefined);
  if (done?.isFile()) {
    out.push({ t: now, kind: "zip-done", module: w.module, version: w.version, bytes: done.size });
    return;
  }
  const names = await fs.readdir(w.dir).catch(() => [] as string[]);
  const prefix = `${version}.zip`;
  for (const name of names) {
    if (!isZipTmp(name, prefix)) continue;
    const file = join(w.dir, name);
    const info = await fs.stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    const last = w.sizes.get(name);
    if (last === undefined && info.mtimeMs < w.since - LEFTOVER_SLACK_MS) {
      w.sizes.set(name, info.size); // a killed earlier run's file: report it only if it grows
      continue;
    }
    if (last === info.size) continue;
    w.sizes.set(name, info.size);
    out.push({ t: now, kind: "bytes", module: w.module, version: w.version, bytes: info.size, file });
  }
}

export { downloadDir, isZipTmp } from "./cache-paths.js";
export { findOrphans, type Orphan } from "./orphans.js";

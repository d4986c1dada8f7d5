// Read-only looks into the module cache, limited to the download folders of
// the required modules (never a walk of the whole cache): leftovers of killed
// downloads, and the `.lock` files someone may hold.
import type { Dirent, Stats } from "node:fs";
import { dirname, join } from "node:path";
import { escapeModulePath } from "../util/modpath.js";
import type { RequiredModule } from "./evidence.js";

export interface CacheFs {
  readdir(dir: string, options: { withFileTypes: true }): Promise<Dirent[]>;
  stat(path: string): Promise<Stats>;
}

export interface Orphan {
  file: string;
  bytes: number;
  ageMs: number;
}

export interface LockFile {
  file: string;
  dev: number;
  ino: number;
}

/** `v1.2.0.zip203497557.tmp` (and .mod/.info/.ziphash temp files), `v1.2.0.partial`. */
const ORPHAN_FILE = /\.(?:zip|mod|info|ziphash)\d+\.tmp$|\.partial$/;
const MAX_MODULES = 2000;

async function list(fs: CacheFs, dir: string): Promise<Dirent[]> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The folders to look in: each module's `cache/download/<path>/@v` and the parent of its extracted tree. */
export function moduleDirs(cacheDir: string, modules: RequiredModule[]): { download: string[]; extract: { parent: string; prefix: string }[] } {
  const download = new Set<string>();
  const extract = new Map<string, { parent: string; prefix: string }>();
  for (const m of modules.filter((x) => !x.local).slice(0, MAX_MODULES)) {
    const escaped = escapeModulePath(m.path);
    download.add(join(cacheDir, "cache", "download", escaped, "@v"));
    const parent = join(cacheDir, dirname(escaped));
    const prefix = `${escaped.split("/").pop()!}@`;
    extract.set(`${parent}\0${prefix}`, { parent, prefix });
  }
  return { download: [...download], extract: [...extract.values()] };
}

export async function findOrphans(fs: CacheFs, cacheDir: string, modules: RequiredModule[], now: number): Promise<Orphan[]> {
  const { download, extract } = moduleDirs(cacheDir, modules);
  const candidates: string[] = [];
  for (const dir of download) {
    for (const entry of await list(fs, dir)) if (ORPHAN_FILE.test(entry.name)) candidates.push(join(dir, entry.name));
  }
  for (const { parent, prefix } of extract) {
    for (const entry of await list(fs, parent)) {
      // `<module>@<version>.tmp-<random>`: an extraction that never got renamed into place.
      if (entry.name.startsWith(prefix) && /\.tmp-\d+$/.test(entry.name)) candidates.push(join(parent, entry.name));
    }
  }
  const orphans: Orphan[] = [];
  for (const file of candidates) {
    try {
      const info = await fs.stat(file);
      orphans.push({ file, bytes: info.isFile() ? info.size : 0, ageMs: Math.max(0, Math.round(now - info.mtimeMs)) });
    } catch {
      // Renamed into place while we looked: not an orphan.
    }
  }
  return orphans;
}

/**
 * The `.lock` file that guards a partial file: `<version>.lock` beside a
 * `<version>.zip123.tmp` or `<version>.partial`; for an extraction directory
 * `<cache>/<module>@<version>.tmp-N`, `cache/download/<module>/@v/<version>.lock`.
 */
export function guardingLock(cacheDir: string, file: string): string | undefined {
  const download = /^(.*[\/]@v[\/])(.+?)\.(?:(?:zip|mod|info|ziphash)\d+\.tmp|partial)$/.exec(file);
  if (download) return `${download[1]}${download[2]}.lock`;
  const prefix = cacheDir.endsWith("/") ? cacheDir : `${cacheDir}/`;
  if (!file.startsWith(prefix)) return undefined;
  const extract = /^(.+)@([^/@]+)\.tmp-\d+$/.exec(file.slice(prefix.length));
  if (!extract) return undefined;
  return join(cacheDir, "cache", "download", extract[1]!, "@v", `${extract[2]}.lock`);
}

/** The `.lock` files of the required modules' downloads and of the VCS cache (one folder listing). */
export async function findLockFiles(fs: CacheFs, cacheDir: string, modules: RequiredModule[]): Promise<LockFile[]> {
  const dirs = [...moduleDirs(cacheDir, modules).download, join(cacheDir, "cache", "vcs")];
  const locks: LockFile[] = [];
  for (const dir of dirs) {
    for (const entry of await list(fs, dir)) {
      if (!entry.name.endsWith(".lock")) continue;
      try {
        const info = await fs.stat(join(dir, entry.name));
        locks.push({ file: join(dir, entry.name), dev: info.dev, ino: info.ino });
      } catch {
        // Gone.
      }
    }
  }
  return locks;
}

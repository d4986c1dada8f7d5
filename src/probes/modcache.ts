// The module cache: does it exist, can this user write it, how much room is
// left, what killed downloads left behind, and who holds its locks. Strictly
// read-only: access(2), stat, statfs and directory listings; never a write,
// not even a probe file (a diagnosis must not change the user's cache).
import { constants, type Dirent, type Stats, type StatsFs } from "node:fs";
import { access, readFile, readdir, stat, statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Context } from "../context/types.js";
import { parseGoflags } from "../context/goflags.js";
import type { ModcacheFacts, Probe, ProbeTask, Trigger } from "./types.js";
import { findLockFiles, findOrphans, guardingLock } from "./cache-scan.js";
import { lockHolders } from "./lock-holders.js";
import type { ProcReader } from "../watch/proc.js";
import { requiredModules, type RequiredModule } from "./evidence.js";

export interface ModcacheFs {
  access(path: string, mode: number): Promise<void>;
  stat(path: string): Promise<Stats>;
  statfs(path: string): Promise<StatsFs>;
  readdir(dir: string, options: { withFileTypes: true }): Promise<Dirent[]>;
  readFile(path: string, encoding: "utf8"): Promise<string>;
}

export const realFs: ModcacheFs = { access, stat, statfs, readdir, readFile };

/** GOMODCACHE, else the first GOPATH entry's pkg/mod (as the go command defaults it). */
export function modcacheDir(ctx: Context): string {
  if (ctx.env.GOMODCACHE) return ctx.env.GOMODCACHE;
  const gopath = ctx.env.GOPATH.split(":").find(Boolean);
  if (gopath) return join(gopath, "pkg", "mod");
  return join(ctx.process.HOME ?? "/", "go", "pkg", "mod");
}

async function nearestExisting(fs: ModcacheFs, dir: string): Promise<string> {
  let current = resolve(dir);
  for (;;) {
    try {
      await fs.stat(current);
      return current;
    } catch {
      const parent = dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

/** The mount holding `dir` (its mount point, and whether it is read-only), from /proc/self/mountinfo (undefined when unknown). */
export function mountOf(mountinfo: string, dir: string): { point: string; ro: boolean } | undefined {
  let best: { point: string; ro: boolean } | undefined;
  for (const line of mountinfo.split("\n")) {
    const fields = line.split(" ");
    const point = fields[4]?.replace(/\\040/g, " ");
    const options = fields[5];
    if (!point || !options) continue;
    const inside = dir === point || dir.startsWith(point.endsWith("/") ? point : `${point}/`);
    if (inside && (!best || point.length >= best.point.length)) best = { point, ro: options.split(",").includes("ro") };
  }
  return best;
}

export interface ModcacheInput {
  dir: string;
  modules: RequiredModule[];
  goflags: string;
  fs: ModcacheFs;
  now: () => number;
  /** /proc reader for lock holders (tests inject one). */
  proc?: ProcReader;
  /** Cached zips go's errors named: their size and .ziphash are reported. */
  namedZips?: string[];
  /** Where a writable replacement cache could go, and the go env file: looked at only when the cache is not writable. */
  home?: string;
  tmp?: string;
  goEnvFile?: string;
}

export async function inspectModcache(input: ModcacheInput): Promise<ModcacheFacts> {
  const { fs, dir } = input;
  const exists = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
  // A missing cache is created by the go command: what matters is its nearest existing ancestor.
  const target = exists ? dir : await nearestExisting(fs, dir);
  // GOMODCACHE naming a file (or a path under one): go cannot create it (`could not create module cache: "DIR" is not a directory`).
  const notDirectory = !exists && (await fs.stat(target).then((s) => !s.isDirectory(), () => false));
  const flags = parseGoflags(input.goflags);
  const facts: ModcacheFacts = {
    dir,
    exists,
    writable: true,
    orphans: [],
    lockHolders: [],
    locksReadable: false,
    goflags: { modVendor: flags.modVendor, modcacherw: flags.modcacherw, modReadonly: flags.modReadonly },
  };
  if (notDirectory) {
    facts.writable = false;
    facts.notDirectory = target;
    facts.writeError = `${target}: not a directory`;
  }
  const downloadDir = join(dir, "cache", "download");
  for (const path of notDirectory ? [] : exists ? [dir, downloadDir] : [target]) {
    try {
      await fs.access(path, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") continue; // no cache/download yet: go creates it
      facts.writable = false;
      facts.writeError = `${path}: ${code ?? String(error)}`;
      break;
    }
  }
  try {
    const info = await fs.stat(target);
    facts.mode = `0${(info.mode & 0o777).toString(8)}`;
  } catch {
    // Raced away.
  }
  const mountinfo = await fs.readFile("/proc/self/mountinfo", "utf8").catch(() => undefined);
  const mount = mountinfo === undefined ? undefined : mountOf(mountinfo, resolve(target));
  const ro = mount?.ro;
  if (ro !== undefined) facts.readOnlyMount = ro;
  if (ro) {
    // The mount point is what a remount names (a bind mount or a container volume, often not the cache itself).
    facts.readOnlyMountPoint = mount!.point;
    facts.writable = false;
    facts.writeError ??= `${target}: read-only file system`;
  }
  if (!facts.writable) {
    const alternative = await firstCreatable(fs, mountinfo, alternativeDirs(dir, input.home, input.tmp));
    if (alternative) facts.writableAlternative = alternative;
    if (input.goEnvFile) facts.goEnvFileWritable = (await firstCreatable(fs, mountinfo, [input.goEnvFile])) !== undefined;
  }
  try {
    const fsStats = await fs.statfs(target);
    facts.freeBytes = fsStats.bavail * fsStats.bsize;
    facts.totalBytes = fsStats.blocks * fsStats.bsize;
  } catch {
    // statfs unsupported here: free space unknown.
  }
  if (exists) {
    facts.orphans = await findOrphans(fs, dir, input.modules, input.now());
    const locks = await findLockFiles(fs, dir, input.modules);
    const held = await lockHolders(locks, input.proc);
    facts.locksReadable = held.readable;
    facts.lockHolders = held.holders;
    facts.orphans = markInUse(dir, facts.orphans, held.holders);
  }
  if (input.namedZips && input.namedZips.length > 0) facts.namedZips = await inspectZips(fs, input.namedZips, input.now());
  return facts;
}

/** Cache directories to suggest instead of `failing`, most usual first. */
function alternativeDirs(failing: string, home: string | undefined, tmp: string | undefined): string[] {
  const dirs = [...(home ? [join(home, "go", "pkg", "mod"), join(home, ".cache", "go-mod")] : []), ...(tmp ? [join(tmp, "go-mod")] : [])];
  return dirs.filter((d) => d !== failing && !d.startsWith(`${failing}/`));
}

/**
 * The first path this user could create (or write, if it exists): its nearest
 * existing ancestor passes access(W_OK) and is not on a read-only mount.
 * access(2) only, like the rest of the probe: nothing is created.
 */
async function firstCreatable(fs: ModcacheFs, mountinfo: string | undefined, paths: string[]): Promise<string | undefined> {
  for (const path of paths) {
    const existing = await nearestExisting(fs, path);
    const writable = await fs.access(existing, constants.W_OK).then(() => true, () => false);
    if (writable && !(mountinfo !== undefined && mountOf(mountinfo, existing)?.ro)) return path;
  }
  return undefined;
}

/**
 * A partial file whose version lock a live process holds is being written
 * (another go command downloading it, maybe stuck): in use, not left over.
 * go itself removes real leftovers under that lock before it downloads again.
 */
export function markInUse(dir: string, orphans: ModcacheFacts["orphans"], holders: ModcacheFacts["lockHolders"]): ModcacheFacts["orphans"] {
  if (holders.length === 0) return orphans;
  return orphans.map((o) => {
    const lock = guardingLock(dir, o.file);
    const holder = lock === undefined ? undefined : holders.find((h) => h.file === lock);
    return holder ? { ...o, heldBy: holder.pid } : o;
  });
}

/** Size, age and .ziphash of zips the errors name; read-only stats. */
async function inspectZips(fs: ModcacheFs, files: string[], now: number): Promise<NonNullable<ModcacheFacts["namedZips"]>> {
  const out: NonNullable<ModcacheFacts["namedZips"]> = [];
  for (const file of [...new Set(files)].slice(0, 10)) {
    const info = await fs.stat(file).catch(() => undefined);
    if (!info) {
      out.push({ file, exists: false });
      continue;
    }
    const ziphash = await fs.stat(`${file}hash`).then(() => true, () => false);
    out.push({ file, exists: true, bytes: info.size, ageMs: Math.max(0, Math.round(now - info.mtimeMs)), ziphash });
  }
  return out;
}

/** `unzip FILE.zip: ...` in the trace's errors, for zips under this cache's download folder. */
export function zipsNamedInErrors(dir: string, trace: Trigger["trace"]): string[] {
  const download = join(dir, "cache", "download");
  const out: string[] = [];
  for (const err of trace?.errors ?? []) {
    for (const line of [err.message, ...err.details]) {
      const m = /\bunzip (\S+\.zip): /.exec(line);
      if (m && m[1]!.startsWith(`${download}/`)) out.push(m[1]!);
    }
  }
  return out;
}

export const modcacheProbe: Probe = {
  id: "modcache",
  title: "Module cache",
  plan(ctx, trigger, options): ProbeTask[] {
    const dir = modcacheDir(ctx);
    return [
      {
        id: "modcache",
        probe: "modcache",
        title: "Module cache",
        target: dir,
        async run() {
          const namedZips = zipsNamedInErrors(dir, trigger.trace);
          const facts = await inspectModcache({ dir, modules: requiredModules(ctx), goflags: ctx.env.GOFLAGS, fs: realFs, now: options.now, namedZips, tmp: tmpdir(), ...(ctx.process.HOME ? { home: ctx.process.HOME } : {}), ...(ctx.env.GOENV ? { goEnvFile: ctx.env.GOENV } : {}) });
          const status = !facts.writable ? "fail" : facts.orphans.length > 0 || facts.lockHolders.length > 0 || (facts.namedZips?.length ?? 0) > 0 ? "warn" : "ok";
          return { status, facts: { ...facts } };
        },
      },
    ];
  },
};

// Who holds the module-cache lock the go command waits on. go takes flock(2)
// on `<version>.lock` files under cache/download and on cache/vcs/<hash>.lock;
// a waiting go prints nothing. Linux's /proc/locks lists every lock with the
// holder's pid and the file's device:inode, waiters marked `->` right after
// the lock they wait for:
//
//   1: FLOCK  ADVISORY  WRITE 3102 fe:00:2146568 0 EOF
//   1: -> FLOCK  ADVISORY  WRITE 3111 fe:00:2146568 0 EOF
//
// Files are found by inode among the few the trace named, then cache/vcs, then
// the waiter's open files (never a scan of the cache).
import { join } from "node:path";
import { redactText } from "../util/redact.js";
import { descendantsIn, readArgv, realFs, realProc, scanProcesses, type FsReader, type ProcReader } from "./proc.js";
import { devParts, parseProcLocks, type ProcLock } from "./proc-locks.js";

export { devParts, holdersOf, parseProcLocks, type ProcLock } from "./proc-locks.js";

export interface LockWait {
  file: string;
  holderPid?: number;
  holderCommand?: string;
  waiterPid?: number;
}

export interface LockWaitResult {
  /** False where /proc/locks cannot be read (not Linux): the check was not possible. */
  supported: boolean;
  waits: LockWait[];
}

export interface FindLockWaitsOptions {
  rootPid: number;
  gomodcache: string;
  /** `.lock` files the trace named (`# lock FILE`, the download dirs of requested modules): looked at first. */
  lockFiles?: readonly string[];
  proc?: ProcReader;
  fs?: FsReader;
}

/** Processes of rootPid's tree that wait on a flock another process holds, with the holder and the file. */
export async function findLockWaits(options: FindLockWaitsOptions): Promise<LockWaitResult> {
  const proc = options.proc ?? realProc;
  const fs = options.fs ?? realFs;
  let text: string;
  try {
    text = await proc.readFile("/proc/locks");
  } catch {
    return { supported: false, waits: [] };
  }
  const locks = parseProcLocks(text);
  if (!locks.some((l) => l.waiting)) return { supported: true, waits: [] };
  const table = (await scanProcesses(proc)) ?? [];
  const ours = new Set([options.rootPid, ...descendantsIn(table, options.rootPid)]);

  const waits: LockWait[] = [];
  const nameOf = fileNamer(options, fs, proc);
  let holder: ProcLock | undefined;
  for (const lock of locks) {
    if (!lock.waiting) {
      holder = lock;
      continue;
    }
    if (!ours.has(lock.pid) || !holder || holder.id !== lock.id || holder.pid === lock.pid) continue;
    const file = (await nameOf(lock)) ?? `inode ${lock.major.toString(16)}:${lock.minor.toString(16)}:${lock.inode}`;
    const holderPid = holder.pid > 0 ? holder.pid : undefined;
    const argv = holderPid !== undefined ? await readArgv(holderPid, proc) : [];
    waits.push({
      file,
      waiterPid: lock.pid,
      ...(holderPid !== undefined ? { holderPid } : {}),
      ...(argv.length > 0 ? { holderCommand: redactText(argv.join(" ")) } : {}),
    });
  }
  return { supported: true, waits };
}

/** Maps device:inode to a path, looking in the cheapest places first and at each file once. */
function fileNamer(options: FindLockWaitsOptions, fs: FsReader, proc: ProcReader): (lock: ProcLock) => Promise<string | undefined> {
  const known = new Map<string, string>();
  const seen = new Set<string>();
  const vcs = join(options.gomodcache, "cache", "vcs");
  const sources: ((lock: ProcLock) => Promise<string[]>)[] = [
    async () => [...(options.lockFiles ?? [])],
    async () => (await fs.readdir(vcs).catch(() => [] as string[])).filter((n) => n.endsWith(".lock")).map((n) => join(vcs, n)),
    // Last resort: the waiter has the file open (it called flock on it).
    async (lock) => {
      const fds = await proc.readdir(`/proc/${lock.pid}/fd`).catch(() => [] as string[]);
      const links = await Promise.all(fds.map((fd) => proc.readlink(`/proc/${lock.pid}/fd/${fd}`).catch(() => "")));
      return links.filter((t) => t.startsWith("/") && t.endsWith(".lock"));
    },
  ];
  const exact = (lock: ProcLock): string | undefined => known.get(`${lock.major}:${lock.minor}:${lock.inode}`);
  return async (lock) => {
    for (const source of sources) {
      const hit = exact(lock);
      if (hit) return hit;
      for (const path of await source(lock)) {
        if (seen.has(path)) continue;
        seen.add(path);
        const info = await fs.stat(path).catch(() => undefined);
        if (!info) continue;
        const { major, minor } = devParts(info.dev);
        known.set(`${major}:${minor}:${info.ino}`, path);
        if (!known.has(`inode:${info.ino}`)) known.set(`inode:${info.ino}`, path);
      }
    }
    // Some file systems (overlay) show another device in /proc/locks than stat does: the inode alone then.
    return exact(lock) ?? known.get(`inode:${lock.inode}`);
  };
}

// Who holds (and who waits on) the module cache's flock'ed `.lock` files,
// from /proc/locks matched by device and inode (parsing is src/watch/locks.ts).
// Linux only; elsewhere `readable` is false.
import { devParts, parseProcLocks, type ProcLock } from "../watch/locks.js";
import { readArgv, realProc, type ProcReader } from "../watch/proc.js";
import { redactText } from "../util/redact.js";
import type { ModcacheFacts } from "./types.js";
import type { LockFile } from "./cache-scan.js";

export interface Held {
  readable: boolean;
  holders: ModcacheFacts["lockHolders"];
}

function key(major: number, minor: number, inode: number): string {
  return `${major}:${minor}:${inode}`;
}

export async function lockHolders(locks: LockFile[], proc: ProcReader = realProc): Promise<Held> {
  let text: string;
  try {
    text = await proc.readFile("/proc/locks");
  } catch {
    return { readable: false, holders: [] };
  }
  const byDevInode = new Map<string, string>();
  const byInode = new Map<number, string>();
  for (const lock of locks) {
    const { major, minor } = devParts(lock.dev);
    byDevInode.set(key(major, minor, lock.ino), lock.file);
    if (!byInode.has(lock.ino)) byInode.set(lock.ino, lock.file);
  }
  // Overlay file systems show another device in /proc/locks than stat does: the inode alone then.
  const fileOf = (l: ProcLock): string | undefined => byDevInode.get(key(l.major, l.minor, l.inode)) ?? byInode.get(l.inode);
  const holders: Held["holders"] = [];
  let current: Held["holders"][number] | undefined;
  let currentId = -1;
  for (const l of parseProcLocks(text)) {
    const file = fileOf(l);
    if (!l.waiting) {
      current = undefined;
      currentId = l.id;
      if (!file || l.pid <= 0) continue;
      const argv = await readArgv(l.pid, proc);
      current = { file, pid: l.pid, ...(argv.length > 0 ? { command: redactText(argv.join(" ")) } : {}), waiters: [] };
      holders.push(current);
    } else if (current && l.id === currentId && l.pid !== current.pid) {
      current.waiters.push(l.pid);
    }
  }
  return { readable: true, holders };
}

// Who holds (and who waits on) the module cache's flock'ed `.lock` files,
// from /proc/locks matched by inode. Linux only; elsewhere `readable` is false.
import type { ModcacheFacts } from "./types.js";
import type { LockFile } from "./cache-scan.js";

export interface ProcFs {
  readFile(path: string, encoding: "utf8"): Promise<string>;
}

export interface Held {
  readable: boolean;
  holders: ModcacheFacts["lockHolders"];
}

export async function lockHolders(locks: LockFile[], fs: ProcFs): Promise<Held> {
  let text: string;
  try {
    text = await fs.readFile("/proc/locks", "utf8");
  } catch {
    return { readable: false, holders: [] };
  }
  // Holder matching waits for src/watch/locks.ts (parseProcLocks); until then no holders are named.
  void text;
  void locks;
  return { readable: true, holders: [] };
}

// /proc/locks, parsed. Each line is one lock: ordinal, type, mode, access,
// owner pid, MAJ:MIN:INODE (hex device numbers), range. A waiter is printed
// right after the lock it waits for, with the same ordinal and `->`
// (fs/locks.c lock_get_status; newer kernels indent deeper waiters).
export interface ProcLock {
  /** Ordinal of the lock in /proc/locks; a waiter carries its blocker's. */
  id: number;
  waiting: boolean;
  /** FLOCK, POSIX, OFDLCK, LEASE, DELEG... */
  type: string;
  /** ADVISORY, MANDATORY, ACTIVE, BREAKING... */
  mode: string;
  /** READ, WRITE, RW, NONE... */
  access: string;
  /** -1 for OFD locks (no owning process). */
  pid: number;
  major: number;
  minor: number;
  inode: number;
}

const LINE = /^\s*(\d+):\s*((?:->\s*)*)(\S+)\s+(\S+)\s+(\S+)\s+(-?\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/i;

export function parseProcLocks(text: string): ProcLock[] {
  const out: ProcLock[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(`${line} `);
    if (!m) continue; // `<none>` inodes and odd lines: not a file lock we can match
    out.push({
      id: Number(m[1]),
      waiting: m[2]!.includes("->"),
      type: m[3]!,
      mode: m[4]!,
      access: m[5]!,
      pid: Number(m[6]),
      major: parseInt(m[7]!, 16),
      minor: parseInt(m[8]!, 16),
      inode: Number(m[9]),
    });
  }
  return out;
}

/** Linux dev_t (glibc encoding) into major/minor, as /proc/locks prints them. */
export function devParts(dev: number): { major: number; minor: number } {
  const big = BigInt(dev);
  const major = Number(((big >> 8n) & 0xfffn) | ((big >> 32n) & ~0xfffn));
  const minor = Number((big & 0xffn) | ((big >> 12n) & ~0xffn));
  return { major, minor };
}

/** For each known file: who holds a lock on it and who waits. Pure. */
export function holdersOf(
  locks: readonly ProcLock[],
  files: readonly { file: string; dev: number; ino: number }[],
): { file: string; pid: number; waiters: number[] }[] {
  const out: { file: string; pid: number; waiters: number[] }[] = [];
  const exact = (l: ProcLock, f: { dev: number; ino: number }) => {
    const { major, minor } = devParts(f.dev);
    return f.ino === l.inode && major === l.major && minor === l.minor;
  };
  // Inode alone only for files no lock matches exactly (overlay file systems report another device).
  const unmatched = files.filter((f) => !locks.some((l) => exact(l, f)));
  const fileOf = (l: ProcLock) => files.find((f) => exact(l, f)) ?? unmatched.find((f) => f.ino === l.inode);
  let holder: { file: string; pid: number; waiters: number[]; id: number } | undefined;
  for (const l of locks) {
    if (!l.waiting) {
      const f = fileOf(l);
      holder = f && l.pid > 0 ? { file: f.file, pid: l.pid, waiters: [], id: l.id } : undefined;
      if (holder) out.push(holder);
    } else if (holder && holder.id === l.id && l.pid > 0) {
      holder.waiters.push(l.pid);
    }
  }
  return out.map(({ file, pid, waiters }) => ({ file, pid, waiters }));
}

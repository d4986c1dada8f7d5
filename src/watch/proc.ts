// Reading /proc, behind a small interface so the watchers are unit-tested
// with a fake process table. Linux only; elsewhere every read fails and the
// callers report "not supported".
import { readdir, readFile, readlink, stat } from "node:fs/promises";

export interface ProcReader {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
}

export const realProc: ProcReader = {
  readFile: (path) => readFile(path, "utf8"),
  readdir: (path) => readdir(path),
  readlink: (path) => readlink(path),
};

/** What the file system watchers need: sizes, inodes, directory listings. */
export interface StatInfo {
  size: number;
  ino: number;
  dev: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

export interface FsReader {
  stat(path: string): Promise<StatInfo>;
  readdir(path: string): Promise<string[]>;
}

export const realFs: FsReader = {
  stat: (path) => stat(path),
  readdir: (path) => readdir(path),
};

/** Fields of `/proc/<pid>/stat` (man 5 proc). The command name may hold spaces and parentheses. */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Controlling terminal; 0 when the process has none. */
  ttyNr: number;
  /** Clock ticks since boot: with the pid, tells a process from a later one that reused the pid. */
  startTime: number;
}

export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3].
  const field = (n: number): number => Number(rest[n - 3]);
  if (!Number.isInteger(pid) || rest.length < 20) return undefined;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0]!,
    ppid: field(4),
    pgrp: field(5),
    session: field(6),
    ttyNr: field(7),
    startTime: field(22),
  };
}

export async function readProcStat(pid: number, proc: ProcReader = realProc): Promise<ProcStat | undefined> {
  try {
    return parseProcStat(await proc.readFile(`/proc/${pid}/stat`));
  } catch {
    return undefined;
  }
}

/** `/proc/<pid>/cmdline` (NUL-separated argv) as argv; empty for kernel threads and zombies. */
export async function readArgv(pid: number, proc: ProcReader = realProc): Promise<string[]> {
  try {
    const raw = await proc.readFile(`/proc/${pid}/cmdline`);
    return raw.split("\0").filter((a, i, all) => a !== "" || i < all.length - 1);
  } catch {
    return [];
  }
}

/** Every readable process of the table; undefined when /proc cannot be listed (not Linux). */
export async function scanProcesses(proc: ProcReader = realProc): Promise<ProcStat[] | undefined> {
  let entries: string[];
  try {
    entries = await proc.readdir("/proc");
  } catch {
    return undefined;
  }
  const stats = await Promise.all(
    entries.filter((e) => /^\d+$/.test(e)).map((e) => proc.readFile(`/proc/${e}/stat`).then(parseProcStat, () => undefined)),
  );
  return stats.filter((s): s is ProcStat => s !== undefined);
}

/** Descendants of rootPid in a process table (rootPid excluded), parents before children. */
export function descendantsIn(table: readonly ProcStat[], rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const s of table) {
    const list = children.get(s.ppid) ?? [];
    list.push(s.pid);
    children.set(s.ppid, list);
  }
  const out: number[] = [];
  const seen = new Set<number>([rootPid]);
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const child of (children.get(pid) ?? []).sort((a, b) => a - b)) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

// A hand-written /proc for unit tests: processes with parent, group, tty,
// argv, open fds and wchan; plus /proc/locks text.
import type { ProcReader } from "../../src/watch/proc.js";

export interface FakeProcess {
  pid: number;
  ppid: number;
  comm?: string;
  state?: string;
  pgrp?: number;
  ttyNr?: number;
  argv?: string[];
  fds?: Record<string, string>;
  wchan?: string;
  startTime?: number;
  /** /proc/PID/cwd */
  cwd?: string;
  /** rchar of /proc/PID/io */
  rchar?: number;
}

export function statLine(p: FakeProcess): string {
  const comm = p.comm ?? (p.argv?.[0]?.split("/").pop() || "proc");
  // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime ...
  const fields = [p.state ?? "S", p.ppid, p.pgrp ?? p.pid, p.pgrp ?? p.pid, p.ttyNr ?? 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 1, 0, p.startTime ?? 1000 + p.pid, 0, 0];
  return `${p.pid} (${comm}) ${fields.join(" ")}\n`;
}

export function fakeProc(processes: FakeProcess[], locks?: string): ProcReader & { reads: string[] } {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const reads: string[] = [];
  const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
  const proc = (path: string): [FakeProcess | undefined, string[]] => {
    const parts = path.split("/").slice(2);
    return [byPid.get(Number(parts[0])), parts.slice(1)];
  };
  return {
    reads,
    async readFile(path) {
      reads.push(path);
      if (path === "/proc/locks") {
        if (locks === undefined) throw missing(path);
        return locks;
      }
      const [p, rest] = proc(path);
      if (!p) throw missing(path);
      if (rest[0] === "stat") return statLine(p);
      if (rest[0] === "cmdline") return p.argv ? `${p.argv.join("\0")}\0` : "";
      if (rest[0] === "wchan" && p.wchan) return p.wchan;
      if (rest[0] === "io" && p.rchar !== undefined) return `rchar: ${p.rchar}\nwchar: 0\nsyscr: 1\n`;
      throw missing(path);
    },
    async readdir(path) {
      reads.push(path);
      if (path === "/proc") return [...byPid.keys()].map(String).concat(["self", "locks"]);
      const [p, rest] = proc(path);
      if (p && rest[0] === "fd") return Object.keys(p.fds ?? {});
      throw missing(path);
    },
    async readlink(path) {
      const [p, rest] = proc(path);
      if (p && rest[0] === "cwd" && p.cwd !== undefined) return p.cwd;
      const target = p && rest[0] === "fd" ? p.fds?.[rest[1] ?? ""] : undefined;
      if (target === undefined) throw missing(path);
      return target;
    },
  };
}

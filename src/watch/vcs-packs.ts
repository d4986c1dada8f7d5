// Byte progress of git fetches, read from the vcs cache. go runs git with no
// progress output, so a fetch of a large repository is silent for minutes;
// git writes what it receives into `<cache/vcs/hash>/objects/pack/`:
// `tmp_pack_*` (smart HTTP, ssh: index-pack) or `pack-*.pack.temp` (dumb
// HTTP), renamed when complete. Their total size growing is progress.
// A pack of fewer objects than fetch.unpackLimit (100) goes to
// `unpack-objects` instead, which writes each object only once it has all of
// it: a repository of a few large files shows nothing there for the whole
// transfer. For that, the bytes its unpack-objects (or index-pack) process
// has read (/proc/PID/io rchar: the pack arriving through its stdin) count too.
import { join } from "node:path";
import type { Event } from "../trace/events.js";
import { descendantsIn, readArgv, scanProcesses, type FsReader, type ProcReader } from "./proc.js";

/** Where to find the git processes of a fetch: the go command's process tree. */
export interface VcsProcessOptions {
  proc: ProcReader;
  rootPid: number;
}

/** How often the process table is read again for the processes in each folder (reading each one's io is cheap). */
const RESCAN_MS = 1000;

export interface VcsPackWatcher {
  observe(event: Event): void;
  poll(now: number): Promise<Event[]>;
}

/** vcs folders watched at once: go runs a handful of git commands at a time. */
const MAX_DIRS = 64;

export function isPartialPack(name: string): boolean {
  return name.startsWith("tmp_pack_") || name.endsWith(".pack.temp");
}

export function createVcsPackWatcher(fs: FsReader, processes?: VcsProcessOptions): VcsPackWatcher {
  /**
   * Running commands per folder, the total partial-pack size last reported, and
   * what its processes have read: per process (pid:start time), and the sum of the growth seen.
   */
  const dirs = new Map<string, { running: number; bytes: number; packBytes: number; reads: Map<string, number>; readBytes: number }>();
  let scanned: { at: number; byDir: Map<string, string[]> } | undefined;
  return {
    observe(event) {
      if ((event.kind !== "vcs-start" && event.kind !== "vcs-end") || !event.dir) return;
      const entry = dirs.get(event.dir);
      if (event.kind === "vcs-start") {
        if (entry) entry.running++;
        else if (dirs.size < MAX_DIRS) dirs.set(event.dir, { running: 1, bytes: 0, packBytes: 0, reads: new Map(), readBytes: 0 });
      } else if (entry && --entry.running <= 0) {
        dirs.delete(event.dir);
      }
    },
    async poll(now) {
      const events: Event[] = [];
      const quiet: string[] = [];
      await Promise.all(
        [...dirs].map(async ([dir, entry]) => {
          const packBytes = await partialPackBytes(fs, join(dir, "objects", "pack"));
          if (packBytes === entry.packBytes) return quiet.push(dir);
          entry.packBytes = packBytes;
          entry.bytes = Math.max(packBytes, entry.readBytes);
          if (packBytes > 0) events.push({ t: now, kind: "vcs-bytes", dir, bytes: entry.bytes });
        }),
      );
      // Only folders whose packs did not grow need the processes' reads.
      if (processes && quiet.length > 0) {
        if (!scanned || now - scanned.at >= RESCAN_MS) scanned = { at: now, byDir: await processesByDir(processes, new Set(dirs.keys())) };
        await Promise.all(
          quiet.map(async (dir) => {
            const entry = dirs.get(dir);
            const keys = scanned?.byDir.get(dir) ?? [];
            if (!entry || keys.length === 0) return;
            let grew = 0;
            for (const key of keys) {
              const rchar = await readChars(processes.proc, key.split(":")[0]!);
              if (rchar === undefined) continue;
              // The pack reader reads the pack from its start: a process first seen counts whole.
              const before = entry.reads.get(key) ?? 0;
              if (rchar > before) grew += rchar - before;
              entry.reads.set(key, rchar);
            }
            if (grew === 0) return;
            entry.readBytes += grew;
            entry.bytes = Math.max(entry.packBytes, entry.readBytes);
            events.push({ t: now, kind: "vcs-bytes", dir, bytes: entry.bytes });
          }),
        );
      }
      return events;
    },
  };
}

async function partialPackBytes(fs: FsReader, packDir: string): Promise<number> {
  const names = await fs.readdir(packDir).catch(() => [] as string[]);
  let total = 0;
  for (const name of names) {
    if (!isPartialPack(name)) continue;
    const info = await fs.stat(join(packDir, name)).catch(() => undefined);
    if (info?.isFile()) total += info.size;
  }
  return total;
}

/** git's pack readers: the pack comes in on their stdin. */
const PACK_READER = /^(?:unpack-objects|index-pack)$/;

/**
 * The go command's descendants that read a pack in each watched folder (their cwd),
 * keyed `pid:starttime` (a reused pid is another process).
 */
async function processesByDir(opts: VcsProcessOptions, watched: ReadonlySet<string>): Promise<Map<string, string[]>> {
  const byDir = new Map<string, string[]>();
  const table = await scanProcesses(opts.proc);
  if (!table) return byDir;
  const start = new Map(table.map((p) => [p.pid, p.startTime]));
  for (const pid of descendantsIn(table, opts.rootPid)) {
    const cwd = await opts.proc.readlink(`/proc/${pid}/cwd`).catch(() => undefined);
    if (cwd === undefined || !watched.has(cwd)) continue;
    // `git [--shallow-file F] unpack-objects ...`, or the dashed program.
    const argv = await readArgv(pid, opts.proc);
    if (!argv.some((a) => PACK_READER.test(a.split("/").pop() ?? "") || PACK_READER.test(a.replace(/^git-/, "")))) continue;
    const list = byDir.get(cwd) ?? [];
    list.push(`${pid}:${start.get(pid) ?? 0}`);
    byDir.set(cwd, list);
  }
  return byDir;
}

/** `rchar` of /proc/PID/io: bytes the process read through read(2) and the like (pipes included, sockets' recv not). */
async function readChars(proc: ProcReader, pid: string): Promise<number | undefined> {
  const text = await proc.readFile(`/proc/${pid}/io`).catch(() => undefined);
  const m = text ? /^rchar:\s*(\d+)/m.exec(text) : null;
  return m ? Number(m[1]) : undefined;
}

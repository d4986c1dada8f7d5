import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { devParts, findLockWaits, holdersOf, parseProcLocks } from "../../src/watch/locks.js";
import type { FsReader, StatInfo } from "../../src/watch/proc.js";
import { fakeProc } from "./fake-proc.js";

// The exact lines of GO-FACTS.md: a go process holding a download lock and another waiting on it.
const GO_FACTS = ["1: FLOCK  ADVISORY  WRITE 3102 fe:00:2146568 0 EOF", "1: -> FLOCK  ADVISORY  WRITE 3111 fe:00:2146568 0 EOF"].join("\n");

describe("parseProcLocks", () => {
  it("reads holder and waiter of the GO-FACTS lines", () => {
    expect(parseProcLocks(GO_FACTS)).toEqual([
      { id: 1, waiting: false, type: "FLOCK", mode: "ADVISORY", access: "WRITE", pid: 3102, major: 0xfe, minor: 0, inode: 2146568 },
      { id: 1, waiting: true, type: "FLOCK", mode: "ADVISORY", access: "WRITE", pid: 3111, major: 0xfe, minor: 0, inode: 2146568 },
    ]);
  });

  it("reads POSIX and OFD locks, nested waiters, and skips lines without an inode", () => {
    const text = [
      "1: POSIX  ADVISORY  WRITE 812 08:01:393240 0 EOF",
      "2: OFDLCK ADVISORY  READ  -1 00:1a:17 128 255",
      "3: FLOCK  ADVISORY  WRITE 900 103:02:55 0 EOF",
      "3: -> FLOCK  ADVISORY  WRITE 901 103:02:55 0 EOF",
      "3:  -> FLOCK  ADVISORY  WRITE 902 103:02:55 0 EOF",
      "4: LEASE  ACTIVE    READ 77 <none>:0 0 EOF",
      "",
      "garbage",
    ].join("\n");
    const locks = parseProcLocks(text);
    expect(locks.map((l) => [l.id, l.type, l.pid, l.waiting, l.major, l.minor, l.inode])).toEqual([
      [1, "POSIX", 812, false, 8, 1, 393240],
      [2, "OFDLCK", -1, false, 0, 0x1a, 17],
      [3, "FLOCK", 900, false, 0x103, 2, 55],
      [3, "FLOCK", 901, true, 0x103, 2, 55],
      [3, "FLOCK", 902, true, 0x103, 2, 55],
    ]);
  });

  it("decodes a dev_t the way /proc/locks prints it", () => {
    expect(devParts(0xfe00)).toEqual({ major: 0xfe, minor: 0 });
    expect(devParts(0x801)).toEqual({ major: 8, minor: 1 });
    // Large minor numbers live in the high bits (glibc makedev).
    expect(devParts(0x1_0000_0302)).toEqual({ major: 3, minor: 0x100002 });
  });
});

describe("holdersOf", () => {
  it("pairs holders with their waiters for the known files only", () => {
    const text = [
      GO_FACTS,
      "2: FLOCK  ADVISORY  WRITE 400 fe:00:77 0 EOF",
      "3: FLOCK  ADVISORY  WRITE 500 08:01:2146568 0 EOF", // same inode, other device: not our file
      "3: -> FLOCK  ADVISORY  WRITE 501 08:01:2146568 0 EOF",
      "4: FLOCK  ADVISORY  WRITE 600 00:2f:99 0 EOF", // overlay: the device differs from stat's, the inode is ours
    ].join("\n");
    const files = [
      { file: "/m/cache/download/example.com/b/@v/v1.2.0.lock", dev: 0xfe00, ino: 2146568 },
      { file: "/m/cache/vcs/x.lock", dev: 0xfe00, ino: 77 },
      { file: "/m/cache/download/example.com/c/@v/v1.0.0.lock", dev: 0xfe00, ino: 99 },
    ];
    expect(holdersOf(parseProcLocks(text), files)).toEqual([
      { file: "/m/cache/download/example.com/b/@v/v1.2.0.lock", pid: 3102, waiters: [3111] },
      { file: "/m/cache/vcs/x.lock", pid: 400, waiters: [] },
      { file: "/m/cache/download/example.com/c/@v/v1.0.0.lock", pid: 600, waiters: [] },
    ]);
  });
});

function fakeFs(files: Record<string, { ino: number; dev?: number }>, dirs: Record<string, string[]> = {}): FsReader & { stats: string[] } {
  const stats: string[] = [];
  return {
    stats,
    async stat(path) {
      stats.push(path);
      const f = files[path];
      if (!f) throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
      const info: StatInfo = { size: 0, ino: f.ino, dev: f.dev ?? 0xfe00, mtimeMs: 0, isFile: () => true, isDirectory: () => false };
      return info;
    },
    async readdir(path) {
      const d = dirs[path];
      if (!d) throw Object.assign(new Error(`ENOENT ${path}`), { code: "ENOENT" });
      return d;
    },
  };
}

describe("findLockWaits (fake /proc)", () => {
  const cache = "/home/dev/go/pkg/mod";
  const lockFile = `${cache}/cache/download/example.com/b/@v/v1.2.0.lock`;
  const table = [
    { pid: 1, ppid: 0 },
    { pid: 3100, ppid: 1, argv: ["gomod-doctor"] },
    { pid: 3110, ppid: 3100, argv: ["go", "mod", "download", "-x"] },
    { pid: 3111, ppid: 3110, argv: ["go", "helper"] },
    { pid: 3102, ppid: 1, argv: ["go", "get", "https://bob:hunter2@proxy.corp.test/x"] },
  ];

  it("names the holder, its redacted command and the file, found among the known lock files", async () => {
    const fs = fakeFs({ [lockFile]: { ino: 2146568 }, [`${cache}/other.lock`]: { ino: 5 } });
    const result = await findLockWaits({ rootPid: 3110, gomodcache: cache, lockFiles: [`${cache}/other.lock`, lockFile], proc: fakeProc(table, GO_FACTS), fs });
    expect(result).toEqual({
      supported: true,
      waits: [{ file: lockFile, waiterPid: 3111, holderPid: 3102, holderCommand: "go get https://***@proxy.corp.test/x" }],
    });
  });

  it("finds a vcs lock by listing cache/vcs, and falls back to the waiter's open files", async () => {
    const vcsLock = `${cache}/cache/vcs/9f0c.lock`;
    const viaVcs = await findLockWaits({
      rootPid: 3110,
      gomodcache: cache,
      proc: fakeProc(table, GO_FACTS),
      fs: fakeFs({ [vcsLock]: { ino: 2146568 } }, { [`${cache}/cache/vcs`]: ["9f0c", "9f0c.lock", "aaaa.lock"] }),
    });
    expect(viaVcs.waits[0]?.file).toBe(vcsLock);

    const withFds = table.map((p) => (p.pid === 3111 ? { ...p, fds: { "0": "/dev/null", "7": lockFile } } : p));
    const viaFd = await findLockWaits({ rootPid: 3110, gomodcache: cache, proc: fakeProc(withFds, GO_FACTS), fs: fakeFs({ [lockFile]: { ino: 2146568 } }) });
    expect(viaFd.waits[0]?.file).toBe(lockFile);
  });

  it("ignores waiters outside our tree and reports an unknown file by its inode", async () => {
    const outside = await findLockWaits({ rootPid: 3100, gomodcache: cache, proc: fakeProc(table.filter((p) => p.pid !== 3111 && p.pid !== 3110), GO_FACTS), fs: fakeFs({}) });
    expect(outside.waits).toEqual([]);
    const unknown = await findLockWaits({ rootPid: 3100, gomodcache: cache, proc: fakeProc(table, GO_FACTS), fs: fakeFs({}) });
    expect(unknown.waits).toEqual([{ file: "inode fe:0:2146568", waiterPid: 3111, holderPid: 3102, holderCommand: "go get https://***@proxy.corp.test/x" }]);
  });

  it("does no file work when nothing waits, and says so when /proc/locks is missing", async () => {
    const fs = fakeFs({});
    expect(await findLockWaits({ rootPid: 3110, gomodcache: cache, proc: fakeProc(table, GO_FACTS.split("\n")[0]), fs })).toEqual({ supported: true, waits: [] });
    expect(fs.stats).toEqual([]);
    expect(await findLockWaits({ rootPid: 3110, gomodcache: cache, proc: fakeProc(table), fs })).toEqual({ supported: false, waits: [] });
  });
});

const hasFlock = spawnSync("sh", ["-c", "command -v flock"]).status === 0;

describe("findLockWaits on a real flock", () => {
  it.runIf(hasFlock)("reports the holder's pid when a child of our tree waits on the lock", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gmd-locks-"));
    const children: ChildProcess[] = [];
    try {
      const cache = join(dir, "mod");
      const vDir = join(cache, "cache", "download", "example.com", "b", "@v");
      await mkdir(vDir, { recursive: true });
      const lockFile = join(vDir, "v1.2.0.lock");
      await writeFile(lockFile, "");
      const holder = spawn("flock", [lockFile, "sleep", "30"], { stdio: "ignore", detached: true });
      children.push(holder);
      const holding = await until(async () => (await readLocks()).some((l) => l.pid === holder.pid && !l.waiting));
      expect(holding).toBe(true);

      // Our "go": a shell whose child blocks on the same lock.
      const root = spawn("sh", ["-c", `flock ${lockFile} true; exit 0`], { stdio: "ignore", detached: true });
      children.push(root);
      const waiting = await until(async () => (await readLocks()).some((l) => l.waiting));
      expect(waiting).toBe(true);

      const known = await findLockWaits({ rootPid: root.pid!, gomodcache: cache, lockFiles: [lockFile] });
      expect(known.supported).toBe(true);
      expect(known.waits).toHaveLength(1);
      expect(known.waits[0]).toMatchObject({ file: lockFile, holderPid: holder.pid, holderCommand: `flock ${lockFile} sleep 30` });
      expect(known.waits[0]!.waiterPid).not.toBe(root.pid);

      // Without being told the file: found through the waiter's open file descriptors.
      const found = await findLockWaits({ rootPid: root.pid!, gomodcache: cache });
      expect(found.waits[0]).toMatchObject({ file: lockFile, holderPid: holder.pid });

      // Nobody in the holder's own tree waits.
      expect((await findLockWaits({ rootPid: holder.pid!, gomodcache: cache })).waits).toEqual([]);
    } finally {
      // Holder first: the waiter then gets the lock, runs `true` and exits on its own, reaped by its shell.
      const [holder, root] = children;
      if (holder) await end(holder, 0);
      if (root) await end(root, 2000);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Lets a child exit by itself for `waitMs`, then kills its process group; bounded. */
async function end(child: ChildProcess, waitMs: number): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", r));
  await Promise.race([exited, new Promise((r) => setTimeout(r, waitMs))]);
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // gone
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
}

async function readLocks() {
  const { readFile } = await import("node:fs/promises");
  return parseProcLocks(await readFile("/proc/locks", "utf8").catch(() => ""));
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

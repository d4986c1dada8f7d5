import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockHolders } from "../../src/probes/lock-holders.js";
import { inspectModcache, realFs } from "../../src/probes/modcache.js";
import { devParts } from "../../src/watch/locks.js";
import type { ProcReader } from "../../src/watch/proc.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function fakeProc(files: Record<string, string>): ProcReader {
  return {
    readFile: async (p) => {
      if (p in files) return files[p]!;
      throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    },
    readdir: async () => [],
    readlink: async () => "",
  };
}

describe("lockHolders", () => {
  it("names the holder and its waiters by device and inode", async () => {
    const dev = 0xfe00;
    const { major, minor } = devParts(dev);
    const id = `${major.toString(16).padStart(2, "0")}:${minor.toString(16).padStart(2, "0")}`;
    const proc = fakeProc({
      "/proc/locks": [
        `1: FLOCK  ADVISORY  WRITE 3102 ${id}:2146568 0 EOF`,
        `1: -> FLOCK  ADVISORY  WRITE 3111 ${id}:2146568 0 EOF`,
        `2: FLOCK  ADVISORY  WRITE 4000 ${id}:999 0 EOF`,
      ].join("\n"),
      "/proc/3102/cmdline": "go\0mod\0download\0-x\0",
    });
    const held = await lockHolders([{ file: "/c/cache/download/example.com/b/@v/v1.2.0.lock", dev, ino: 2146568 }], proc);
    expect(held).toEqual({
      readable: true,
      holders: [{ file: "/c/cache/download/example.com/b/@v/v1.2.0.lock", pid: 3102, command: "go mod download -x", waiters: [3111] }],
    });
  });

  it("says so when /proc/locks cannot be read", async () => {
    expect(await lockHolders([], fakeProc({}))).toEqual({ readable: false, holders: [] });
  });

  it("finds a real flock holder in a module cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gmd-locks-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const dl = join(dir, "cache/download/example.test/b/@v");
    mkdirSync(dl, { recursive: true });
    const lockFile = join(dl, "v1.2.0.lock");
    writeFileSync(lockFile, "");
    // Its own process group, so flock and the sleep it runs end together.
    const holder: ChildProcess = spawn("flock", ["-x", lockFile, "sleep", "20"], { stdio: "ignore", detached: true });
    cleanup.push(() => {
      try {
        process.kill(-holder.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    });
    const ino = statSync(lockFile).ino;
    // Wait (bounded) until the kernel lists the lock.
    for (let i = 0; i < 100 && !readFileSync("/proc/locks", "utf8").includes(`:${ino} `); i++) await new Promise((r) => setTimeout(r, 20));
    const facts = await inspectModcache({ dir, modules: [{ path: "example.test/b", version: "v1.2.0", local: false }], goflags: "", fs: realFs, now: Date.now });
    expect(facts.locksReadable).toBe(true);
    expect(facts.lockHolders).toEqual([{ file: lockFile, pid: holder.pid, command: `flock -x ${lockFile} sleep 20`, waiters: [] }]);
  });
});

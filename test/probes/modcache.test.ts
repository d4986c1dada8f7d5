import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { inspectModcache, modcacheProbe, mountOf, realFs } from "../../src/probes/modcache.js";
import { planProbes } from "../../src/probes/registry.js";
import { runProbes } from "../../src/probes/runner.js";
import type { ModcacheFacts, ProbeOptions } from "../../src/probes/types.js";
import { makeContext } from "./context.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "gmd-modcache-"));
  dirs.push(dir);
  return dir;
}

/** Every path under `dir` with its size and mtime: what "wrote nothing" is checked against. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const s = statSync(p);
      out.push(`${p} ${s.size} ${s.mtimeMs} ${s.mode}`);
      if (s.isDirectory()) walk(p);
    }
  };
  const s = statSync(dir);
  out.push(`${dir} ${s.mtimeMs} ${s.mode}`);
  walk(dir);
  return out;
}

const options: ProbeOptions = { timeoutMs: 2000, mirrors: false, mirrorUrls: [], now: Date.now };
const modules = [{ path: "example.test/b", version: "v1.2.0", local: false }];

describe("modcache probe", () => {
  it("reports an existing writable cache, its free space and orphans, and writes nothing", async () => {
    const dir = temp();
    const dl = join(dir, "cache/download/example.test/b/@v");
    mkdirSync(dl, { recursive: true });
    writeFileSync(join(dl, "v1.2.0.zip203497557.tmp"), Buffer.alloc(100));
    writeFileSync(join(dl, "v1.2.0.lock"), "");
    const ctx = makeContext({ require: [{ path: "example.test/b", version: "v1.2.0", indirect: false }] }, { GOMODCACHE: dir, GOFLAGS: "-modcacherw -mod=readonly" });
    const before = snapshot(dir);
    const [result] = await runProbes(planProbes(ctx, { reason: "stall" }, options, [modcacheProbe]), { timeoutMs: options.timeoutMs });
    expect(snapshot(dir)).toEqual(before);
    const facts = result!.facts as unknown as ModcacheFacts;
    expect(result!.status).toBe("warn");
    expect(facts).toMatchObject({ dir, exists: true, writable: true, locksReadable: true, goflags: { modcacherw: true, modReadonly: true, modVendor: false } });
    expect(facts.freeBytes).toBeGreaterThan(0);
    expect(facts.totalBytes).toBeGreaterThanOrEqual(facts.freeBytes!);
    expect(facts.orphans).toEqual([{ file: join(dl, "v1.2.0.zip203497557.tmp"), bytes: 100, ageMs: expect.any(Number) }]);
    expect(facts.lockHolders).toEqual([]);
  });

  it("judges a missing cache by its nearest existing ancestor", async () => {
    const dir = temp();
    const missing = join(dir, "gopath/pkg/mod");
    const facts = await inspectModcache({ dir: missing, modules, goflags: "", fs: realFs, now: Date.now });
    expect(facts).toMatchObject({ dir: missing, exists: false, writable: true, orphans: [] });
    expect(facts.freeBytes).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("reports a cache the user cannot write (access EACCES)", async () => {
    const dir = temp();
    const denied = { ...realFs, access: async () => Promise.reject(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" })) };
    const facts = await inspectModcache({ dir, modules, goflags: "", fs: denied, now: Date.now });
    expect(facts).toMatchObject({ exists: true, writable: false, writeError: `${dir}: EACCES` });
  });

  it("an unwritable cache: names the first usual place this user could create instead, and whether go env -w could write its file", async () => {
    const root = temp();
    const [cache, home, tmp] = [join(root, "cache"), join(root, "home"), join(root, "tmp")] as const;
    for (const d of [cache, home, tmp]) mkdirSync(d);
    // A read-only home (as in a container with a read-only root file system) and a writable temporary directory.
    const denied = (p: string) => p.startsWith(cache) || p.startsWith(home);
    const fs = { ...realFs, access: async (p: string, mode: number) => (denied(p) ? Promise.reject(Object.assign(new Error("EROFS"), { code: "EROFS" })) : realFs.access(p, mode)) };
    const before = snapshot(root);
    const facts = await inspectModcache({ dir: cache, modules, goflags: "", fs, now: Date.now, home, tmp, goEnvFile: join(home, ".config/go/env") });
    expect(facts).toMatchObject({ writable: false, writableAlternative: join(tmp, "go-mod"), goEnvFileWritable: false });
    expect(snapshot(root)).toEqual(before); // looked, created nothing

    const homeOk = await inspectModcache({ dir: cache, modules, goflags: "", fs: { ...fs, access: async (p: string, mode: number) => (p.startsWith(cache) ? Promise.reject(Object.assign(new Error("EACCES"), { code: "EACCES" })) : realFs.access(p, mode)) }, now: Date.now, home, tmp, goEnvFile: join(home, ".config/go/env") });
    expect(homeOk).toMatchObject({ writableAlternative: join(home, "go/pkg/mod"), goEnvFileWritable: true });
    // A writable cache: nothing else is looked at.
    const fine = await inspectModcache({ dir: cache, modules, goflags: "", fs: realFs, now: Date.now, home, tmp });
    expect(fine.writableAlternative).toBeUndefined();
  });

  it("records the mode of a 0555 cache; root may still write it, others may not", async () => {
    // Tests run as root, where access(W_OK) is true whatever the mode bits: the
    // fact `mode` carries what a non-root go would trip over.
    const dir = temp();
    chmodSync(dir, 0o555);
    const facts = await inspectModcache({ dir, modules, goflags: "", fs: realFs, now: Date.now });
    expect(facts.mode).toBe("0555");
    expect(facts.writable).toBe(process.getuid?.() === 0);
  });

  it("finds read-only mounts in mountinfo", () => {
    const mountinfo = [
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
      "40 22 0:35 / /mnt/cache ro,nosuid - tmpfs tmpfs ro",
      "41 22 0:36 / /mnt/cache/rw rw - tmpfs tmpfs rw",
    ].join("\n");
    expect(mountOf(mountinfo, "/mnt/cache/go/pkg/mod")).toEqual({ point: "/mnt/cache", ro: true });
    expect(mountOf(mountinfo, "/mnt/cache/rw/mod")).toEqual({ point: "/mnt/cache/rw", ro: false });
    expect(mountOf(mountinfo, "/mnt/cachex")).toEqual({ point: "/", ro: false });
    expect(mountOf("", "/x")).toBeUndefined();
  });
});

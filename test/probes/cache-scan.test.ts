import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findLockFiles, findOrphans } from "../../src/probes/cache-scan.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function cache(): string {
  const dir = mkdtempSync(join(tmpdir(), "gmd-cache-"));
  dirs.push(dir);
  return dir;
}

const fs = { readdir, stat };
const modules = [
  { path: "example.com/Big", version: "v1.0.0", local: false },
  { path: "example.com/b", version: "v1.2.0", local: false },
  { path: "example.com/local", version: "v0.0.0", local: true },
];

describe("findOrphans", () => {
  it("finds killed downloads and extractions of the required modules only", async () => {
    const dir = cache();
    const dl = join(dir, "cache/download/example.com/!big/@v");
    mkdirSync(dl, { recursive: true });
    writeFileSync(join(dl, "v1.0.0.zip203497557.tmp"), Buffer.alloc(1234));
    writeFileSync(join(dl, "v1.0.0.partial"), "");
    writeFileSync(join(dl, "v1.0.0.zip"), "complete");
    writeFileSync(join(dl, "v1.0.0.lock"), "");
    mkdirSync(join(dir, "example.com/b@v1.2.0.tmp-98765"), { recursive: true });
    mkdirSync(join(dir, "example.com/b@v1.2.0"), { recursive: true });
    // Not required: never looked at.
    const other = join(dir, "cache/download/example.com/other/@v");
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, "v9.zip1.tmp"), "x");
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(join(dl, "v1.0.0.zip203497557.tmp"), old, old);

    const orphans = await findOrphans(fs, dir, modules, Date.now());
    expect(orphans.map((o) => o.file.slice(dir.length + 1)).sort()).toEqual([
      "cache/download/example.com/!big/@v/v1.0.0.partial",
      "cache/download/example.com/!big/@v/v1.0.0.zip203497557.tmp",
      "example.com/b@v1.2.0.tmp-98765",
    ]);
    const zip = orphans.find((o) => o.file.endsWith(".tmp"))!;
    expect(zip.bytes).toBe(1234);
    expect(zip.ageMs).toBeGreaterThanOrEqual(59_000);
  });

  it("finds the lock files of required downloads and the vcs cache", async () => {
    const dir = cache();
    const dl = join(dir, "cache/download/example.com/b/@v");
    mkdirSync(dl, { recursive: true });
    writeFileSync(join(dl, "v1.2.0.lock"), "");
    mkdirSync(join(dir, "cache/vcs"), { recursive: true });
    writeFileSync(join(dir, "cache/vcs/9f0c.lock"), "");
    const locks = await findLockFiles(fs, dir, modules);
    expect(locks.map((l) => l.file.slice(dir.length + 1)).sort()).toEqual(["cache/download/example.com/b/@v/v1.2.0.lock", "cache/vcs/9f0c.lock"]);
    expect(locks[0]!.ino).toBe((await stat(locks[0]!.file)).ino);
  });

  it("copes with a cache that does not exist", async () => {
    expect(await findOrphans(fs, "/nonexistent-gmd-cache", modules, Date.now())).toEqual([]);
    expect(await findLockFiles(fs, "/nonexistent-gmd-cache", modules)).toEqual([]);
  });
});

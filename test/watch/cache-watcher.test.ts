import { appendFile, mkdir, mkdtemp, rename, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCacheWatcher, findOrphans } from "../../src/watch/cache-watcher.js";
import { realFs, type FsReader } from "../../src/watch/proc.js";
import type { Event } from "../../src/trace/events.js";
import { fakeProc, type FakeProcess } from "./fake-proc.js";

const PROXY = "http://127.0.0.1:9/prefix";
const zipUrl = (escaped: string, version: string) => `${PROXY}/${escaped}/@v/${version}.zip`;
const start = (url: string, t: number): Event => ({ t, kind: "http-start", url });

let cache: string;
beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), "gmd-watch-"));
});
afterEach(async () => {
  await rm(cache, { recursive: true, force: true });
});

/** A file system that records which paths were touched. */
function counting(): FsReader & { touched: string[] } {
  const touched: string[] = [];
  return {
    touched,
    stat: (p) => (touched.push(p), realFs.stat(p)),
    readdir: (p) => (touched.push(p), realFs.readdir(p)),
  };
}

describe("createCacheWatcher over a real module cache", () => {
  it("reports .tmp growth as bytes and the rename to .zip as zip-done, for case-encoded paths", async () => {
    const watcher = createCacheWatcher({ gomodcache: cache });
    watcher.observe(start(zipUrl("github.com/!burnt!sushi/toml", "v1.3.2"), 1000));
    expect(await watcher.poll(1100)).toEqual([]); // nothing on disk yet

    const dir = join(cache, "cache", "download", "github.com", "!burnt!sushi", "toml", "@v");
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, "v1.3.2.zip203497557.tmp");
    await writeFile(tmp, "");
    expect(await watcher.poll(1250)).toEqual([{ t: 1250, kind: "bytes", module: "github.com/BurntSushi/toml", version: "v1.3.2", bytes: 0, file: tmp }]);
    expect(await watcher.poll(1500)).toEqual([]); // unchanged size: no event

    await appendFile(tmp, Buffer.alloc(1000));
    // Neighbours that are not this zip's body: the ziphash temp file, other versions, .info temp files.
    await writeFile(join(dir, "v1.3.2.ziphash88.tmp"), "h1:xyz");
    await writeFile(join(dir, "v1.3.20.zip5.tmp"), "x");
    await writeFile(join(dir, "v1.3.2.info12.tmp"), "{}");
    expect(await watcher.poll(1750)).toEqual([{ t: 1750, kind: "bytes", module: "github.com/BurntSushi/toml", version: "v1.3.2", bytes: 1000, file: tmp }]);

    await appendFile(tmp, Buffer.alloc(500));
    await rename(tmp, join(dir, "v1.3.2.zip"));
    expect(await watcher.poll(2000)).toEqual([{ t: 2000, kind: "zip-done", module: "github.com/BurntSushi/toml", version: "v1.3.2", bytes: 1500 }]);
    expect(await watcher.poll(2250)).toEqual([]); // done: no longer watched
  });

  it("a toolchain switch (`go: downloading go1.99.0 (linux/amd64)`, no request traced): its zip's growth in golang.org/toolchain", async () => {
    const watcher = createCacheWatcher({ gomodcache: cache });
    watcher.observe({ t: 1000, kind: "toolchain", message: "downloading go1.99.0 (linux/amd64)", version: "go1.99.0", moduleVersion: "v0.0.1-go1.99.0.linux-amd64" });
    const dir = join(cache, "cache", "download", "golang.org", "toolchain", "@v");
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, "v0.0.1-go1.99.0.linux-amd64.zip569690280.tmp");
    await writeFile(tmp, Buffer.alloc(4096));
    expect(await watcher.poll(1250)).toEqual([{ t: 1250, kind: "bytes", module: "golang.org/toolchain", version: "v0.0.1-go1.99.0.linux-amd64", bytes: 4096, file: tmp }]);
    // A switch message without the platform (`switching to go1.99.0`) names no zip: nothing to watch.
    const other = createCacheWatcher({ gomodcache: cache });
    other.observe({ t: 1000, kind: "toolchain", message: "switching to go1.99.0", version: "go1.99.0" });
    expect(await other.poll(1250)).toEqual([]);
  });

  it("stats only the directories of watched versions, however big the cache", async () => {
    for (let i = 0; i < 50; i++) await mkdir(join(cache, "cache", "download", `big.example/m${i}`, "@v"), { recursive: true });
    const fs = counting();
    const watcher = createCacheWatcher({ gomodcache: cache, fs });
    watcher.observe(start(zipUrl("example.com/a", "v1.0.0"), 0));
    watcher.observe(start(`${PROXY}/example.com/b/@v/v1.0.0.mod`, 0)); // not a zip: not watched
    await watcher.poll(100);
    const dir = join(cache, "cache", "download", "example.com", "a", "@v");
    expect(fs.touched.sort()).toEqual([dir, join(dir, "v1.0.0.zip")].sort());
  });

  it("does not report an older run's leftover .tmp until it changes", async () => {
    const dir = join(cache, "cache", "download", "example.com", "a", "@v");
    await mkdir(dir, { recursive: true });
    const leftover = join(dir, "v1.0.0.zip111.tmp");
    await writeFile(leftover, Buffer.alloc(300));
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(leftover, hourAgo, hourAgo);

    const now = Date.now();
    const watcher = createCacheWatcher({ gomodcache: cache });
    watcher.observe(start(zipUrl("example.com/a", "v1.0.0"), now));
    const current = join(dir, "v1.0.0.zip222.tmp");
    await writeFile(current, Buffer.alloc(10));
    expect(await watcher.poll(now + 250)).toEqual([{ t: now + 250, kind: "bytes", module: "example.com/a", version: "v1.0.0", bytes: 10, file: current }]);
    await appendFile(leftover, "x");
    expect((await watcher.poll(now + 500)).map((e) => (e.kind === "bytes" ? [e.file, e.bytes] : e.kind))).toEqual([[leftover, 301]]);
  });

  it("stops watching a zip whose request failed, and starts again on the next proxy's request", async () => {
    const dir = join(cache, "cache", "download", "example.com", "a", "@v");
    await mkdir(dir, { recursive: true });
    const watcher = createCacheWatcher({ gomodcache: cache });
    const url = zipUrl("example.com/a", "v1.0.0");
    watcher.observe(start(url, 0));
    watcher.observe({ t: 5, kind: "http-end", url, status: 404, statusText: "Not Found" });
    await writeFile(join(dir, "v1.0.0.zip9.tmp"), "abc");
    expect(await watcher.poll(10)).toEqual([]);
    watcher.observe(start(`http://127.0.0.1:8/example.com/a/@v/v1.0.0.zip`, 20));
    expect((await watcher.poll(30)).map((e) => e.kind)).toEqual(["bytes"]);
    watcher.observe({ t: 40, kind: "go-error", module: "example.com/a", version: "v1.0.0", message: "go: example.com/a@v1.0.0: boom" });
    await appendFile(join(dir, "v1.0.0.zip9.tmp"), "more");
    expect(await watcher.poll(50)).toEqual([]);
  });

  it("watches `go: downloading` modules (go build, direct zips) and ignores new work after exit", async () => {
    const watcher = createCacheWatcher({ gomodcache: cache });
    watcher.observe({ t: 0, kind: "downloading", module: "example.com/Direct", version: "v0.1.0" });
    const dir = join(cache, "cache", "download", "example.com", "!direct", "@v");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "v0.1.0.zip1.tmp"), "z");
    expect((await watcher.poll(10)).map((e) => e.kind)).toEqual(["bytes"]);
    watcher.observe({ t: 20, kind: "exit", code: 1 });
    watcher.observe(start(zipUrl("example.com/late", "v1.0.0"), 30));
    await mkdir(join(cache, "cache", "download", "example.com", "late", "@v"), { recursive: true });
    await writeFile(join(cache, "cache", "download", "example.com", "late", "@v", "v1.0.0.zip"), "z");
    // The last poll after exit still sees the zips watched before it.
    await rename(join(dir, "v0.1.0.zip1.tmp"), join(dir, "v0.1.0.zip"));
    expect((await watcher.poll(40)).map((e) => [e.kind, "module" in e ? e.module : ""])).toEqual([["zip-done", "example.com/Direct"]]);
  });

  it("uses the GOPROXY entries to find the module in a URL under a dotted proxy path", async () => {
    const base = "http://127.0.0.1:9/api/go/proxy.golang.org";
    const dir = join(cache, "cache", "download", "example.com", "a", "@v");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "v1.0.0.zip3.tmp"), "abc");
    const watcher = createCacheWatcher({ gomodcache: cache, bases: [base] });
    watcher.observe(start(`${base}/example.com/a/@v/v1.0.0.zip`, 0));
    expect((await watcher.poll(10)).map((e) => ("module" in e ? e.module : ""))).toEqual(["example.com/a"]);
  });

  it("lists the lock files the trace named", () => {
    const watcher = createCacheWatcher({ gomodcache: "/m" });
    watcher.observe(start(`${PROXY}/example.com/b/@v/v1.2.0.mod`, 0));
    watcher.observe(start(`${PROXY}/example.com/b/@v/list`, 0));
    watcher.observe({ t: 0, kind: "lock", file: "/m/cache/vcs/9f0c.lock" });
    expect(watcher.lockFiles()).toEqual(["/m/cache/vcs/9f0c.lock", "/m/cache/download/example.com/b/@v/v1.2.0.lock"]);
  });
});

describe("findOrphans", () => {
  it("finds cut-off zip bodies, .partial markers and old extraction dirs of the given modules only", async () => {
    const a = join(cache, "cache", "download", "example.com", "!a", "@v");
    const other = join(cache, "cache", "download", "example.com", "other", "@v");
    await mkdir(a, { recursive: true });
    await mkdir(other, { recursive: true });
    await writeFile(join(a, "v1.0.0.zip42.tmp"), Buffer.alloc(77));
    await writeFile(join(a, "v1.0.0.partial"), "");
    await writeFile(join(a, "v1.0.0.ziphash7.tmp"), "");
    await writeFile(join(a, "v1.0.0.zip"), "");
    await writeFile(join(a, "v2.0.0.zip1.tmp"), "");
    await writeFile(join(other, "v1.0.0.zip1.tmp"), "");
    await mkdir(join(cache, "example.com", "!a@v1.0.0.tmp-123"), { recursive: true });
    await mkdir(join(cache, "example.com", "!a@v1.0.0"), { recursive: true });

    const orphans = await findOrphans(cache, [
      { path: "example.com/A", version: "v1.0.0" },
      { path: "example.com/missing", version: "v1.0.0" },
    ]);
    expect(orphans.map((o) => [o.kind, o.path.slice(cache.length + 1), o.bytes]).sort()).toEqual(
      [
        ["extract-tmp", "example.com/!a@v1.0.0.tmp-123", undefined],
        ["partial", "cache/download/example.com/!a/@v/v1.0.0.partial", 0],
        ["zip-tmp", "cache/download/example.com/!a/@v/v1.0.0.zip42.tmp", 77],
      ].sort(),
    );
    expect(orphans.every((o) => o.module === "example.com/A" && o.version === "v1.0.0")).toBe(true);
  });
});

describe("git fetch progress from the vcs cache (direct mode)", () => {
  const vcsStart = (dir: string, t: number): Event => ({ t, kind: "vcs-start", command: "git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0", dir });
  const vcsEnd = (dir: string, t: number): Event => ({ t, kind: "vcs-end", command: "git fetch", dir, seconds: 1 });

  it("reports the growth of partial packs (smart tmp_pack_*, dumb *.pack.temp) while the command runs, and stops at its end", async () => {
    const dir = join(cache, "cache", "vcs", "9f0c1b420");
    const packs = join(dir, "objects", "pack");
    await mkdir(packs, { recursive: true });
    const watcher = createCacheWatcher({ gomodcache: cache });
    watcher.observe(vcsStart(dir, 1000));
    expect(await watcher.poll(1100)).toEqual([]); // nothing received yet

    await writeFile(join(packs, "tmp_pack_a1B2c3"), Buffer.alloc(4096));
    await writeFile(join(packs, "pack-0123abcd.idx"), Buffer.alloc(100)); // a finished pack's index: not progress
    expect(await watcher.poll(1250)).toEqual([{ t: 1250, kind: "vcs-bytes", dir, bytes: 4096 }]);
    expect(await watcher.poll(1500)).toEqual([]); // no growth: no event

    await appendFile(join(packs, "tmp_pack_a1B2c3"), Buffer.alloc(1000));
    await writeFile(join(packs, "pack-95a834fc.pack.temp"), Buffer.alloc(24));
    expect(await watcher.poll(1750)).toEqual([{ t: 1750, kind: "vcs-bytes", dir, bytes: 5120 }]);

    watcher.observe(vcsEnd(dir, 1800));
    await appendFile(join(packs, "tmp_pack_a1B2c3"), Buffer.alloc(1000));
    expect(await watcher.poll(2000)).toEqual([]); // the command ended: no longer watched
  });

  it("a pack unpack-objects takes in (fewer than 100 objects: no tmp_pack_*): the bytes it reads count, while they grow", async () => {
    const dir = join(cache, "cache", "vcs", "0a1b2c3d");
    await mkdir(join(dir, "objects", "pack"), { recursive: true });
    const GO = 500;
    const table: FakeProcess[] = [
      { pid: GO, ppid: 1, argv: ["go", "mod", "download"] },
      { pid: 510, ppid: GO, argv: ["git", "-c", "protocol.version=2", "fetch"], cwd: dir, rchar: 9000 },
      { pid: 511, ppid: 510, argv: ["/usr/lib/git-core/git-remote-http", "origin"], cwd: dir, rchar: 30000 },
      { pid: 512, ppid: 510, argv: ["/usr/lib/git-core/git", "--shallow-file", `${dir}/shallow.lock`, "unpack-objects", "--pack_header=2,3"], cwd: dir, rchar: 40000 },
      // Another module's pack reader, elsewhere: not this folder's.
      { pid: 520, ppid: GO, argv: ["git", "index-pack", "--stdin"], cwd: join(cache, "cache", "vcs", "other"), rchar: 70000 },
    ];
    const watcher = createCacheWatcher({ gomodcache: cache, processes: { proc: fakeProc(table), rootPid: GO } });
    watcher.observe(vcsStart(dir, 1000));
    // The pack reader counts from its first byte; git's own reads (config, the remote helper) do not.
    expect(await watcher.poll(1100)).toEqual([{ t: 1100, kind: "vcs-bytes", dir, bytes: 40000 }]);
    table[3]!.rchar = 65000;
    table[2]!.rchar = 90000;
    expect(await watcher.poll(1200)).toEqual([{ t: 1200, kind: "vcs-bytes", dir, bytes: 65000 }]);
    // Stopped: no event, whatever the other processes do.
    table[1]!.rchar = 12000;
    table[4]!.rchar = 99000;
    expect(await watcher.poll(1300)).toEqual([]);
  });

  it("ignores commands run outside the module cache's vcs folder", async () => {
    const elsewhere = join(cache, "elsewhere");
    await mkdir(join(elsewhere, "objects", "pack"), { recursive: true });
    await writeFile(join(elsewhere, "objects", "pack", "tmp_pack_x"), Buffer.alloc(10));
    const watcher = createCacheWatcher({ gomodcache: cache });
    watcher.observe(vcsStart(elsewhere, 1000));
    expect(await watcher.poll(1100)).toEqual([]);
  });
});

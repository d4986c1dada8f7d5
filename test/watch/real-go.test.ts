// The watchers against the real go command: a loopback proxy whose zip body
// stops part-way, the byte progress read from the module cache, a second go
// blocked on the first one's download lock, and the whole tree ended.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { GO119, GO123, isolatedGoEnv, type IsolatedGoEnv } from "../../fixtures/go-env.js";
import { buildModuleZip } from "../../fixtures/zip.js";
import type { Event } from "../../src/trace/events.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import { createCacheWatcher, type CacheWatcher } from "../../src/watch/cache-watcher.js";
import { killTree } from "../../src/watch/kill-tree.js";
import { findLockWaits } from "../../src/watch/locks.js";
import { readProcStat } from "../../src/watch/proc.js";

const STALL_AFTER = 30_000;
const big = Buffer.alloc(200_000, 7).map((_, i) => (i * 7919) % 251);
const zips = {
  "example.com/stuck": buildModuleZip("example.com/stuck", "v1.2.0", { "a.go": "package stuck\n", "blob.bin": Buffer.from(big) }),
  "example.com/fine": buildModuleZip("example.com/fine", "v1.0.0", { "a.go": "package fine\n" }),
};

/** Serves the two modules; the stuck one's zip sends STALL_AFTER bytes and then nothing, for ever. */
function proxy(): Promise<Server> {
  const server = createServer((req, res) => {
    const m = /^\/(example\.com\/\w+)\/@v\/(v[\d.]+)\.(info|mod|zip)$/.exec(req.url ?? "");
    const zip = m ? zips[m[1] as keyof typeof zips] : undefined;
    if (!m || !zip) return void res.writeHead(404).end("not found");
    if (m[3] === "info") return void res.end(JSON.stringify({ Version: m[2], Time: "2023-01-01T00:00:00Z" }));
    if (m[3] === "mod") return void res.end(`module ${m[1]}\n`);
    res.writeHead(200, { "content-type": "application/zip", "content-length": zip.length });
    if (m[1] === "example.com/fine") return void res.end(zip);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent >= STALL_AFTER) return clearInterval(timer);
      res.write(zip.subarray(sent, sent + 5000));
      sent += 5000;
    }, 50);
    req.on("close", () => clearInterval(timer));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

interface Watched {
  child: ChildProcess;
  events: Event[];
  exited: Promise<number | null>;
}

function runWatched(go: string, module: string, env: Record<string, string>, watcher: CacheWatcher): Watched {
  const child = spawn(go, ["mod", "download", "-x", module], { cwd: env.HOME, env, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  const events: Event[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => {
    const e = parseTraceLine(line, Date.now());
    if (!e) return;
    events.push(e);
    watcher.observe(e);
  });
  return { child, events, exited: new Promise((resolve) => child.once("exit", resolve)) };
}

async function pollUntil(watcher: CacheWatcher, into: Event[], done: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) {
    into.push(...(await watcher.poll(Date.now())));
    await new Promise((r) => setTimeout(r, 100));
  }
}

const gos = [GO123, ...(existsSync(GO119) ? [GO119] : [])];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

describe.each(gos)("with %s", (go) => {
  it("sees the zip body grow then stop, names the lock holder to a second go, and ends both trees", async () => {
    const server = await proxy();
    cleanups.push(() => new Promise((r) => (server.closeAllConnections(), server.close(r))));
    const goEnv: IsolatedGoEnv = await isolatedGoEnv({ proxy: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, extra: { PATH: `${go.replace(/\/go$/, "")}:/usr/bin:/bin` } });
    cleanups.push(() => goEnv.cleanup());
    const watcher = createCacheWatcher({ gomodcache: goEnv.gomodcache });

    // A healthy module first: the watcher reports the completed zip with its real size.
    const fine = runWatched(go, "example.com/fine@v1.0.0", goEnv.env, watcher);
    expect(await fine.exited).toBe(0);
    const fineEvents = [...fine.events, ...(await watcher.poll(Date.now()))];
    expect(fineEvents.filter((e) => e.kind === "zip-done")).toEqual([
      { t: expect.any(Number), kind: "zip-done", module: "example.com/fine", version: "v1.0.0", bytes: zips["example.com/fine"].length },
    ]);

    const first = runWatched(go, "example.com/stuck@v1.2.0", goEnv.env, watcher);
    cleanups.push(() => killTree(first.child.pid!, { graceMs: 500 }));
    const progress: Event[] = [];
    const sizes = () => progress.flatMap((e) => (e.kind === "bytes" ? [e.bytes] : []));
    await pollUntil(watcher, progress, () => sizes().at(-1) === STALL_AFTER);
    expect(sizes().at(-1)).toBe(STALL_AFTER);
    expect(sizes()).toEqual([...sizes()].sort((a, b) => a - b));
    const file = progress.find((e) => e.kind === "bytes");
    expect(file?.kind === "bytes" && file.file).toMatch(/\/cache\/download\/example\.com\/stuck\/@v\/v1\.2\.0\.zip\d+\.tmp$/);
    expect(first.events.some((e) => e.kind === "http-end" && e.url.endsWith("/v1.2.0.zip") && e.status === 200)).toBe(true);
    // Stopped: no growth and no zip over the next polls.
    const later: Event[] = [];
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 100));
      later.push(...(await watcher.poll(Date.now())));
    }
    expect(later).toEqual([]);

    // A second go on the same cache blocks on the first one's v1.2.0.lock and prints nothing.
    const second = runWatched(go, "example.com/stuck@v1.2.0", goEnv.env, watcher);
    cleanups.push(() => killTree(second.child.pid!, { graceMs: 500 }));
    let waits = await findLockWaits({ rootPid: second.child.pid!, gomodcache: goEnv.gomodcache, lockFiles: watcher.lockFiles() });
    for (let i = 0; i < 100 && waits.waits.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      waits = await findLockWaits({ rootPid: second.child.pid!, gomodcache: goEnv.gomodcache, lockFiles: watcher.lockFiles() });
    }
    expect(waits.supported).toBe(true);
    expect(waits.waits).toEqual([
      {
        file: `${goEnv.gomodcache}/cache/download/example.com/stuck/@v/v1.2.0.lock`,
        holderPid: first.child.pid,
        holderCommand: `${go} mod download -x example.com/stuck@v1.2.0`,
        waiterPid: second.child.pid,
      },
    ]);
    expect(second.events.filter((e) => e.kind !== "output")).toEqual([]);

    const ended = [...(await killTree(second.child.pid!, { graceMs: 1000 })), ...(await killTree(first.child.pid!, { graceMs: 1000 }))];
    expect(ended).toEqual(expect.arrayContaining([first.child.pid, second.child.pid]));
    await Promise.all([first.exited, second.exited]);
    for (const pid of ended) expect((await readProcStat(pid))?.state ?? "gone").toMatch(/^(gone|Z)$/);
  });
});

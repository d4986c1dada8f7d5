// The detector over a real go command: go1.23's -x trace (parsed), the cache
// watcher's byte progress and ticks, against the loopback fixture proxy with
// a scripted fault. Checks that parser, watcher and detector agree on names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startProxy, type Fault, type FixtureProxy } from "../../fixtures/proxy.js";
import { BIG_MODULE } from "../../fixtures/modules.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import { createCacheWatcher } from "../../src/watch/cache-watcher.js";
import { createDetector, reduce, summarize, verdict, type DetectorState } from "../../src/stall/detector.js";

const GO = "/usr/lib/go-1.23/bin/go";

describe.runIf(existsSync(GO))("detector on a live go mod download -x", () => {
  let proxy: FixtureProxy;
  let home: string;
  beforeAll(async () => {
    proxy = await startProxy();
    home = await mkdtemp(join(tmpdir(), "gmd-live-"));
  });
  afterAll(async () => {
    await proxy.close();
    await rm(home, { recursive: true, force: true });
  });

  async function watchGo(faults: Fault[], args: string[], stallTimeoutMs: number, stopWhen?: (s: DetectorState) => boolean): Promise<DetectorState> {
    proxy.setFaults(faults);
    const gomodcache = await mkdtemp(join(home, "modcache-"));
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      GOPATH: join(home, "gopath"),
      GOMODCACHE: gomodcache,
      GOENV: join(home, "goenv"),
      GOFLAGS: "-mod=mod",
      GOTOOLCHAIN: "local",
      GOSUMDB: "off",
      GOPROXY: proxy.url,
    };
    const child = execa(GO, ["mod", "download", "-x", ...args], { cwd: home, env, extendEnv: false, reject: false, detached: true, stdin: "ignore" });
    let state = createDetector({ stallTimeoutMs, slowThresholdBps: 500_000 }, Date.now());
    const watcher = createCacheWatcher({ gomodcache });
    const feed = (e: Parameters<typeof reduce>[1]) => {
      state = reduce(state, e);
      watcher.observe(e);
    };
    child.stderr!.setEncoding("utf8");
    let buffered = "";
    child.stderr!.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        const e = parseTraceLine(line, Date.now());
        if (e) feed(e);
      }
    });
    let exited = false;
    void child.then(() => (exited = true));
    const deadline = Date.now() + 20_000;
    while (!exited && Date.now() < deadline && verdict(state).kind !== "stalled" && !stopWhen?.(state)) {
      await new Promise((r) => setTimeout(r, 100));
      const t = Date.now();
      for (const e of await watcher.poll(t)) feed(e);
      feed({ t, kind: "tick" });
    }
    if (!exited) process.kill(-child.pid!, "SIGKILL");
    const result = await child;
    for (const e of await watcher.poll(Date.now())) feed(e);
    feed({ t: Date.now(), kind: "exit", code: result.exitCode ?? null, ...(result.signal ? { signal: result.signal } : {}) });
    return state;
  }

  it("a healthy download ends done", async () => {
    const s = await watchGo([], ["example.com/b@v1.2.0"], 5000);
    expect(verdict(s)).toEqual({ kind: "done" });
    const sum = summarize(s);
    expect(sum.stall).toBeUndefined();
    expect(sum.modules.find((m) => m.path === "example.com/b")).toMatchObject({ version: "v1.2.0", state: "done" });
    expect(sum.requests.map((r) => r.kind)).toEqual(expect.arrayContaining(["mod", "info", "zip"]));
  }, 30_000);

  it("a zip body that stops half-way is a zip-body stall naming the module and its bytes", async () => {
    const s = await watchGo([{ module: BIG_MODULE, kind: "zip", mode: { type: "stall-body", afterBytes: 300_000 } }], [`${BIG_MODULE}@v1.0.0`], 1500);
    const sum = summarize(s);
    expect(sum.stall?.suspects[0]).toMatchObject({ kind: "zip-body", module: BIG_MODULE, version: "v1.0.0" });
    // The watcher saw the .tmp grow: the bytes reached the detector's zip request.
    expect(sum.stall?.suspects[0]?.bytes).toBeGreaterThan(0);
    expect(sum.modules.find((m) => m.path === BIG_MODULE)?.state).toBe("stalled");
  }, 30_000);

  it("a dribbling zip is slow and never stalled", async () => {
    let slowSince: number | undefined;
    const seen = new Set<string>();
    const s = await watchGo([{ module: BIG_MODULE, kind: "zip", mode: { type: "dribble", bytesPerSec: 200_000 } }], [`${BIG_MODULE}@v1.0.0`], 1500, (st) => {
      const m = summarize(st).modules.find((x) => x.path === BIG_MODULE);
      if (m) seen.add(m.state);
      if (m?.state === "slow") slowSince ??= st.now;
      return slowSince !== undefined && st.now - slowSince > 2500;
    });
    expect(summarize(s).stall).toBeUndefined();
    expect(seen.has("slow")).toBe(true);
    expect(seen.has("stalled")).toBe(false);
  }, 30_000);
});

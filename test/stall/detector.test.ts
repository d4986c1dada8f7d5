import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Event } from "../../src/trace/events.js";
import type { DetectorOptions } from "../../src/stall/types.js";
import { createDetector, reduce, summarize, verdict, type DetectorState } from "../../src/stall/detector.js";

const P = "http://127.0.0.1:8080";
const T0 = 1_000_000;
const opts: DetectorOptions = { stallTimeoutMs: 2000, slowThresholdBps: 50_000 };

/** Events with times relative to T0; the detector sees absolute times. */
function run(events: Event[], options = opts): DetectorState {
  let s = createDetector(options, T0);
  for (const e of events) s = reduce(s, { ...e, t: e.t + T0 } as Event);
  return s;
}
const start = (t: number, path: string): Event => ({ t, kind: "http-start", url: `${P}/${path}` });
const ok = (t: number, path: string): Event => ({ t, kind: "http-end", url: `${P}/${path}`, status: 200, statusText: "OK", seconds: 0.001 });
const tick = (t: number): Event => ({ t, kind: "tick" });
const bytes = (t: number, module: string, version: string, n: number): Event => ({ t, kind: "bytes", module, version, bytes: n, file: `${version}.zip1.tmp` });

function fetchModule(t: number, mod: string, ver: string): Event[] {
  return [start(t, `${mod}/@v/${ver}.mod`), ok(t + 5, `${mod}/@v/${ver}.mod`), start(t + 6, `${mod}/@v/${ver}.info`), ok(t + 8, `${mod}/@v/${ver}.info`), start(t + 9, `${mod}/@v/${ver}.zip`), ok(t + 12, `${mod}/@v/${ver}.zip`)];
}

describe("stall detector", () => {
  it("a healthy run ends done, every module done", () => {
    const s = run([
      ...fetchModule(0, "example.com/a", "v1.0.0"),
      ...fetchModule(1, "example.com/b", "v1.2.0"),
      bytes(50, "example.com/a", "v1.0.0", 1000),
      { t: 60, kind: "zip-done", module: "example.com/a", version: "v1.0.0", bytes: 2000 },
      tick(500),
      { t: 600, kind: "exit", code: 0 },
      tick(10_000),
    ]);
    expect(verdict(s)).toEqual({ kind: "done" });
    const sum = summarize(s);
    expect(sum.stall).toBeUndefined();
    expect(sum.outstanding).toEqual([]);
    expect(sum.modules.map((m) => [m.path, m.state])).toEqual([
      ["example.com/a", "done"],
      ["example.com/b", "done"],
    ]);
    expect(sum.modules[0]!.bytes).toBe(2000);
    expect(sum.startedMs).toBe(0);
    expect(sum.endedMs).toBe(600);
    expect(sum.requests).toHaveLength(3 * 2);
  });

  it("a zip whose bytes stop is stalled exactly stallTimeout after the last growth", () => {
    const base = [...fetchModule(0, "example.com/a", "v1.0.0"), bytes(100, "example.com/a", "v1.0.0", 4096), bytes(300, "example.com/a", "v1.0.0", 8192)];
    // The watcher keeps reporting the same size: not progress.
    const before = run([...base, bytes(1000, "example.com/a", "v1.0.0", 8192), tick(2299)]);
    expect(verdict(before).kind).toBe("running");
    const at = run([...base, tick(2300)]);
    const v = verdict(at);
    expect(v.kind).toBe("stalled");
    if (v.kind !== "stalled") return;
    expect(v.stall.atMs).toBe(2300);
    expect(v.stall.idleMs).toBe(2000);
    expect(v.stall.suspects[0]).toMatchObject({ kind: "zip-body", module: "example.com/a", version: "v1.0.0", bytes: 8192, idleMs: 2000 });
    const mod = summarize(at).modules[0]!;
    expect(mod).toMatchObject({ state: "stalled", bytes: 8192, outstanding: ["zip"] });
  });

  it("a dribbling zip is slow, never stalled", () => {
    const events: Event[] = [...fetchModule(0, "example.com/big", "v1.0.0")];
    for (let t = 500; t <= 20_000; t += 500) events.push(bytes(t, "example.com/big", "v1.0.0", (t / 1000) * 20_000), tick(t + 250));
    let s = createDetector(opts, T0);
    for (const e of events) {
      s = reduce(s, { ...e, t: e.t + T0 } as Event);
      expect(verdict(s).kind).toBe("running");
    }
    const mod = summarize(s).modules[0]!;
    expect(mod.state).toBe("slow");
    expect(mod.bytesPerSecond).toBeGreaterThan(19_000);
    expect(mod.bytesPerSecond).toBeLessThan(21_000);
  });

  it("one zip moving, one stuck: the stuck module shows stalled, the run stalls once the mover ends, naming it", () => {
    const events: Event[] = [...fetchModule(0, "example.com/stuck", "v1.0.0"), ...fetchModule(0, "example.com/moving", "v1.0.0")];
    for (let t = 200; t <= 5000; t += 200) events.push(bytes(t, "example.com/moving", "v1.0.0", t * 100), tick(t + 100));
    const mid = run(events);
    expect(verdict(mid).kind).toBe("running");
    const states = Object.fromEntries(summarize(mid).modules.map((m) => [m.path, m.state]));
    expect(states).toEqual({ "example.com/stuck": "stalled", "example.com/moving": "downloading" });
    expect(summarize(mid).stuck).toEqual([expect.objectContaining({ kind: "zip-body", module: "example.com/stuck", idleMs: 5100 - 12 })]);
    const end = run([...events, { t: 5100, kind: "zip-done", module: "example.com/moving", version: "v1.0.0", bytes: 510_000 }, tick(7099)]);
    expect(verdict(end).kind).toBe("running");
    const stalled = run([...events, { t: 5100, kind: "zip-done", module: "example.com/moving", version: "v1.0.0", bytes: 510_000 }, tick(7100)]);
    const v = verdict(stalled);
    expect(v.kind).toBe("stalled");
    if (v.kind !== "stalled") return;
    expect(v.stall.suspects).toHaveLength(1);
    expect(v.stall.suspects[0]).toMatchObject({ kind: "zip-body", module: "example.com/stuck", idleMs: 7100 - 12 });
  });

  it("headers that never come: an http suspect with its URL", () => {
    const s = run([start(0, "example.com/a/@v/v1.0.0.mod"), ok(3, "example.com/a/@v/v1.0.0.mod"), start(10, "example.com/a/@v/v1.0.0.info"), tick(1000), tick(2010)]);
    const v = verdict(s);
    expect(v.kind).toBe("stalled");
    if (v.kind !== "stalled") return;
    expect(v.stall.suspects).toEqual([{ kind: "http", url: `${P}/example.com/a/@v/v1.0.0.info`, module: "example.com/a", version: "v1.0.0", idleMs: 2000 }]);
    expect(summarize(s).outstanding.map((r) => r.kind)).toEqual(["info"]);
  });

  it("a vcs command without an end line: a vcs suspect with its repository", () => {
    const dir = "/tmp/gp/pkg/mod/cache/vcs/9f0c";
    const s = run([
      { t: 0, kind: "http-start", url: "https://git.corp.test/r?go-get=1" },
      { t: 2, kind: "http-end", url: "https://git.corp.test/r?go-get=1", status: 200, statusText: "OK" },
      { t: 3, kind: "vcs-repo", dir, vcs: "git", repo: "http://git.corp.test/r.git" },
      { t: 4, kind: "lock", file: `${dir}.lock` },
      { t: 5, kind: "vcs-start", command: "git ls-remote -q origin", dir },
      { t: 48, kind: "vcs-end", command: "git ls-remote -q origin", dir, seconds: 0.043 },
      { t: 50, kind: "vcs-start", command: "git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0", dir },
      tick(2049),
    ]);
    expect(verdict(s).kind).toBe("running");
    const stalled = reduce(s, tick(T0 + 2050));
    const v = verdict(stalled);
    expect(v.kind).toBe("stalled");
    if (v.kind !== "stalled") return;
    expect(v.stall.suspects).toEqual([{ kind: "vcs", command: expect.stringContaining("fetch -f"), repo: "http://git.corp.test/r.git", idleMs: 2000 }]);
    expect(summarize(stalled).vcs[0]).toMatchObject({ repo: "http://git.corp.test/r.git", endedMs: 48, seconds: 0.043 });
  });

  it("silence is a silent stall; a lock wait makes it a lock suspect with the holder", () => {
    const silent = run([tick(1000), tick(2000)]);
    const v1 = verdict(silent);
    expect(v1.kind === "stalled" && v1.stall.suspects).toEqual([{ kind: "silent", idleMs: 2000 }]);
    const file = "/m/cache/download/example.com/a/@v/v1.0.0.lock";
    for (const order of ["before", "after"] as const) {
      const wait: Event = { t: order === "before" ? 1000 : 2000, kind: "lock-wait", file, holderPid: 3102, holderCommand: "go mod download", waiterPid: 3111 };
      const s = run(order === "before" ? [tick(500), wait, tick(2000)] : [tick(500), tick(2000), wait]);
      const v = verdict(s);
      expect(v.kind).toBe("stalled");
      if (v.kind !== "stalled") return;
      expect(v.stall.suspects).toEqual([{ kind: "lock", idleMs: 2000, lockFile: file, holderPid: 3102, holderCommand: "go mod download" }]);
      expect(summarize(s).lockWaits).toHaveLength(1);
    }
  });

  it("collects errors with their detail lines and fails the module", () => {
    const s = run([
      start(0, "example.com/a/@v/v1.0.0.mod"),
      { t: 2, kind: "http-end", url: `${P}/example.com/a/@v/v1.0.0.mod`, status: 404, statusText: "Not Found" },
      { t: 3, kind: "go-error", module: "example.com/a", version: "v1.0.0", message: "example.com/a@v1.0.0: reading .../v1.0.0.mod: 404 Not Found" },
      { t: 3, kind: "go-error-detail", message: "server response: not found: unknown revision v1.0.0" },
      { t: 4, kind: "toolchain", message: "downloading go1.22.0 (linux/amd64)", version: "go1.22.0" },
      { t: 5, kind: "exit", code: 1 },
    ]);
    const sum = summarize(s);
    expect(sum.errors).toEqual([
      { module: "example.com/a", version: "v1.0.0", message: expect.stringContaining("404"), details: ["server response: not found: unknown revision v1.0.0"] },
    ]);
    expect(sum.modules[0]).toMatchObject({ state: "failed", error: expect.stringContaining("404") });
    expect(sum.requests[0]).toMatchObject({ status: 404, error: "404 Not Found", endedMs: 2 });
    expect(sum.toolchain).toEqual(["downloading go1.22.0 (linux/amd64)"]);
    expect(verdict(s)).toEqual({ kind: "failed", code: 1 });
  });

  it("after go printed its errors, silence is go exiting, not a stall", () => {
    const s = run([{ t: 0, kind: "go-error", message: "github.com/x/y imports" }, { t: 0, kind: "go-error-detail", message: "z: module z: Get ...: i/o timeout" }, tick(10_000)]);
    expect(verdict(s).kind).toBe("running");
    expect(summarize(s).stall).toBeUndefined();
  });

  it("detail lines without a go: line before them are kept as an error", () => {
    const s = run([
      { t: 0, kind: "go-error-detail", message: "fatal: could not read Username for 'https://github.com': terminal prompts disabled" },
      { t: 0, kind: "go-error-detail", message: "Confirm the import path was entered correctly." },
      { t: 0, kind: "go-error", message: "github.com/x/y imports" },
      { t: 0, kind: "go-error-detail", module: "go.uber.org/zap", message: "go.uber.org/zap: module go.uber.org/zap: Get ...: i/o timeout" },
      tick(60_000),
    ]);
    expect(summarize(s).errors).toEqual([
      { message: expect.stringContaining("terminal prompts disabled"), details: ["Confirm the import path was entered correctly."] },
      { message: "github.com/x/y imports", module: "go.uber.org/zap", details: [expect.stringContaining("i/o timeout")] },
    ]);
    expect(verdict(s).kind).toBe("running");
  });

  it("module-result objects settle modules; after them silence is not a stall", () => {
    const s = run([
      ...fetchModule(0, "example.com/a", "v1.0.0"),
      { t: 20, kind: "zip-done", module: "example.com/a", version: "v1.0.0", bytes: 10 },
      { t: 30, kind: "module-result", module: "example.com/a", version: "v1.0.0" },
      { t: 30, kind: "module-result", module: "example.com/b", version: "v2.0.0", error: "boom" },
      tick(10_000),
    ]);
    expect(verdict(s).kind).toBe("running");
    expect(summarize(s).modules.map((m) => m.state)).toEqual(["done", "failed"]);
  });

  it("a module-result error without a Version is named by the path alone (not `MOD@:`)", () => {
    const s = run([{ t: 30, kind: "module-result", module: "example.com/a", version: "", error: "module example.com/a: not a known dependency" }]);
    expect(summarize(s).errors).toEqual([{ message: "go: example.com/a: module example.com/a: not a known dependency", details: [], module: "example.com/a" }]);
  });

  it("the stall survives the exit that follows the kill", () => {
    const s = run([...fetchModule(0, "example.com/a", "v1.0.0"), tick(2100), { t: 3000, kind: "exit", code: null, signal: "SIGTERM" }]);
    const sum = summarize(s);
    expect(sum.stall?.suspects[0]).toMatchObject({ kind: "zip-body", module: "example.com/a" });
    expect(sum.exit).toEqual({ code: null, signal: "SIGTERM" });
    expect(sum.modules[0]!.state).toBe("stalled");
    expect(sum.outstanding).toEqual([]);
    expect(verdict(s)).toEqual({ kind: "failed", code: null, signal: "SIGTERM" });
  });

  it("never mutates the state it is given", () => {
    const s0 = run(fetchModule(0, "example.com/a", "v1.0.0"));
    const before = JSON.stringify(summarize(s0));
    reduce(s0, bytes(100, "example.com/a", "v1.0.0", 5));
    reduce(s0, { t: T0 + 200, kind: "exit", code: 0 });
    expect(JSON.stringify(summarize(s0))).toBe(before);
  });

  it("keeps at most 2000 requests", () => {
    const events: Event[] = [];
    for (let i = 0; i < 2100; i++) events.push(start(i, `example.com/m${i}/@v/list`), ok(i, `example.com/m${i}/@v/list`));
    const sum = summarize(run(events));
    expect(sum.requests).toHaveLength(2000);
    expect(sum.requests[1999]!.url).toContain("m2099");
  });

  it("a log with thousands of modules reduces in near-linear time", () => {
    const started = performance.now();
    let s = createDetector(opts, T0);
    for (let i = 0; i < 5000; i++) {
      for (const e of fetchModule(i, `example.com/m${i}`, "v1.0.0")) s = reduce(s, { ...e, t: e.t + T0 } as Event);
      s = reduce(s, { t: T0 + i + 20, kind: "zip-done", module: `example.com/m${i}`, version: "v1.0.0", bytes: 5 });
    }
    const sum = summarize(s);
    expect(sum.modules).toHaveLength(5000);
    expect(sum.modules[4999]).toMatchObject({ path: "example.com/m4999", state: "done" });
    expect(sum.requests).toHaveLength(2000);
    // Quadratic copying took ~3.4 s here; linear takes well under a second.
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it("property: a request that progressed within the timeout is never reported stalled", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1999 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 1999 }), (gaps, lastGap) => {
        // A zip whose body grows after each gap (< timeout); ticks come between.
        let s = run(fetchModule(0, "example.com/p", "v1.0.0"));
        let t = 12;
        let n = 0;
        for (const gap of gaps) {
          s = reduce(s, { t: T0 + t + Math.floor(gap / 2), kind: "tick" });
          t += gap;
          n += 100;
          s = reduce(s, { t: T0 + t, kind: "bytes", module: "example.com/p", version: "v1.0.0", bytes: n, file: "x.tmp" });
          if (verdict(s).kind === "stalled") return false;
        }
        s = reduce(s, { t: T0 + t + lastGap, kind: "tick" });
        const sum = summarize(s);
        return verdict(s).kind === "running" && sum.modules[0]!.state !== "stalled" && sum.stall === undefined;
      }),
      { numRuns: 200 },
    );
  });

  it("trace-only: a zip ends at its end line (a saved log has no watcher)", () => {
    const s = run([...fetchModule(0, "example.com/a", "v1.0.0"), tick(5000)], { ...opts, zipBodies: "trace-only" });
    const sum = summarize(s);
    expect(sum.outstanding).toEqual([]);
    expect(sum.requests[2]).toMatchObject({ kind: "zip", status: 200, endedMs: 12 });
    // A log shows only its end, not silence: no silent stall from a saved log.
    expect(verdict(s).kind).toBe("running");
    const open = run([start(0, "example.com/a/@v/v1.0.0.info"), tick(5000)], { ...opts, zipBodies: "trace-only" });
    expect(verdict(open).kind).toBe("stalled");
  });

  it("a zip the watcher saw complete before its end line was read stays complete", () => {
    const zip = "example.com/a/@v/v1.0.0.zip";
    const s = run([start(0, zip), { t: 5, kind: "zip-done", module: "example.com/a", version: "v1.0.0", bytes: 10 }, ok(6, zip), tick(9000)]);
    expect(summarize(s).outstanding).toEqual([]);
    expect(summarize(s).requests).toEqual([expect.objectContaining({ status: 200, endedMs: 5 })]);
    expect(summarize(s).modules[0]!.state).toBe("done");
  });

  it("an interrupted body closes the zip; the resumed request is a new one", () => {
    const zip = "example.com/a/@v/v1.0.0.zip";
    const s = run([
      start(0, zip),
      ok(1, zip),
      bytes(50, "example.com/a", "v1.0.0", 100),
      { t: 60, kind: "http-end", url: `${P}/${zip}`, error: "interrupted", body: "interrupted" },
      { t: 61, kind: "http-start", url: `${P}/${zip}`, offset: 100 },
    ]);
    const sum = summarize(s);
    expect(sum.requests.map((r) => [r.startedMs, r.error])).toEqual([
      [0, "interrupted"],
      [61, undefined],
    ]);
    expect(sum.outstanding).toHaveLength(1);
  });

  it("the module named last in a requires chain is the one that failed", () => {
    const s = run([
      { t: 0, kind: "go-error", module: "example.com/a", version: "v1.0.0", message: "example.com/a@v1.0.0 requires" },
      { t: 0, kind: "go-error-detail", module: "example.com/b", version: "v0.1.0", message: "example.com/b@v0.1.0: reading x: 404 Not Found" },
    ]);
    expect(summarize(s).errors[0]).toMatchObject({ module: "example.com/b", version: "v0.1.0", details: [expect.stringContaining("404")] });
    expect(summarize(s).modules.find((m) => m.path === "example.com/b")?.state).toBe("failed");
  });

  it("masks passwords in URLs", () => {
    const s = run([{ t: 0, kind: "http-start", url: "https://bob:hunter2@proxy.corp.test/example.com/a/@v/list" }, tick(3000)]);
    const text = JSON.stringify(summarize(s));
    expect(text).not.toContain("hunter2");
    expect(text).toContain("bob:***@proxy.corp.test");
  });

  it("property: any event sequence reduces without throwing, and the summary keeps its invariants", () => {
    const url = fc.oneof(
      fc.constantFrom(`${P}/example.com/a/@v/v1.0.0.zip`, `${P}/example.com/a/@v/v1.0.0.mod`, `${P}/example.com/b/@v/list`, "https://sum.golang.org/lookup/example.com/a@v1.0.0"),
      fc.string(),
    );
    const mod = fc.constantFrom("example.com/a", "example.com/b");
    const t = fc.integer({ min: -10, max: 100_000 });
    const event: fc.Arbitrary<Event> = fc.oneof(
      fc.record({ t, kind: fc.constant("http-start" as const), url }),
      fc.record({ t, kind: fc.constant("http-end" as const), url, status: fc.constantFrom(200, 404, 500), body: fc.constantFrom(undefined, "interrupted" as const) }),
      fc.record({ t, kind: fc.constant("bytes" as const), module: mod, version: fc.constant("v1.0.0"), bytes: fc.nat(), file: fc.constant("f") }),
      fc.record({ t, kind: fc.constant("zip-done" as const), module: mod, version: fc.constant("v1.0.0"), bytes: fc.nat() }),
      fc.record({ t, kind: fc.constant("vcs-start" as const), command: fc.constantFrom("git fetch", "git ls-remote"), dir: fc.constantFrom("/d1", "/d2") }),
      fc.record({ t, kind: fc.constant("vcs-end" as const), command: fc.constantFrom("git fetch", "git ls-remote"), dir: fc.constantFrom("/d1", "/d2") }),
      fc.record({ t, kind: fc.constant("go-error-detail" as const), message: fc.string() }),
      fc.record({ t, kind: fc.constant("lock-wait" as const), file: fc.constant("/x.lock"), holderPid: fc.nat() }),
      fc.record({ t, kind: fc.constant("exit" as const), code: fc.constantFrom(0, 1, null) }),
      fc.record({ t, kind: fc.constant("tick" as const) }),
    ) as fc.Arbitrary<Event>;
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        let s = createDetector(opts, 0);
        for (const e of events) s = reduce(s, e);
        const sum = summarize(s);
        const v = verdict(s);
        if (sum.exit && sum.outstanding.length > 0) return false;
        if (v.kind === "stalled" && !sum.stall) return false;
        return sum.stall === undefined || sum.stall.suspects.every((x, i, all) => i === 0 || all[i - 1]!.idleMs >= x.idleMs);
      }),
      { numRuns: 300 },
    );
  });
});

describe("git fetch progress (vcs-bytes from the vcs cache)", () => {
  const DIR = "/gomodcache/cache/vcs/9f0c1b420";
  const fetch = "git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0";
  const vcsStart: Event = { t: 0, kind: "vcs-start", command: fetch, dir: DIR };
  const packBytes = (t: number, n: number, dir = DIR): Event => ({ t, kind: "vcs-bytes", dir, bytes: n });

  it("a fetch whose partial pack keeps growing is not a stall, however long git stays silent", () => {
    const events: Event[] = [vcsStart];
    for (let t = 1500; t <= 9000; t += 1500) events.push(packBytes(t, t * 100), tick(t + 100));
    const s = run(events);
    expect(verdict(s)).toEqual({ kind: "running" });
    expect(summarize(s).vcs[0]).toMatchObject({ command: fetch, dir: DIR, bytes: 900_000 });
  });

  it("once the pack stops growing, the stall names the fetch with the bytes it received and the idle time since", () => {
    const s = run([vcsStart, packBytes(1500, 4096), packBytes(3000, 8192), tick(4000), tick(5100)]);
    const v = verdict(s);
    expect(v.kind).toBe("stalled");
    if (v.kind !== "stalled") return;
    expect(v.stall.suspects[0]).toMatchObject({ kind: "vcs", command: fetch, bytes: 8192, idleMs: 2100 });
  });

  it("bytes in a folder with no running command are not progress", () => {
    const s = run([vcsStart, packBytes(1500, 4096, "/gomodcache/cache/vcs/other"), tick(2100)]);
    expect(verdict(s).kind).toBe("stalled");
  });
});

describe("a toolchain switch's download (untraced: it comes before -x is read)", () => {
  const TC = "golang.org/toolchain";
  const V = "v0.0.1-go1.99.0.linux-amd64";
  const announce: Event = { t: 0, kind: "toolchain", message: "downloading go1.99.0 (linux/amd64)", version: "go1.99.0", moduleVersion: V };

  it("bytes arriving in the cache keep it alive past the stall timeout", () => {
    const events: Event[] = [announce];
    for (let t = 500; t <= 10_000; t += 500) events.push(bytes(t, TC, V, t * 10), tick(t + 1));
    expect(verdict(run(events)).kind).toBe("running");
  });

  it("bytes that stop: a stall naming the toolchain with the bytes it got", () => {
    const s = run([announce, bytes(500, TC, V, 4096), tick(1000), tick(2600)]);
    const v = verdict(s);
    expect(v.kind).toBe("stalled");
    expect(v.kind === "stalled" && v.stall.suspects).toEqual([{ kind: "toolchain", module: TC, version: V, bytes: 4096, idleMs: 2100 }]);
  });

  it("no byte at all: still the toolchain, not plain silence", () => {
    const v = verdict(run([announce, tick(1000), tick(2100)]));
    expect(v.kind === "stalled" && v.stall.suspects.map((x) => [x.kind, x.module, x.bytes])).toEqual([["toolchain", TC, 0]]);
  });
});

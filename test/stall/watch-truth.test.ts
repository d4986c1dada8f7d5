// Telling the truth about a live run: a zip that arrived below the slow
// threshold and then completed is done, yet still listed as slow
// (summary.slowDone); silence while go compiles is not a stall.
import { describe, expect, it } from "vitest";
import type { Event } from "../../src/trace/events.js";
import { createDetector, reduce, summarize } from "../../src/stall/detector.js";

const P = "http://127.0.0.1:8080";
const M = "example.com/medium";
const V = "v1.0.0";
const zip = `${P}/${M}/@v/${V}.zip`;

function run(events: Event[]) {
  let s = createDetector({ stallTimeoutMs: 2000, slowThresholdBps: 50 * 1024 }, 0);
  for (const e of events) s = reduce(s, e);
  return summarize(s);
}

/** A 150 KB body at `perSec` bytes a second, the watcher polling every 250 ms; `done` ends it. */
function dribble(perSec: number, done: "zip-done" | "exit"): Event[] {
  const events: Event[] = [{ t: 0, kind: "http-start", url: zip }, { t: 5, kind: "http-end", url: zip, status: 200, statusText: "OK", seconds: 0.005 }];
  let t = 5;
  let n = 0;
  while (n < 150_000) {
    t += 250;
    n = Math.min(150_000, n + perSec / 4);
    events.push({ t, kind: "bytes", module: M, version: V, bytes: n, file: `${V}.zip1.tmp` });
    events.push({ t, kind: "tick" });
  }
  events.push(done === "zip-done" ? { t: t + 250, kind: "zip-done", module: M, version: V, bytes: 150_000 } : { t: t + 250, kind: "exit", code: 0 });
  if (done === "zip-done") events.push({ t: t + 300, kind: "exit", code: 0 });
  return events;
}

describe("slow zips that completed", () => {
  it.each(["zip-done", "exit"] as const)("20 KB/s, ended by %s: done, and listed in slowDone with its average rate", (end) => {
    const sum = run(dribble(20 * 1024, end));
    expect(sum.modules.map((m) => [m.path, m.state])).toEqual([[M, "done"]]);
    expect(sum.slowDone).toHaveLength(1);
    const slow = sum.slowDone![0]!;
    expect(slow).toMatchObject({ module: M, version: V, bytes: 150_000 });
    expect(slow.bytesPerSecond).toBeGreaterThan(15 * 1024);
    expect(slow.bytesPerSecond).toBeLessThan(22 * 1024);
    expect(slow.bodyMs).toBeGreaterThan(7000);
  });

  it("a fast zip is not listed", () => {
    expect(run(dribble(200 * 1024, "zip-done")).slowDone).toBeUndefined();
  });

  it("a body shorter than a second is too brief to judge", () => {
    const sum = run([
      { t: 0, kind: "http-start", url: zip },
      { t: 5, kind: "http-end", url: zip, status: 200, statusText: "OK", seconds: 0.005 },
      { t: 400, kind: "zip-done", module: M, version: V, bytes: 1000 },
    ]);
    expect(sum.modules[0]!.state).toBe("done");
    expect(sum.slowDone).toBeUndefined();
  });
});

describe("silence while go compiles", () => {
  const silent = (lines: string[]) => {
    let s = createDetector({ stallTimeoutMs: 2000, slowThresholdBps: 50 * 1024 }, 0);
    lines.forEach((line, i) => (s = reduce(s, { t: i, kind: "output", line })));
    s = reduce(s, { t: 10_000, kind: "tick" });
    return summarize(s).stall;
  };
  it("before the build starts, silence with nothing outstanding is a stall (a lock or prompt wait)", () => {
    expect(silent(["go: downloading example.com/a v1.0.0"])?.suspects[0]?.kind).toBe("silent");
  });
  it("after -x printed WORK=, silence is a compile at work, not a stall", () => {
    expect(silent(["WORK=/tmp/go-build123", "mkdir -p $WORK/b001/"])).toBeUndefined();
  });
});

describe("a zip seen only in the module cache (go without -x)", () => {
  it("its .tmp stops growing: stalled, and the suspect names the module and its bytes", () => {
    let s = createDetector({ stallTimeoutMs: 2000, slowThresholdBps: 50 * 1024 }, 0);
    const events: Event[] = [
      { t: 10, kind: "downloading", module: M, version: V },
      { t: 300, kind: "bytes", module: M, version: V, bytes: 16_384, file: `${V}.zip1.tmp` },
      { t: 2299, kind: "tick" },
    ];
    for (const e of events) s = reduce(s, e);
    expect(summarize(s).stall).toBeUndefined();
    expect(summarize(s).modules[0]).toMatchObject({ path: M, state: "downloading", bytes: 16_384 });
    s = reduce(s, { t: 2400, kind: "tick" });
    const sum = summarize(s);
    expect(sum.stall?.suspects[0]).toEqual({ kind: "zip-body", module: M, version: V, bytes: 16_384, idleMs: 2100 });
    expect(sum.modules[0]).toMatchObject({ state: "stalled", idleMs: 2100 });
  });
});

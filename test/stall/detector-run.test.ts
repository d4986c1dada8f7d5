// DetectorRun (the in-place detector analyze and live runs use) against
// reduce (the pure one): the same events must give the same summary and
// verdict at every step, whatever the events are; and neither may change
// what the other handed out before.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Event } from "../../src/trace/events.js";
import type { DetectorOptions } from "../../src/stall/types.js";
import { createDetector, createDetectorRun, reduce, summarize, verdict } from "../../src/stall/detector.js";

const T0 = 1_000_000;
const P = "http://127.0.0.1:8080";
// Few names, so that events meet the same requests and modules often.
const MODULES = ["example.com/a", "example.com/b/v2", "golang.org/toolchain"];
const VERSIONS = ["v1.0.0", "v0.0.1-go1.22.0.linux-amd64"];
const DIRS = ["/c/vcs/aa", "/c/vcs/bb"];
const COMMANDS = ["git ls-remote -q origin", "git init --bare"];

const mod = fc.constantFrom(...MODULES);
const ver = fc.constantFrom(...VERSIONS);
const url = fc.oneof(
  fc.tuple(mod, ver, fc.constantFrom(".info", ".mod", ".zip", ".zip", ".zip")).map(([m, v, e]) => `${P}/${m}/@v/${v}${e}`),
  mod.map((m) => `${P}/${m}/@v/list`),
  fc.constant(`${P}/sumdb/sum.golang.org/supported`),
);
const dt = fc.integer({ min: -50, max: 3000 });

/** Any event, odd ones included (ends without starts, bytes going back, clocks going backwards). */
const event: fc.Arbitrary<Omit<Event, "t"> & { dt: number }> = fc.oneof(
  { arbitrary: fc.record({ dt, kind: fc.constant("http-start" as const), url }), weight: 6 },
  { arbitrary: fc.record({ dt, kind: fc.constant("http-end" as const), url, status: fc.constantFrom(200, 200, 404, 500) }), weight: 6 },
  fc.record({ dt, kind: fc.constant("http-end" as const), url, error: fc.constantFrom("EOF", "dial tcp: refused") }),
  fc.record({ dt, kind: fc.constant("http-end" as const), url, error: fc.constant("interrupted"), body: fc.constant("interrupted" as const) }),
  fc.record({ dt, kind: fc.constant("bytes" as const), module: mod, version: ver, bytes: fc.nat({ max: 100_000 }), file: fc.constant("x.zip1.tmp") }),
  { arbitrary: fc.record({ dt, kind: fc.constant("zip-done" as const), module: mod, version: ver, bytes: fc.nat({ max: 100_000 }) }), weight: 3 },
  fc.record({ dt, kind: fc.constant("vcs-start" as const), command: fc.constantFrom(...COMMANDS), dir: fc.constantFrom(...DIRS) }),
  fc.record({ dt, kind: fc.constant("vcs-end" as const), command: fc.constantFrom(...COMMANDS), dir: fc.constantFrom(...DIRS), seconds: fc.constant(0.2) }),
  fc.record({ dt, kind: fc.constant("vcs-repo" as const), dir: fc.constantFrom(...DIRS), vcs: fc.constant("git"), repo: fc.constant("https://git.test/r") }),
  fc.record({ dt, kind: fc.constant("lock-wait" as const), file: fc.constant("/c/lock"), holderPid: fc.constantFrom(10, 11) }),
  fc.record({ dt, kind: fc.constant("go-error" as const), message: fc.constantFrom("go: example.com/a@v1.0.0: 404", "go: boom"), module: fc.option(mod, { nil: undefined }), version: fc.option(ver, { nil: undefined }) }),
  fc.record({ dt, kind: fc.constant("go-error-detail" as const), message: fc.constantFrom("\tserver response: gone", "example.com/b@v1.2.0 requires"), module: fc.option(mod, { nil: undefined }), version: fc.option(ver, { nil: undefined }) }),
  fc.record({ dt, kind: fc.constant("toolchain" as const), message: fc.constant("go: switching to go1.22.0") }),
  fc.record({ dt, kind: fc.constant("downloading" as const), module: mod, version: ver }),
  fc.record({ dt, kind: fc.constant("module-result" as const), module: mod, version: ver, error: fc.option(fc.constant("not found"), { nil: undefined }) }),
  fc.record({ dt, kind: fc.constant("output" as const), line: fc.constantFrom("WORK=/tmp/go-build1", "compile x") }),
  fc.record({ dt, kind: fc.constant("lock" as const), file: fc.constant("/c/lock") }),
  fc.record({ dt, kind: fc.constant("tick" as const) }),
  // Rare: after an exit only ticks count.
  { arbitrary: fc.record({ dt, kind: fc.constant("exit" as const), code: fc.constantFrom(0, 1, null) }), weight: 1 },
);
const options: fc.Arbitrary<DetectorOptions> = fc.record({
  stallTimeoutMs: fc.constantFrom(500, 2000),
  slowThresholdBps: fc.constantFrom(0, 50_000),
  zipBodies: fc.constantFrom("watched" as const, "trace-only" as const),
});

/** Absolute times from the generated steps (they may go backwards: the detector must cope). */
function timed(steps: (Omit<Event, "t"> & { dt: number })[]): Event[] {
  let t = T0;
  return steps.map(({ dt: step, ...rest }) => {
    t += step;
    return { ...rest, t } as Event;
  });
}

describe("DetectorRun", () => {
  it("property: gives the summary and verdict of folding reduce over the same events, at every step", () => {
    fc.assert(
      fc.property(options, fc.array(event, { maxLength: 80 }), (opts, steps) => {
        const run = createDetectorRun(opts, T0);
        let state = createDetector(opts, T0);
        for (const e of timed(steps)) {
          run.push(e);
          state = reduce(state, e);
          expect(run.summary()).toEqual(summarize(state));
          expect(run.verdict()).toEqual(verdict(state));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("property: a summary it handed out does not change as it goes on", () => {
    fc.assert(
      fc.property(options, fc.array(event, { maxLength: 40 }), fc.array(event, { maxLength: 40 }), (opts, before, after) => {
        const run = createDetectorRun(opts, T0);
        const events = timed([...before, ...after]);
        for (const e of events.slice(0, before.length)) run.push(e);
        const taken = run.summary();
        const copy = structuredClone(taken);
        for (const e of events.slice(before.length)) run.push(e);
        expect(taken).toEqual(copy);
      }),
      { numRuns: 200 },
    );
  });

  it("the same as reduce where a request is changed after it closed (the watcher saw the .zip before go's end line)", () => {
    const zip = `${P}/example.com/a/@v/v1.0.0.zip`;
    const events: Event[] = [
      { t: T0 + 1, kind: "http-start", url: zip },
      { t: T0 + 2, kind: "zip-done", module: "example.com/a", version: "v1.0.0", bytes: 10 },
      { t: T0 + 3, kind: "http-end", url: zip, status: 200 },
      { t: T0 + 4, kind: "tick" },
    ];
    const run = createDetectorRun({ stallTimeoutMs: 2000, slowThresholdBps: 0 }, T0);
    let state = createDetector({ stallTimeoutMs: 2000, slowThresholdBps: 0 }, T0);
    for (const e of events) {
      run.push(e);
      state = reduce(state, e);
    }
    expect(run.summary()).toEqual(summarize(state));
    expect(run.summary().outstanding).toEqual([]);
    expect(run.summary().requests).toEqual([expect.objectContaining({ url: zip, status: 200, endedMs: 2 })]);
  });

  it("changes its own state object in place (no copy per event), which summarize and verdict read", () => {
    const run = createDetectorRun({ stallTimeoutMs: 2000, slowThresholdBps: 0 }, T0);
    const state = run.state;
    run.push({ t: T0 + 1, kind: "http-start", url: `${P}/example.com/a/@v/v1.0.0.mod` });
    expect(run.state).toBe(state);
    expect(summarize(state).outstanding).toHaveLength(1);
    run.push({ t: T0 + 3000, kind: "tick" });
    expect(verdict(state)).toMatchObject({ kind: "stalled" });
    expect(run.verdict()).toEqual(verdict(state));
  });

  it("reduce over a run's state leaves the run as it was", () => {
    const run = createDetectorRun({ stallTimeoutMs: 2000, slowThresholdBps: 0 }, T0);
    run.push({ t: T0 + 1, kind: "http-start", url: `${P}/example.com/a/@v/v1.0.0.zip` });
    run.push({ t: T0 + 2, kind: "go-error", message: "go: x" });
    const before = JSON.stringify(run.summary());
    const next = reduce(run.state, { t: T0 + 5, kind: "http-end", url: `${P}/example.com/a/@v/v1.0.0.zip`, status: 500 });
    reduce(next, { t: T0 + 6, kind: "go-error-detail", message: "\tdetail", module: "example.com/a", version: "v1.0.0" });
    reduce(run.state, { t: T0 + 7, kind: "exit", code: 1 });
    expect(JSON.stringify(run.summary())).toBe(before);
  });

  it("a long log's worth of requests goes through in linear time", () => {
    const run = createDetectorRun({ stallTimeoutMs: 2000, slowThresholdBps: 0, zipBodies: "trace-only" }, 0);
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) {
      const u = `${P}/example.com/m${i % 5000}/@v/v1.0.${i % 7}.zip`;
      run.push({ t: 0, kind: "http-start", url: u });
      run.push({ t: 0, kind: "http-end", url: u, status: 200 });
    }
    const sum = run.summary();
    expect(sum.requests).toHaveLength(2000);
    // (i mod 5000, i mod 7) repeats only every 35,000 requests.
    expect(sum.modules).toHaveLength(35_000);
    expect(sum.modules.every((m) => m.state === "done")).toBe(true);
    // ~0.3 s here; a copy of the state per event took many seconds.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

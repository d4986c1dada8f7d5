// Timeouts are given as seconds or as Go durations (30s, 2m, 1m30s, 500ms),
// the way a Go developer writes them; anything else is one usage error.
import { describe, expect, it } from "vitest";
import { DiagnoseFlagsSchema, durationMs, parseFlags } from "../../src/options.js";

describe("durationMs", () => {
  it.each([
    ["30", 30_000],
    ["0.5", 500],
    [".25", 250],
    ["30s", 30_000],
    ["2m", 120_000],
    ["1m30s", 90_000],
    ["500ms", 500],
    ["1h", 3_600_000],
    ["1.5s", 1_500],
    ["1m0.5s", 60_500],
  ])("%s is %d ms", (raw, ms) => {
    expect(durationMs(raw)).toBe(ms);
  });

  it.each(["", "abc", "-1", "1x", "s", "30 s", "1m-5s", "1e3", "ms"])("%j is not a duration", (raw) => {
    expect(durationMs(raw)).toBeUndefined();
  });
});

describe("the timeout flags", () => {
  it("accept Go durations and plain seconds alike", () => {
    const flags = parseFlags(DiagnoseFlagsSchema, { stallTimeout: "2m", timeout: "1m30s", probeTimeout: "750ms" });
    expect(flags.stallTimeout).toBe(120_000);
    expect(flags.timeout).toBe(90_000);
    expect(flags.probeTimeout).toBe(750);
    expect(parseFlags(DiagnoseFlagsSchema, { stallTimeout: "45" }).stallTimeout).toBe(45_000);
  });

  it("refuse a negative, zero or unit-less garbage value with one line that shows what is accepted", () => {
    for (const bad of ["-1", "0", "0s", "10x"]) {
      expect(() => parseFlags(DiagnoseFlagsSchema, { stallTimeout: bad })).toThrow(/--stall-timeout must be .*(90s or 2m|greater than 0)/);
    }
  });

  it("refuse more than a day, as before", () => {
    expect(() => parseFlags(DiagnoseFlagsSchema, { timeout: "25h" })).toThrow(/--timeout/);
  });
});

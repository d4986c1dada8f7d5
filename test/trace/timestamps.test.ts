import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseLogTimestamp, readLogHeader } from "../../src/trace/timestamps.js";

describe("parseLogTimestamp", () => {
  it("reads GitHub Actions, GitLab, Jenkins, Go log and clock prefixes", () => {
    const base = Date.parse("2024-01-02T03:04:05Z");
    expect(parseLogTimestamp("2024-01-02T03:04:05.1234567Z # get x")).toEqual({ t: base + 123, rest: "# get x" });
    expect(parseLogTimestamp("2024-01-02T03:04:05.5000000Z go: downloading a v1")).toEqual({ t: base + 500, rest: "go: downloading a v1" });
    expect(parseLogTimestamp("2024-01-02T03:04:05.153941Z 00O go: x")).toEqual({ t: base + 153, rest: "go: x" });
    expect(parseLogTimestamp("2024-01-02T03:04:05.153941Z 01E+ go: x")).toEqual({ t: base + 153, rest: "go: x" });
    expect(parseLogTimestamp("[2024-01-02T03:04:05.007Z] go: x")).toEqual({ t: base + 7, rest: "go: x" });
    expect(parseLogTimestamp("2024-01-02T05:04:05+02:00 go: x")).toEqual({ t: base, rest: "go: x" });
    expect(parseLogTimestamp("2024/01/02 03:04:05 go: x")).toEqual({ t: base, rest: "go: x" });
    expect(parseLogTimestamp("[12:00:01] go: x")).toEqual({ t: 43_201_000, rest: "go: x" });
    expect(parseLogTimestamp("12:00:01.250 go: x")).toEqual({ t: 43_201_250, rest: "go: x" });
  });

  it("leaves lines without a time alone, including -x lines that start with digits", () => {
    for (const line of ["go: downloading x v1", "0.043s # cd /c; git ls-remote -q origin", "[99:00:00] x", "2024-13-45T99:99:99Z x", "\tserver response: x", ""]) {
      expect(parseLogTimestamp(line)).toEqual({ rest: line });
    }
  });

  it("never throws; the rest is always a suffix of the line", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => `${d.toISOString()} go: x`)), (line) => {
        const r = parseLogTimestamp(line);
        expect(line.endsWith(r.rest)).toBe(true);
        if (r.t !== undefined) expect(Number.isFinite(r.t)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("readLogHeader", () => {
  it("reads the #! lines at the top, by key, and stops at the log", () => {
    const text = "#! source: https://x\r\n#! expect: proxy-timeout\n#! note: one\n#! note: two\n\ngo: x\n#! source: not-a-header\n";
    expect(readLogHeader(text)).toEqual({ source: ["https://x"], expect: ["proxy-timeout"], note: ["one", "two"] });
    expect(readLogHeader("go: x")).toEqual({});
  });
});

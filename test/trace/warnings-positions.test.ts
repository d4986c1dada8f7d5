// Lines go prints that are not errors (a retraction warning and its advice)
// and lines under an error that are not indented (go.mod:N positions): the
// parser and the detector keep each where it belongs.
import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";
import { createDetectorRun } from "../../src/stall/detector.js";

function summaryOf(lines: string[]) {
  const run = createDetectorRun({ stallTimeoutMs: 30_000, slowThresholdBps: 50_000, zipBodies: "trace-only" }, 0);
  lines.forEach((line, i) => {
    const event = parseTraceLine(line, i);
    if (event) run.push(event);
  });
  return run.summary();
}

const RETRACTION = [
  "go: downloading example.com/r v1.0.0",
  "go: warning: example.com/r@v1.0.0: retracted by module author: data loss bug, use v1.1.0",
  "go: to switch to the latest unretracted version, run:",
  "\tgo get example.com/r@latest",
  "go: added example.com/r v1.0.0",
];

describe("retraction warnings", () => {
  it("the warning names module, version and the author's reason; the advice is no error", () => {
    expect(parseTraceLine(RETRACTION[1]!, 0)).toMatchObject({ kind: "output", note: { kind: "retracted", module: "example.com/r", version: "v1.0.0", reason: "data loss bug, use v1.1.0" } });
    expect(parseTraceLine(RETRACTION[2]!, 0)).toMatchObject({ kind: "output", note: { kind: "advice" } });
    const s = summaryOf(RETRACTION);
    expect(s.errors).toEqual([]);
    expect(s.warnings).toEqual([
      {
        kind: "retracted",
        module: "example.com/r",
        version: "v1.0.0",
        reason: "data loss bug, use v1.1.0",
        message: RETRACTION[1],
        details: ["to switch to the latest unretracted version, run:", "go get example.com/r@latest"],
      },
    ]);
  });

  it("without a rationale (`retract v1.0.0` alone) there is no reason", () => {
    expect(parseTraceLine("go: warning: example.com/r@v1.0.0: retracted by module author", 0)).toMatchObject({ note: { kind: "retracted", module: "example.com/r", version: "v1.0.0" } });
    expect(parseTraceLine("go: warning: example.com/r@v1.0.0: retracted by module author", 0)).not.toHaveProperty("note.reason");
  });

  it("an error after the warning takes its own indented lines again", () => {
    const s = summaryOf([...RETRACTION.slice(1, 4), "go: example.com/b@v1.2.0: reading http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod: 404 Not Found", "\tserver response: not found"]);
    expect(s.warnings?.[0]?.details).toHaveLength(2);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]!.details).toEqual(["server response: not found"]);
  });

  it("go list -m -u marks a version `(retracted)`", () => {
    expect(parseTraceLine("rsc.io/pdf v0.1.1 (retracted) [v0.1.2]", 0)).toMatchObject({ kind: "output", note: { kind: "retracted", module: "rsc.io/pdf", version: "v0.1.1" } });
    expect(parseTraceLine("rsc.io/pdf v0.1.2", 0)).toEqual({ t: 0, kind: "output", line: "rsc.io/pdf v0.1.2" });
  });

  it("other go warnings stay plain output", () => {
    expect(parseTraceLine('go: warning: "all" matched no packages', 0)).toEqual({ t: 0, kind: "output", line: 'go: warning: "all" matched no packages' });
  });
});

describe("go.mod positions under `errors parsing go.mod`", () => {
  it("each `FILE:LINE: msg` line is a detail of the error (go1.19 prints the full path, go1.23 `go.mod`)", () => {
    for (const file of ["go.mod", "/src/p/go.mod"]) {
      const s = summaryOf(["go: errors parsing go.mod:", `${file}:5: unknown directive: foo`, `${file}:6:2: require example.com/x: version "v1.2" invalid: must be of the form v1.2.3`]);
      expect(s.errors).toEqual([
        { message: "go: errors parsing go.mod:", details: [`${file}:5: unknown directive: foo`, `${file}:6:2: require example.com/x: version "v1.2" invalid: must be of the form v1.2.3`] },
      ]);
    }
  });

  it("a position line alone (pasted without its head) is still an error; a Go source position stays a compile line", () => {
    expect(summaryOf(["go.mod:3: invalid go version '1.21.0': must match format 1.23"]).errors).toHaveLength(1);
    expect(parseTraceLine("main.go:3:2: undefined: x", 0)).toMatchObject({ kind: "output" });
    expect(parseTraceLine("go.work:4: unknown directive: x", 0)).toMatchObject({ kind: "go-error-detail" });
  });
});

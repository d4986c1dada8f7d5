// Shapes of go output as users paste it, each read in the golang/go source:
// net.OpError tails on a line of their own (a post broken inside an address),
// modload's import-chain heads without `go: `, a package no module provides,
// and BuildKit's summary of a failed step (`30.20 ` seconds, no step number).
import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";
import { parseLogTimestamp } from "../../src/trace/timestamps.js";

const p = (line: string) => parseTraceLine(line, 7);

describe("a net error whose posted line was broken inside an address", () => {
  it("reads the tail (`:PORT->REMOTE: read: ...`) as a detail of the error above it", () => {
    expect(p(":46292->142.250.189.209:443: read: connection reset by peer")).toEqual({ t: 7, kind: "go-error-detail", message: ":46292->142.250.189.209:443: read: connection reset by peer" });
    expect(p("->[2001:db8::1]:443: read: connection reset by peer")).toMatchObject({ kind: "go-error-detail" });
    expect(p(":443: i/o timeout")).toMatchObject({ kind: "go-error-detail", message: ":443: i/o timeout" });
    expect(p(":443: connect: connection refused")).toMatchObject({ kind: "go-error-detail" });
  });

  it("leaves look-alikes as output", () => {
    for (const line of [":: done", ":8080 is the port", "->x: y", ":99 bottles"]) expect(p(line)).toEqual({ t: 7, kind: "output", line });
  });

  it("still reads the bare `PKG: MOD@VER: ...` line above it (go mod tidy) with its module", () => {
    expect(p('github.com/xuri/excelize/v2: github.com/xuri/excelize/v2@v2.7.1: read "https:/proxy.golang.org/@v/v2.7.1.zip": read tcp <redacted>')).toMatchObject({
      kind: "go-error",
      module: "github.com/xuri/excelize/v2",
      version: "v2.7.1",
    });
  });
});

describe("import chains and package queries without the `go: ` prefix (modload stackText)", () => {
  it("a bare `PKG imports` / `PKG tested by` head is an error naming no module; the chain's last line names it", () => {
    expect(p("github.com/akfaew/xxx imports")).toEqual({ t: 7, kind: "go-error", message: "github.com/akfaew/xxx imports" });
    expect(p("example/cmd/app tested by")).toMatchObject({ kind: "go-error" });
    expect(p('\tgopkg.in/jarcoal/httpmock.v1: no matching versions for query "latest"')).toMatchObject({ kind: "go-error-detail", module: "gopkg.in/jarcoal/httpmock.v1" });
    expect(p("go: example.com/a imports")).toEqual({ t: 7, kind: "go-error", message: "go: example.com/a imports" });
    expect(p("go: example.com/a tested by")).toEqual({ t: 7, kind: "go-error", message: "go: example.com/a tested by" });
  });

  it("a bare `MOD@VER requires` head (mvs/errors.go without `go: `) is an error naming no module, like `go: MOD@VER requires`", () => {
    const head = "github.com/juju/testing@v0.0.0-20210324180055-18c50b0c2098 requires";
    expect(p(head)).toEqual({ t: 7, kind: "go-error", message: head });
    expect(p(`go: ${head}`)).toEqual({ t: 7, kind: "go-error", message: `go: ${head}` });
    for (const line of ["this module requires", "go@1.21 requires", "github.com/a/b requires"]) expect(p(line)).toEqual({ t: 7, kind: "output", line });
  });

  it("plain prose ending in `imports` is not a chain head", () => {
    for (const line of ["this module imports", "everything imports", "a b imports"]) expect(p(line)).toEqual({ t: 7, kind: "output", line });
  });
});

describe("BuildKit's summary of a failed step", () => {
  it("strips `30.20 ` / `4.710 ` seconds and keeps tabs after them", () => {
    expect(parseLogTimestamp("30.20 go: example.com/a@v1.0.0: x")).toEqual({ t: 30_200, rest: "go: example.com/a@v1.0.0: x" });
    expect(parseLogTimestamp("4.710 \tdownloaded: h1:x=")).toEqual({ t: 4_710, rest: "\tdownloaded: h1:x=" });
  });

  it("does not eat -x timings, versions or step-numbered lines read elsewhere", () => {
    expect(parseLogTimestamp("0.043s # cd /c; git ls-remote -q origin")).toEqual({ rest: "0.043s # cd /c; git ls-remote -q origin" });
    expect(parseLogTimestamp("1.2.3 released")).toEqual({ rest: "1.2.3 released" });
    expect(parseLogTimestamp("#11 62.37 go: x")).toEqual({ t: 62_370, rest: "go: x" });
  });
});

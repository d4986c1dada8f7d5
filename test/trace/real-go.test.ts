// Lines recorded from the real go1.19.8 and go1.23.5 (`go mod download -x`,
// `go get -x`) against a loopback proxy on 127.0.0.1:18080, with the sumdb
// left on in a machine without internet. Note what GO-FACTS.md does not say:
// in proxy URLs go prints the case-encoding `!` percent-escaped (`%21upper`),
// while in sumdb lookup URLs it prints `!` as is.
import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";
import { decodeRequestUrl } from "../../src/trace/url.js";
import type { Event } from "../../src/trace/events.js";

const GO119_404 = `# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod
# get http://127.0.0.1:18080/example.com/%21upper/@v/v1.0.0.mod
# get http://127.0.0.1:18080/example.com/%21upper/@v/v1.0.0.mod: 200 OK (0.002s)
# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod: 200 OK (0.003s)
# get http://127.0.0.1:18080/example.com/missing/@v/v1.0.0.mod
# get http://127.0.0.1:18080/example.com/missing/@v/v1.0.0.mod: 404 File not found (0.001s)
go: example.com/missing@v1.0.0: reading http://127.0.0.1:18080/example.com/missing/@v/v1.0.0.mod: 404 File not found`;

const GO123_SUMDB = `# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.zip: 200 OK (0.001s)
# get http://127.0.0.1:18080/sumdb/sum.golang.org/supported: 404 File not found (0.001s)
# get https://sum.golang.org/lookup/example.com/!upper@v1.0.0
# get https://sum.golang.org/lookup/example.com/b@v1.2.0
# get https://sum.golang.org/lookup/example.com/b@v1.2.0: Get "https://sum.golang.org/lookup/example.com/b@v1.2.0": dial tcp: lookup sum.golang.org on 10.255.255.53:53: no such host
# get https://sum.golang.org/lookup/example.com/!upper@v1.0.0: Get "https://sum.golang.org/lookup/example.com/!upper@v1.0.0": dial tcp: lookup sum.golang.org on 10.255.255.53:53: no such host
go: example.com/b@v1.2.0: verifying module: example.com/b@v1.2.0: Get "https://sum.golang.org/lookup/example.com/b@v1.2.0": dial tcp: lookup sum.golang.org on 10.255.255.53:53: no such host
go: example.com/Upper@v1.0.0: verifying module: example.com/Upper@v1.0.0: Get "https://sum.golang.org/lookup/example.com/!upper@v1.0.0": dial tcp: lookup sum.golang.org on 10.255.255.53:53: no such host`;

const GO123_TOOLCHAIN = `go: downloading go1.99.1 (linux/amd64)
go: download go1.99.1 for linux/amd64: toolchain not available`;

const GO123_GET = `# get http://127.0.0.1:18080/example.com/@v/v1.2.0.info
# get http://127.0.0.1:18080/example.com/nope/@v/v1.0.0.info
# get http://127.0.0.1:18080/example.com/@v/v1.2.0.info: 404 File not found (0.001s)
# get http://127.0.0.1:18080/example.com/nope/@v/v1.0.0.info: 404 File not found (0.002s)
go: downloading example.com/b v1.2.0
# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.zip
# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.zip: 200 OK (0.001s)
go: example.com/nope@v1.0.0: reading http://127.0.0.1:18080/example.com/nope/@v/v1.0.0.info: 404 File not found`;

const parseAll = (text: string): Event[] => text.split("\n").flatMap((l, i) => parseTraceLine(l, i) ?? []);

describe("real go traces", () => {
  it("go1.19: every start has its end, the 404 names the module", () => {
    const events = parseAll(GO119_404);
    expect(events.map((e) => e.kind)).toEqual(["http-start", "http-start", "http-end", "http-end", "http-start", "http-end", "go-error"]);
    const starts = events.flatMap((e) => (e.kind === "http-start" ? [e.url] : []));
    const ends = events.flatMap((e) => (e.kind === "http-end" ? [e.url] : []));
    expect([...ends].sort()).toEqual([...starts].sort());
    expect(events[5]).toMatchObject({ status: 404, statusText: "File not found", seconds: 0.001 });
    expect(events[6]).toMatchObject({ module: "example.com/missing", version: "v1.0.0" });
    expect(decodeRequestUrl((events[1] as { url: string }).url)).toMatchObject({ kind: "mod", module: "example.com/Upper", version: "v1.0.0", base: "http://127.0.0.1:18080" });
  });

  it("go1.23: the sumdb goes direct after the proxy's 404, and fails on DNS", () => {
    const events = parseAll(GO123_SUMDB);
    const supported = events[1] as { url: string };
    expect(decodeRequestUrl(supported.url)).toEqual({ kind: "sumdb-supported", base: "http://127.0.0.1:18080", sumdb: "sum.golang.org" });
    expect(decodeRequestUrl((events[2] as { url: string }).url)).toEqual({ kind: "sumdb", base: "https://sum.golang.org", sumdb: "sum.golang.org", module: "example.com/Upper", version: "v1.0.0" });
    expect(events[4]).toMatchObject({ kind: "http-end", error: expect.stringMatching(/no such host$/) });
    expect(events.filter((e) => e.kind === "go-error").map((e) => (e.kind === "go-error" ? e.module : ""))).toEqual(["example.com/b", "example.com/Upper"]);
  });

  it("go1.23: a toolchain that does not exist", () => {
    expect(parseAll(GO123_TOOLCHAIN)).toEqual([
      { t: 0, kind: "toolchain", message: "downloading go1.99.1 (linux/amd64)", version: "go1.99.1", moduleVersion: "v0.0.1-go1.99.1.linux-amd64" },
      { t: 1, kind: "go-error", message: "go: download go1.99.1 for linux/amd64: toolchain not available" },
    ]);
  });

  it("go1.23 go get: downloading lines and the failing query", () => {
    const events = parseAll(GO123_GET);
    expect(events.find((e) => e.kind === "downloading")).toMatchObject({ module: "example.com/b", version: "v1.2.0" });
    expect(events.at(-1)).toMatchObject({ kind: "go-error", module: "example.com/nope", version: "v1.0.0" });
    // go get asks for the path's prefixes too; `example.com` alone is a module path there.
    expect(decodeRequestUrl((events[0] as { url: string }).url)).toMatchObject({ kind: "info", module: "example.com", version: "v1.2.0" });
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseTraceLine } from "../../src/trace/parse.js";

const p = (line: string) => parseTraceLine(line, 5);

describe("parseTraceLine on the lines GO-FACTS.md records", () => {
  it("http start and end, with status and seconds", () => {
    expect(p("# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod")).toEqual({ t: 5, kind: "http-start", url: "http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod" });
    expect(p("# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod: 200 OK (0.003s)")).toEqual({
      t: 5,
      kind: "http-end",
      url: "http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod",
      status: 200,
      statusText: "OK",
      seconds: 0.003,
    });
    expect(p("# get http://127.0.0.1:18080/nope/example.com/a/@v/v1.0.0.mod: 404 Not Found (0.001s)")).toMatchObject({ kind: "http-end", status: 404, statusText: "Not Found" });
  });
  it("http errors keep the whole message", () => {
    const e = p('# get http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod: Get "http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod": dial tcp 127.0.0.1:1: connect: connection refused');
    expect(e).toMatchObject({ kind: "http-end", url: "http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod" });
    expect(e && "error" in e && e.error).toMatch(/connection refused$/);
    const dns = p('# get https://proxy.invalid/example.com/a/@v/v1.0.0.mod: Get "https://proxy.invalid/example.com/a/@v/v1.0.0.mod": dial tcp: lookup proxy.invalid on 10.255.255.53:53: no such host');
    expect(dns && "error" in dns && dns.error).toMatch(/no such host/);
    expect(p("# get https://proxy.golang.org/x/@v/v1.0.0.zip (offset 1024)")).toMatchObject({ kind: "http-start", offset: 1024 });
  });
  it("vcs repo, lock, start and end lines in direct mode", () => {
    expect(p("mkdir -p /root/go/pkg/mod/cache/vcs # git3 http://git.corp.test/r.git")).toEqual({ t: 5, kind: "vcs-repo", dir: "/root/go/pkg/mod/cache/vcs", vcs: "git", repo: "http://git.corp.test/r.git" });
    expect(p("# lock /root/go/pkg/mod/cache/vcs/9f0c.lock")).toEqual({ t: 5, kind: "lock", file: "/root/go/pkg/mod/cache/vcs/9f0c.lock" });
    expect(p("cd /root/go/pkg/mod/cache/vcs/9f0c; git ls-remote -q origin")).toEqual({ t: 5, kind: "vcs-start", dir: "/root/go/pkg/mod/cache/vcs/9f0c", command: "git ls-remote -q origin" });
    expect(p("0.043s # cd /root/go/pkg/mod/cache/vcs/9f0c; git ls-remote -q origin")).toEqual({ t: 5, kind: "vcs-end", dir: "/root/go/pkg/mod/cache/vcs/9f0c", command: "git ls-remote -q origin", seconds: 0.043 });
    expect(p("cd /c/vcs/9f0c; git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0")).toMatchObject({ kind: "vcs-start" });
  });
  it("go: lines: downloading, toolchains, errors with module and version", () => {
    expect(p("go: downloading example.com/a v1.0.0")).toEqual({ t: 5, kind: "downloading", module: "example.com/a", version: "v1.0.0" });
    expect(p("go: downloading go1.22.0 (linux/amd64)")).toMatchObject({ kind: "toolchain", version: "go1.22.0" });
    expect(p("go: example.com/a@v1.0.0: reading http://127.0.0.1:1/example.com/a/@v/v1.0.0.mod: 404 Not Found")).toMatchObject({
      kind: "go-error",
      module: "example.com/a",
      version: "v1.0.0",
    });
    expect(p("go: verifying corp.example.com/x@v1.0.0: corp.example.com/x@v1.0.0: reading https://sum.golang.org/lookup/corp.example.com/x@v1.0.0: 404 Not Found")).toMatchObject({
      kind: "go-error",
      module: "corp.example.com/x",
      version: "v1.0.0",
    });
    expect(p("go: module example.com/a: reading https://proxy.golang.org/example.com/a/@v/list: 410 Gone")).toMatchObject({ kind: "go-error", module: "example.com/a" });
    expect(p("go: downloading go1.99.0 (linux/amd64)")).toMatchObject({ kind: "toolchain" });
    expect(p("go: go.mod requires go >= 1.99.0 (running go 1.23.5; GOTOOLCHAIN=local)")).toMatchObject({ kind: "go-error" });
    expect(p("go: finding module for package example.com/x")).toMatchObject({ kind: "output" });
    expect(p("\tserver response: not found: example.com/a@v1.0.0: invalid version")).toEqual({ t: 5, kind: "go-error-detail", message: "server response: not found: example.com/a@v1.0.0: invalid version" });
    expect(p("SECURITY ERROR")).toMatchObject({ kind: "go-error-detail" });
  });
  it("skips blank lines and fixture headers, keeps everything else as output", () => {
    expect(p("")).toBeUndefined();
    expect(p("#! source: https://example.com")).toBeUndefined();
    expect(p("WORK=/tmp/go-build123")).toMatchObject({ kind: "output" });
    expect(p("# get")).toMatchObject({ kind: "output" });
  });
});

describe("parseTraceLine properties", () => {
  const fragments = ["# get ", "http://127.0.0.1:1/a/@v/v1.0.0.zip", ": ", "200 OK", " (0.1s)", "go: ", "cd ", "; git ", "0.1s # ", "\t", "@", "mkdir -p ", " # git3 ", "\r"];
  it("never throws and classifies every non-blank line", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.constantFrom(...fragments), { maxLength: 8 }).map((a) => a.join(""))), (line) => {
        const event = parseTraceLine(line, 0);
        if (line.replace(/\r$/, "").trim() !== "" && !line.startsWith("#! ")) expect(event).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });
});

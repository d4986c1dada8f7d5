import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";

const p = (line: string) => parseTraceLine(line, 5);

describe("parseTraceLine on the exact lines of GO-FACTS.md", () => {
  it("proxy fetches: start, status with seconds, errors", () => {
    expect(p("# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod")).toEqual({ t: 5, kind: "http-start", url: "http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod" });
    expect(p("# get http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod: 200 OK (0.003s)")).toEqual({
      t: 5,
      kind: "http-end",
      url: "http://127.0.0.1:18080/example.com/b/@v/v1.2.0.mod",
      status: 200,
      statusText: "OK",
      seconds: 0.003,
    });
    expect(p("# get http://127.0.0.1:18080/nope/example.com/a/@v/v1.0.0.mod: 404 Not Found (0.001s)")).toEqual({
      t: 5,
      kind: "http-end",
      url: "http://127.0.0.1:18080/nope/example.com/a/@v/v1.0.0.mod",
      status: 404,
      statusText: "Not Found",
      seconds: 0.001,
    });
    expect(p('# get http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod: Get "http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod": dial tcp 127.0.0.1:1: connect: connection refused')).toEqual({
      t: 5,
      kind: "http-end",
      url: "http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod",
      error: 'Get "http://127.0.0.1:1/example.com/b/@v/v1.2.0.mod": dial tcp 127.0.0.1:1: connect: connection refused',
    });
    expect(p('# get https://proxy.invalid/example.com/a/@v/v1.0.0.mod: Get "https://proxy.invalid/example.com/a/@v/v1.0.0.mod": dial tcp: lookup proxy.invalid on 10.255.255.53:53: no such host')).toEqual({
      t: 5,
      kind: "http-end",
      url: "https://proxy.invalid/example.com/a/@v/v1.0.0.mod",
      error: 'Get "https://proxy.invalid/example.com/a/@v/v1.0.0.mod": dial tcp: lookup proxy.invalid on 10.255.255.53:53: no such host',
    });
  });

  it("direct mode: go-import, vcs work dir, lock, git start and end", () => {
    expect(p('# get https://git.corp.test/r?go-get=1: Get "https://git.corp.test/r?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused')).toMatchObject({
      kind: "http-end",
      url: "https://git.corp.test/r?go-get=1",
      error: 'Get "https://git.corp.test/r?go-get=1": dial tcp 127.0.0.1:443: connect: connection refused',
    });
    expect(p("# get http://git.corp.test/r?go-get=1: 200 OK (0.002s)")).toEqual({ t: 5, kind: "http-end", url: "http://git.corp.test/r?go-get=1", status: 200, statusText: "OK", seconds: 0.002 });
    expect(p("mkdir -p /…/cache/vcs # git3 http://git.corp.test/r.git")).toEqual({ t: 5, kind: "vcs-repo", dir: "/…/cache/vcs", vcs: "git", repo: "http://git.corp.test/r.git" });
    expect(p("# lock /…/cache/vcs/9f0c…b420.lock")).toEqual({ t: 5, kind: "lock", file: "/…/cache/vcs/9f0c…b420.lock" });
    expect(p("mkdir -p /…/cache/vcs/9f0c…b420 # git3 http://git.corp.test/r.git")).toEqual({ t: 5, kind: "vcs-repo", dir: "/…/cache/vcs/9f0c…b420", vcs: "git", repo: "http://git.corp.test/r.git" });
    expect(p("cd /…/cache/vcs/9f0c…b420; git ls-remote -q origin")).toEqual({ t: 5, kind: "vcs-start", dir: "/…/cache/vcs/9f0c…b420", command: "git ls-remote -q origin" });
    expect(p("0.043s # cd /…/cache/vcs/9f0c…b420; git ls-remote -q origin")).toEqual({ t: 5, kind: "vcs-end", dir: "/…/cache/vcs/9f0c…b420", command: "git ls-remote -q origin", seconds: 0.043 });
    expect(p("cd /…/cache/vcs/9f0c…b420; git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0")).toEqual({
      t: 5,
      kind: "vcs-start",
      dir: "/…/cache/vcs/9f0c…b420",
      command: "git -c protocol.version=2 fetch -f --depth=1 origin refs/tags/v1.0.0:refs/tags/v1.0.0",
    });
  });

  it("go: lines named in GO-FACTS.md", () => {
    expect(p("go: downloading example.com/a v1.0.0")).toEqual({ t: 5, kind: "downloading", module: "example.com/a", version: "v1.0.0" });
    expect(p("go: downloading go1.22.0 (linux/amd64)")).toEqual({ t: 5, kind: "toolchain", message: "downloading go1.22.0 (linux/amd64)", version: "go1.22.0", moduleVersion: "v0.0.1-go1.22.0.linux-amd64" });
    expect(p("go: example.com/a@v1.0.0: reading http://…/v1.0.0.mod: 404 Not Found")).toEqual({
      t: 5,
      kind: "go-error",
      module: "example.com/a",
      version: "v1.0.0",
      message: "go: example.com/a@v1.0.0: reading http://…/v1.0.0.mod: 404 Not Found",
    });
    expect(p("go: verifying corp.example.com/x@v1.0.0: corp.example.com/x@v1.0.0: reading https://sum.golang.org/lookup/corp.example.com/x@v1.0.0: 404 Not Found")).toMatchObject({
      kind: "go-error",
      module: "corp.example.com/x",
      version: "v1.0.0",
    });
    expect(p("\tserver response: not found: example.com/a@v1.0.0: invalid version")).toEqual({ t: 5, kind: "go-error-detail", message: "server response: not found: example.com/a@v1.0.0: invalid version" });
  });
});

describe("parseTraceLine on formats read in the golang/go source", () => {
  it("web/http.go: resumed bodies (go master), insecure, unsupported", () => {
    const url = "https://proxy.golang.org/example.com/a/@v/v1.0.0.zip";
    expect(p(`# get ${url} (offset 1024)`)).toEqual({ t: 5, kind: "http-start", url, offset: 1024 });
    expect(p(`# get ${url}: interrupted`)).toEqual({ t: 5, kind: "http-end", url, error: "interrupted", body: "interrupted" });
    expect(p(`# get ${url}: resume: non-206 response code: 200`)).toEqual({ t: 5, kind: "http-end", url, error: "resume: non-206 response code: 200", body: "resume-failed" });
    expect(p("# get http://corp.example.com/x?go-get=1: insecure")).toMatchObject({ kind: "http-end", error: "insecure" });
    expect(p("# get https://user:xxxxx@corp.example.com/x: 401 Unauthorized (0.210s)")).toMatchObject({ kind: "http-end", url: "https://user:xxxxx@corp.example.com/x", status: 401, seconds: 0.21 });
  });

  it("codehost.go: reused work dirs, other VCSs, newer git arguments, end lines without cd", () => {
    expect(p("# /root/go/pkg/mod/cache/vcs/ab12 for git3 https://github.com/x/y")).toEqual({ t: 5, kind: "vcs-repo", dir: "/root/go/pkg/mod/cache/vcs/ab12", vcs: "git", repo: "https://github.com/x/y" });
    expect(p("mkdir -p /c/vcs/cd34 # vcs1.hg https://hg.example.com/r")).toMatchObject({ kind: "vcs-repo", vcs: "hg", repo: "https://hg.example.com/r" });
    expect(p("cd /c/vcs/cd34; hg pull -f")).toEqual({ t: 5, kind: "vcs-start", dir: "/c/vcs/cd34", command: "hg pull -f" });
    expect(p("cd /c/vcs/ab12; git ls-remote -q --end-of-options origin")).toMatchObject({ kind: "vcs-start", command: "git ls-remote -q --end-of-options origin" });
    expect(p("cd /c/vcs/ab12; git -c log.showsignature=false log --no-decorate -n1 '--format=format:%H %ct %D' refs/tags/v1.0.0 --")).toMatchObject({ kind: "vcs-start" });
    expect(p("1.502s # cd /c/vcs/ab12; git -c protocol.version=2 fetch -f --depth=1 --end-of-options origin refs/tags/v1.0.0:refs/tags/v1.0.0")).toMatchObject({ kind: "vcs-end", seconds: 1.502, dir: "/c/vcs/ab12" });
    expect(p("0.010s # svn info --xml https://svn.example.com/r")).toEqual({ t: 5, kind: "vcs-end", command: "svn info --xml https://svn.example.com/r", seconds: 0.01 });
    // go build's VCS stamping (vcs/vcs.go) prints `cd DIR` and the command on two lines, and never an end.
    expect(p("cd /src/project")).toMatchObject({ kind: "output" });
    expect(p("git status --porcelain")).toMatchObject({ kind: "output" });
  });

  it("toolchain/select.go and switch.go", () => {
    expect(p("go: example.com/m@v1.0.0 requires go >= 1.22.0; switching to go1.22.3")).toMatchObject({ kind: "toolchain", version: "go1.22.3" });
    expect(p("go: switching from go1.21.0 to go1.22.0 [depth 91]")).toMatchObject({ kind: "toolchain", version: "go1.22.0" });
    expect(p("go: download go1.21 for linux/amd64: toolchain not available")).toEqual({ t: 5, kind: "go-error", message: "go: download go1.21 for linux/amd64: toolchain not available" });
    expect(p("go: go.mod requires go >= 1.99.0 (running go 1.23.5; GOTOOLCHAIN=local)")).toMatchObject({ kind: "go-error" });
    expect(p("go: example.com/m@v1.0.0 requires go >= 1.99.0 (running go 1.23.5; GOTOOLCHAIN=local)")).toMatchObject({ kind: "go-error", module: "example.com/m", version: "v1.0.0" });
  });

  it("modfetch/fetch.go: verifying, go.mod suffixes, SECURITY ERROR blocks", () => {
    expect(p("go: github.com/kr/text@v0.2.0/go.mod: verifying module: github.com/kr/text@v0.2.0/go.mod: Get \"https://sum.golang.org/lookup/github.com/kr/text@v0.2.0\": dial tcp 172.217.160.81:443: i/o timeout")).toMatchObject({
      kind: "go-error",
      module: "github.com/kr/text",
      version: "v0.2.0",
    });
    expect(p("verifying github.com/omec-project/aper@v1.1.1/go.mod: checksum mismatch")).toMatchObject({ kind: "go-error", module: "github.com/omec-project/aper", version: "v1.1.1" });
    expect(p("go: verifying module: example.com/a@v1.0.0: checksum mismatch")).toMatchObject({ kind: "go-error" });
    for (const line of [
      "SECURITY ERROR",
      "This download does NOT match an earlier download recorded in go.sum.",
      "This download does NOT match the one reported by the checksum server.",
      "The bits may have been replaced on the origin server, or an attacker may",
      "have intercepted the download attempt.",
      "For more information, see 'go help module-auth'.",
      "Confirm the import path was entered correctly.",
      "If this is a private repository, see https://golang.org/doc/faq#git_https for additional information.",
    ]) {
      expect(p(line)).toEqual({ t: 5, kind: "go-error-detail", message: line });
    }
    expect(p("\tdownloaded: h1:jDWasZ2XLFL2uSEWhgGlT/ELyrpwCJd/2kE/VEGG8Ew=")).toEqual({ t: 5, kind: "go-error-detail", message: "downloaded: h1:jDWasZ2XLFL2uSEWhgGlT/ELyrpwCJd/2kE/VEGG8Ew=" });
  });

  it("module errors name the module; chains name the failing one last", () => {
    expect(p("go: module example.com/a: reading https://proxy.golang.org/example.com/a/@v/list: 410 Gone")).toMatchObject({ kind: "go-error", module: "example.com/a" });
    expect(p("go: example.com/a/pkg: module example.com/a: Get \"https://proxy.golang.org/example.com/a/@v/list\": EOF")).toMatchObject({ kind: "go-error", module: "example.com/a" });
    expect(p('go: unrecognized import path "cyphar.com/go-pathrs": parse https://cyphar.com/go-pathrs?go-get=1: no go-import meta tags ()')).toMatchObject({ kind: "go-error", module: "cyphar.com/go-pathrs" });
    // mvs/errors.go: `A@v requires\n\tB@v requires\n\tC@v: err`.
    const head = p("go: example.com/a@v1.0.0 requires");
    expect(head).toEqual({ t: 5, kind: "go-error", message: "go: example.com/a@v1.0.0 requires" });
    expect(p("\texample.com/b@v1.1.0 requires")).toEqual({ t: 5, kind: "go-error-detail", message: "example.com/b@v1.1.0 requires", module: "example.com/b", version: "v1.1.0" });
    expect(p("\texample.com/c@v0.3.0: reading https://proxy.golang.org/example.com/c/@v/v0.3.0.mod: 404 Not Found")).toMatchObject({ kind: "go-error-detail", module: "example.com/c", version: "v0.3.0" });
    expect(p("\texample.com/d@v1.0.0 (replaced by example.com/e@v1.0.1): reading x: 404 Not Found")).toMatchObject({ module: "example.com/d", version: "v1.0.0" });
    // modload/load.go: `PKG imports\n\tPKG2: module MOD: err`.
    expect(p("go: github.com/Dlizzz/catsnn/cmd/controller imports")).toEqual({ t: 5, kind: "go-error", message: "go: github.com/Dlizzz/catsnn/cmd/controller imports" });
    expect(p('        go.uber.org/zap: module go.uber.org/zap: Get "https://proxy.golang.org/go.uber.org/zap/@v/list": dial tcp: i/o timeout')).toMatchObject({ kind: "go-error-detail", module: "go.uber.org/zap" });
    expect(p("\tfatal: could not read Username for 'https://github.com': terminal prompts disabled")).toEqual({
      t: 5,
      kind: "go-error-detail",
      message: "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
    });
  });

  it("progress lines are output, errors of older prefixes are errors", () => {
    expect(p("go: finding module for package example.com/x")).toMatchObject({ kind: "output" });
    expect(p("go: found example.com/x in example.com/x v1.0.0")).toMatchObject({ kind: "output" });
    expect(p("go: finding github.com/pkg/errors v0.9.1")).toMatchObject({ kind: "output" });
    expect(p("go: warning: ignoring go.mod in $GOPATH /root/go")).toMatchObject({ kind: "output" });
    expect(p("go: added golang.org/x/text v0.3.0")).toMatchObject({ kind: "output" });
    expect(p("go get: example.com/a@v1.0.0: reading https://proxy.golang.org/example.com/a/@v/v1.0.0.info: 410 Gone")).toMatchObject({ kind: "go-error", module: "example.com/a" });
    expect(p("go: updates to go.mod needed; to update it:")).toMatchObject({ kind: "go-error" });
    expect(p("-> unzip /root/go/pkg/mod/cache/download/example.com/a/@v/v1.0.0.zip: write /root/go/pkg/mod/example.com/a@v1.0.0/x: no space left on device")).toMatchObject({ kind: "go-error" });
  });

  it("CI decorations: CR, ANSI colour, GitHub annotations", () => {
    expect(p("# get https://proxy.golang.org/x.io/a/@v/list\r")).toEqual({ t: 5, kind: "http-start", url: "https://proxy.golang.org/x.io/a/@v/list" });
    expect(p("\x1b[31mgo: example.com/a@v1.0.0: bad\x1b[0m")).toMatchObject({ kind: "go-error", module: "example.com/a" });
    expect(p("##[error]go: module example.com/a: bad")).toMatchObject({ kind: "go-error", module: "example.com/a" });
  });

  it("skips blank lines and fixture headers, keeps everything else as output", () => {
    expect(p("")).toBeUndefined();
    expect(p("   ")).toBeUndefined();
    expect(p("#! source: https://example.com")).toBeUndefined();
    expect(p("WORK=/tmp/go-build123")).toEqual({ t: 5, kind: "output", line: "WORK=/tmp/go-build123" });
    expect(p("# get")).toMatchObject({ kind: "output" });
    expect(p("# get a b: c")).toMatchObject({ kind: "output" });
  });
});

// Line shapes from the second batch of real logs (fixtures/logs, README):
// openSUSE Build Service times, a go error quoted inside an editor's log line,
// `MOD: ERR` without a version, a Go net error posted alone, and HTTP/2 resets
// reported per importing file. Each with look-alikes that must stay output.
import { describe, expect, it } from "vitest";
import { parseTraceLine } from "../../src/trace/parse.js";
import { parseLogTimestamp } from "../../src/trace/timestamps.js";

const p = (line: string) => parseTraceLine(line, 7);

describe("openSUSE Build Service times (`[   34s] `)", () => {
  it("reads seconds since the build started and hands the rest (a tab continuation too) to the parser", () => {
    expect(parseLogTimestamp("[   34s] go: finding github.com/mattn/go-isatty v0.0.7")).toEqual({ t: 34_000, rest: "go: finding github.com/mattn/go-isatty v0.0.7" });
    const tab = parseLogTimestamp("[  134s] \tfatal: unable to access 'https://github.com/edsrzf/mmap-go/': Could not resolve host: github.com");
    expect(tab.t).toBe(134_000);
    expect(parseTraceLine(tab.rest, tab.t!)).toMatchObject({ kind: "go-error-detail", message: expect.stringMatching(/^fatal: unable to access/) });
  });

  it("leaves brackets that are not OBS times alone", () => {
    for (const line of ["[34ms] done", "[INFO] go: x", "[ 34 s] go: x", "[-34s] go: x"]) expect(parseLogTimestamp(line)).toEqual({ rest: line });
  });
});

describe("a go error quoted inside another tool's line (gopls: `... stderr: go: ...`)", () => {
  it("reads the go error with its module, as if go had printed it alone", () => {
    const line = "Error loading workspace: err: exit status 1: stderr: go: github.com/wechatpay-apiv3/wechatpay-go@v0.2.9: module lookup disabled by GOPROXY=off : packages.Load error";
    expect(p(line)).toEqual({
      t: 7,
      kind: "go-error",
      message: "go: github.com/wechatpay-apiv3/wechatpay-go@v0.2.9: module lookup disabled by GOPROXY=off : packages.Load error",
      module: "github.com/wechatpay-apiv3/wechatpay-go",
      version: "v0.2.9",
    });
    expect(p("[Error - 3:53:23 PM] 2021/06/28 15:53:23 go/packages.Load: err: exit status 1: stderr: go: inconsistent vendoring in /home/geoff/do/go-libvirt:")).toMatchObject({
      kind: "go-error",
      message: "go: inconsistent vendoring in /home/geoff/do/go-libvirt:",
    });
  });

  it("keeps go's progress lines progress, and other tools' stderr output", () => {
    expect(p("stderr: go: downloading example.com/a v1.0.0")).toMatchObject({ kind: "downloading", module: "example.com/a" });
    for (const line of ["stderr: gofmt: no files", "2021/06/28 stderr: going home", "see stderr: go-lint says hi"]) expect(p(line)).toEqual({ t: 7, kind: "output", line });
  });
});

describe("`MOD: ERR` without a version (go mod download MOD@VER)", () => {
  it("is an error naming the module when the text is a fetch failure", () => {
    expect(p("github.com/leodido/go-urn: zip: not a valid zip file")).toEqual({
      t: 7,
      kind: "go-error",
      message: "github.com/leodido/go-urn: zip: not a valid zip file",
      module: "github.com/leodido/go-urn",
    });
  });

  it("leaves other `host/path: text` lines as output", () => {
    for (const line of ["github.com/foo/bar: warning: unused variable x", "example.com: see the docs", "golang.org/x/tools: 3 packages"]) expect(p(line)).toEqual({ t: 7, kind: "output", line });
  });
});

describe("a Go network error posted alone, without go's prefix", () => {
  it("is an error (leading spaces from the post dropped)", () => {
    const line = " dial tcp: lookup proxy.golang.org on [fec0:0:0:ffff::2]:53: dial udp [fec0:0:0:ffff::2]:53: connect: invalid argument";
    expect(p(line)).toEqual({ t: 7, kind: "go-error", message: line.trim() });
    expect(p('Get "https://proxy.golang.org/example.com/a/@v/list": dial tcp 142.250.1.1:443: i/o timeout')).toMatchObject({ kind: "go-error" });
  });

  it("leaves prose about dialing alone", () => {
    for (const line of ["dial tcp is how we connect", "Get the latest version first", "read tcp buffers carefully"]) expect(p(line)).toEqual({ t: 7, kind: "output", line });
  });
});

describe("HTTP/2 resets reported per importing file (go build)", () => {
  it("is a module-fetch error, with the module", () => {
    expect(p("****.go:22:2: github.com/Shopify/sarama@v1.29.1: stream error: stream ID 5; INTERNAL_ERROR; received from peer")).toMatchObject({
      kind: "go-error",
      module: "github.com/Shopify/sarama",
      version: "v1.29.1",
    });
  });

  it("a compile error at a position stays output", () => {
    const line = "main.go:12:2: undefined: streamError";
    expect(p(line)).toEqual({ t: 7, kind: "output", line });
  });
});

describe("a paste indented as a whole, with the shell prompt of the next go command", () => {
  it("the prompt line is output, not a detail of the error above it (fixtures/logs/checksum-mismatch-go-sum-go111-prompt-times.log)", () => {
    for (const line of [
      "    20-07-06 12:27:17 seife@vbox-seife:/dev/shm/go.d.plugin> go mod vendor",
      "    user@host:~/src/app$ go mod download -x",
      "    PS C:\\src\\app> go build ./...",
      "    # go get example.com/x",
    ]) {
      expect(p(line)).toMatchObject({ kind: "output" });
    }
  });

  it("go's own indented details still are details, also when they mention a go command", () => {
    expect(p("\tgo.sum:     h1:N8t8hzzKLf2Da87XgC/DBYqXUmSbclgx+2cZxS5/klU=")).toMatchObject({ kind: "go-error-detail" });
    expect(p("        downloaded: h1:o3hpiGa1yergDO4AlUVBJGNvCEeaD+Ynu0OWYxee0iA=")).toMatchObject({ kind: "go-error-detail" });
    expect(p("\tTo upgrade to the versions selected by go 1.16: go mod tidy -go=1.16 && go mod tidy -go=1.17")).toMatchObject({ kind: "go-error-detail" });
    // A tab-indented line is go's, whatever it says.
    expect(p("\t$ go mod download")).toMatchObject({ kind: "go-error-detail" });
  });
});

describe("round 12 shapes: Nix builder lines, a net error whose head was cut, x509's name mismatch alone", () => {
  it("reads a Nix builder's `       > ` lines as the builder printed them (fixtures/logs/inconsistent-vendoring-nix-git-team.log)", () => {
    expect(p("       > main.go:6:2: cannot find module providing package github.com/godror/godror: import lookup disabled by -mod=vendor")).toMatchObject({
      kind: "go-error",
      message: "main.go:6:2: cannot find module providing package github.com/godror/godror: import lookup disabled by -mod=vendor",
    });
    expect(p("       > go: inconsistent vendoring in /private/tmp/nix-build-git-team-1.7.0.drv-0/source:")).toMatchObject({ kind: "go-error" });
    expect(p("       >        github.com/fatih/color@v1.11.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt")).toMatchObject({
      kind: "go-error-detail",
      module: "github.com/fatih/color",
    });
    expect(p("       >")).toBeUndefined();
    expect(p("       > building")).toMatchObject({ kind: "output", line: "building" });
  });

  it("reads a net error whose `go: MOD@VER: Get ` head was cut off before the quoted URL (goproxy/goproxy.cn#177)", () => {
    const line = '"https://goproxy.cn/github.com/gin-gonic/gin/@v/v1.7.6.mod": dial tcp: lookup goproxy.cn on 8.8.8.8:53: read udp 172.17.0.3:58153->8.8.8.8:53: i/o timeout';
    expect(p(line)).toEqual({ t: 7, kind: "go-error", message: line });
    // A quoted URL with anything else after it is someone's output.
    expect(p('"https://goproxy.cn/x": see the FAQ')).toMatchObject({ kind: "output" });
  });

  it("reads x509's name mismatch posted alone (it names the host), not other x509 talk", () => {
    for (const line of [
      "tls: failed to verify certificate: x509: certificate is valid for safebrowsing.hinet.net, not proxy.golang.org",
      "x509: certificate is not valid for any names, but wanted to match goproxy.cn",
    ]) {
      expect(p(line)).toEqual({ t: 7, kind: "go-error", message: line });
    }
    expect(p("x509: certificate is valid for a.test, not b.test, which is fine in this test")).toMatchObject({ kind: "output" });
  });

  it("names the module of go1.12's `go get: upgrading MOD@VER: ERR` (gomods/athens#1133)", () => {
    expect(p("go get: upgrading github.com/golang/glog@v0.0.0-20160126235308-23def4e6c14b: Get http://10.0.0.1:3000/github.com/golang/glog/@v/list: EOF")).toMatchObject({
      kind: "go-error",
      module: "github.com/golang/glog",
      version: "v0.0.0-20160126235308-23def4e6c14b",
    });
  });

  it("reads go's line inside an indented JSON member that quotes its stderr with escaped line breaks (renovatebot/renovate#6680)", () => {
    const line = String.raw`           "stderr": "Command failed: go get -d -t ./...\ngo: bitbucket.org/o/r@v1.0.0: reading https://api.bitbucket.org/2.0/repositories/o/r?fields=scm: 403 Forbidden\n\tserver response: Access denied.\n"`;
    expect(p(line)).toEqual({
      t: 7,
      kind: "go-error",
      message: "go: bitbucket.org/o/r@v1.0.0: reading https://api.bitbucket.org/2.0/repositories/o/r?fields=scm: 403 Forbidden",
      module: "bitbucket.org/o/r",
      version: "v1.0.0",
    });
    // An indented detail that merely starts with a quote stays a detail.
    expect(p('\t"go-get" meta tag missing')).toMatchObject({ kind: "go-error-detail" });
  });
});

// HTTP/2's own ways of cutting a download (a stream reset, a GOAWAY, a connection go
// closed after a write failed, a PROTOCOL_ERROR) are told as HTTP/2, with HTTP/1.1 as
// the test; a plain TCP reset is not. A proxy go's error leaves unnamed is named by the
// log's own GOPROXY line.
import { describe, expect, it } from "vitest";
import { runAnalyze } from "../../src/commands/analyze.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { classifyNetText, http2CutIn } from "../../src/rules/net-text.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, evidence, goError, req, trace } from "./evidence/base.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const P = "https://athens.corp.test";
const ZIP = `${P}/github.com/pkg/errors/@v/v0.9.1.zip`;
const commands = (f: Finding) => f.fixes.flatMap((x) => x.commands);
const run = (message: string, logSettings?: { GOPROXY: string }) =>
  diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ errors: [goError(message, [], "github.com/pkg/errors", "v0.9.1")] }), ...(logSettings ? { logSettings } : {}) }));

describe("http2CutIn and the transport class", () => {
  it("reads each HTTP/2 cut go prints, and classes it as a cut connection", () => {
    const cases: [string, ReturnType<typeof http2CutIn>][] = [
      ["stream error: stream ID 5; INTERNAL_ERROR; received from peer", { kind: "stream-reset", code: "INTERNAL_ERROR" }],
      ['http2: server sent GOAWAY and closed the connection; LastStreamID=1999, ErrCode=NO_ERROR, debug=""', { kind: "goaway", code: "NO_ERROR", lastStreamId: 1999 }],
      ["http2: Transport received GOAWAY from server ErrCode:ENHANCE_YOUR_CALM", { kind: "goaway", code: "ENHANCE_YOUR_CALM" }],
      ["http2: client connection force closed via ClientConn.Close", { kind: "connection-broken" }],
      ["http2: client connection lost", { kind: "connection-lost" }],
    ];
    for (const [text, cut] of cases) {
      expect(http2CutIn(`Get "${ZIP}": ${text}`), text).toEqual(cut);
      expect(classifyNetText(`Get "${ZIP}": ${text}`)?.failure, text).toBe("reset");
    }
  });

  it("is nothing for a TCP reset or an unrelated line", () => {
    expect(http2CutIn("read tcp 10.0.0.2:5000->10.0.0.1:443: read: connection reset by peer")).toBeUndefined();
    expect(http2CutIn("http2: enabled")).toBeUndefined();
  });
});

describe("GMD111 for an HTTP/2 cut", () => {
  it("a connection go force-closed: names HTTP/2, with the HTTP/1.1 test and the same download over both", () => {
    const f = run(`go: github.com/pkg/errors@v0.9.1: Get "${ZIP}": http2: client connection force closed via ClientConn.Close`)[0]!;
    expect(f.code).toBe("GMD111");
    expect(f.title).toBe("Connections to the module proxy athens.corp.test are cut mid-transfer: HTTP/2 connections break");
    expect(f.why).toMatch(/a write on the HTTP\/2 connection failed/);
    expect(commands(f)).toContain("GODEBUG=http2client=0 go mod download -x");
    expect(commands(f)).toContain(`curl -sS --http1.1 -o /dev/null -w '%{http_version} %{http_code} %{size_download} bytes\\n' ${ZIP}`);
  });

  it("a stream reset names its code", () => {
    const f = run(`go: github.com/pkg/errors@v0.9.1: read "${ZIP}": stream error: stream ID 1381; INTERNAL_ERROR; received from peer`)[0]!;
    expect(f.title).toBe("Connections to the module proxy athens.corp.test are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)");
  });

  it("a GOAWAY after a round thousand of requests says it is a per-connection request limit; one after 100 does not", () => {
    const at = (id: number) => run(`go: github.com/pkg/errors@v0.9.1: Get "${ZIP}": http2: server sent GOAWAY and closed the connection; LastStreamID=${id}, ErrCode=NO_ERROR, debug=""`)[0]!;
    expect(at(1999).title).toBe("Connections to the module proxy athens.corp.test are cut mid-transfer: the server closes HTTP/2 connections (GOAWAY)");
    expect(at(1999).why).toMatch(/after its 1000th request \(LastStreamID=1999/);
    expect(at(199).why).not.toMatch(/after its \d+th request/);
    expect(at(199).why).toMatch(/sent GOAWAY \(NO_ERROR\) and closed the connection with requests still on it/);
  });

  it("a TCP reset is not worded as HTTP/2 and gets no HTTP/1.1 test", () => {
    const f = run(`go: github.com/pkg/errors@v0.9.1: Get "${ZIP}": read tcp 10.0.0.2:5000->10.0.0.1:443: read: connection reset by peer`)[0]!;
    expect(f.title).toBe("Connections to the module proxy athens.corp.test are cut mid-transfer");
    expect(commands(f).join("\n")).not.toMatch(/http2client|--http1\.1/);
  });
});

describe("GMD112 for an HTTP/2 PROTOCOL_ERROR", () => {
  it("is the proxy's HTTP/2, not GOPROXY's scheme or port", () => {
    const f = run(`go: github.com/pkg/errors@v0.9.1: Get "${ZIP}": stream error: stream ID 7; PROTOCOL_ERROR`)[0]!;
    expect(f.code).toBe("GMD112");
    expect(f.title).toBe("The module proxy athens.corp.test breaks the HTTP/2 protocol (PROTOCOL_ERROR)");
    expect(f.fixes.map((x) => x.summary).join("\n")).not.toMatch(/scheme and port/);
    expect(commands(f)).toContain("GODEBUG=http2client=0 go mod download -x");
  });

  it("a PROTOCOL_ERROR outside HTTP/2 (garbage at the port) keeps the scheme-and-port check", () => {
    const f = run(`go: github.com/pkg/errors@v0.9.1: Get "${ZIP}": net/http: HTTP/1.x transport connection broken: malformed HTTP response "\\x00\\x00"`)[0]!;
    expect(f.code).toBe("GMD112");
    expect(f.fixes[0]!.summary).toMatch(/scheme and port/);
  });
});

describe("a proxy go's error does not name", () => {
  const bare = "github.com/pkg/errors@v0.9.1: stream error: stream ID 637; INTERNAL_ERROR";

  it("is named by the log's GOPROXY when it has one proxy, with the setting as evidence and its URL to test", () => {
    const f = run(bare, { GOPROXY: "https://goproxy.io,direct" })[0]!;
    expect(f.title).toBe("Connections to the module proxy goproxy.io are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)");
    expect(f.evidence).toContain("the log sets GOPROXY=https://goproxy.io,direct");
    expect(commands(f)).toContain("curl -sS --http2 -o /dev/null -w '%{http_version} %{http_code} %{size_download} bytes\\n' https://goproxy.io/");
  });

  it("stays unnamed when the log's GOPROXY lists two proxies, says which it could be, and reads as 'the module proxy' in sentences", () => {
    const f = run(bare, { GOPROXY: "https://goproxy.cn,https://goproxy.io,direct" })[0]!;
    expect(f.title).toBe("Connections to the module proxy (not named in the log: goproxy.cn or goproxy.io) are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)");
    expect(f.evidence).toContain("the log sets GOPROXY=https://goproxy.cn,https://goproxy.io,direct");
    expect(f.why).toMatch(/^The module proxy answered over HTTP\/2/);
    expect(JSON.stringify(f.fixes)).not.toMatch(/not named in the log/);
  });

  const withRequests = (urls: string[], GOPROXY: string) =>
    diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        logSettings: { GOPROXY },
        trace: trace({ requests: urls.map((url) => req(url, { status: 200 })), errors: [goError(bare, [], "github.com/pkg/errors", "v0.9.1")] }),
      }),
    )[0]!;

  it("is named when the log's requests went to only one of GOPROXY's proxies, with that as evidence", () => {
    const f = withRequests(["https://goproxy.io/golang.org/x/text/@v/v0.14.0.mod"], "https://goproxy.cn,https://goproxy.io,direct");
    expect(f.title).toBe("Connections to the module proxy goproxy.io are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)");
    expect(f.evidence).toContain("the log's requests went to goproxy.io, the only one of GOPROXY's proxies they name");
    expect(commands(f)).toContain("curl -sS --http2 -o /dev/null -w '%{http_version} %{http_code} %{size_download} bytes\\n' https://goproxy.io/");
  });

  it("a proxy with a path is matched by its whole URL, not its host alone", () => {
    const GOPROXY = "https://repo.corp.test/api/go/virtual,https://repo.corp.test/api/go/remote,direct";
    const f = withRequests(["https://repo.corp.test/api/go/remote/golang.org/x/text/@v/v0.14.0.mod"], GOPROXY);
    expect(f.title).toMatch(/^Connections to the module proxy repo\.corp\.test are cut/);
    expect(f.evidence).toContain("the log's requests went to repo.corp.test, the only one of GOPROXY's proxies they name");
  });

  it("requests to two of three proxies: it could be either of those two", () => {
    const f = withRequests(["https://a.corp.test/x/@v/list", "https://b.corp.test:8443/y/@v/list"], "https://a.corp.test,https://b.corp.test:8443,https://c.corp.test,direct");
    expect(f.title).toContain("(not named in the log: a.corp.test or b.corp.test:8443)");
  });

  it("requests to a host outside GOPROXY (a repository in direct mode) name nothing", () => {
    const f = withRequests(["https://git.corp.test/team/lib?go-get=1"], "https://a.corp.test,https://b.corp.test,https://c.corp.test");
    expect(f.title).toContain("(not named in the log: a.corp.test, b.corp.test or c.corp.test)");
  });

  it("analyze reads GOPROXY from the log's own lines (a go env dump), not from go's error texts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gmd-h2-"));
    const file = path.join(dir, "build.log");
    writeFileSync(file, ['$ go env', 'GOPRIVATE=""', 'GOPROXY="https://athens.corp.test"', "$ go mod download", bare, ""].join("\n"));
    const report = await runAnalyze({ output: { mode: "json", color: false, verbose: false, debug: false, interactive: false, githubActions: false }, file, dir, probeTimeoutMs: 1000, mirrors: false, stallTimeoutMs: 30_000, probe: false });
    expect(report.findings[0]!.title).toBe("Connections to the module proxy athens.corp.test are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)");
  });
});

describe("a proxy go's error does not name, in a run this tool watched", () => {
  const bare = "github.com/pkg/errors@v0.9.1: stream error: stream ID 637; INTERNAL_ERROR";
  const judge = (outcome: "failed" | "analyzed") =>
    diagnoseEvidence(evidence({ outcome, ctx: ctx({ GOPROXY: "https://athens.corp.test,direct" }), trace: trace({ errors: [goError(bare, [], "github.com/pkg/errors", "v0.9.1")] }) }))[0]!;

  it("is named by the run's own GOPROXY (go env)", () => {
    const f = judge("failed");
    expect(f.title).toBe("Connections to the module proxy athens.corp.test are cut mid-transfer: HTTP/2 streams reset (INTERNAL_ERROR)");
    expect(f.evidence).toContain("GOPROXY=https://athens.corp.test,direct");
  });

  it("look-alike: analyze --probe reads this machine's settings, which say nothing of the log's run", () => {
    expect(judge("analyzed").title).toContain("(not named in the log)");
  });
});

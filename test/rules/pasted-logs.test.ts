// Rules over go errors from the logs added with fixtures/logs' second batch,
// built as the trace parser hands them over, each with the look-alike it must
// be told apart from.
import { describe, expect, it } from "vitest";
import { diagnose, names } from "./evidence/real-logs.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { evidence, goError, trace } from "./evidence/base.js";

describe("DNS failures on the way to the DNS server", () => {
  it("`lookup H on R:53: read udp A->R:53: read: no route to host` is the proxy's name not resolving (ot4i/ace-docker#142)", () => {
    const fs = diagnose([
      goError(
        'go: github.com/gorilla/websocket@v1.4.2: Get "https://proxy.golang.org/github.com/gorilla/websocket/@v/v1.4.2.mod": dial tcp: lookup proxy.golang.org on 192.168.0.1:53: read udp 172.17.0.2:36832->192.168.0.1:53: read: no route to host',
        [],
        "github.com/gorilla/websocket",
        "v1.4.2",
      ),
    ]);
    expect(names(fs)[0]).toBe("proxy-dns");
  });

  it("a route failure to the proxy itself (no lookup) is not DNS", () => {
    const fs = diagnose([goError('go: example.com/a@v1.0.0: Get "https://proxy.golang.org/example.com/a/@v/v1.0.0.mod": dial tcp 142.250.1.1:443: connect: no route to host', [], "example.com/a", "v1.0.0")]);
    expect(names(fs)).not.toContain("proxy-dns");
  });
});

describe("Windows' connect timeout (WSAETIMEDOUT)", () => {
  it("`connectex: ... did not properly respond after a period of time` is a blackholed proxy (goproxy/goproxy.cn#129)", () => {
    const fs = diagnose([
      goError(
        'go get: module github.com/gin-gonic/gin: Get "https://goproxy.cn/github.com/gin-gonic/gin/@v/list": dial tcp 163.181.42.206:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
        [],
        "github.com/gin-gonic/gin",
      ),
    ]);
    expect(names(fs)[0]).toBe("proxy-blackholed");
  });
});

describe("403 Forbidden from a module proxy", () => {
  const forbidden = (host: string) =>
    goError(`go mod download: example.com/a@v1.0.0: reading https://${host}/example.com/a/@v/v1.0.0.zip: 403 Forbidden`, [], "example.com/a", "v1.0.0");

  it("from a public proxy (no credentials exist for it) is a refusal by policy, not auth (golang/go#55907)", () => {
    const fs = diagnose([forbidden("proxy.golang.org")]);
    expect(fs[0]).toMatchObject({ name: "proxy-server-error", title: "The module proxy proxy.golang.org refuses the requests (403 Forbidden)" });
    expect(names(fs)).not.toContain("auth-failed");
  });

  it("from a private proxy it still is refused credentials", () => {
    const fs = diagnose([forbidden("athens.corp.example.com")]);
    expect(names(fs)[0]).toBe("auth-failed");
    expect(names(fs)).not.toContain("proxy-server-error");
  });
});

describe("the checksum database quoting its own failed fetch", () => {
  const lookup = "https://sum.golang.org/lookup/dev.azure.com/myorg/!myproject/r.git@v0.0.0-20201211023249-f2b661c7768f";
  const msg = `go get dev.azure.com/myorg/myproject/r.git@1073: dev.azure.com/myorg/myproject/r.git@v0.0.0-20201211023249-f2b661c7768f: verifying module: dev.azure.com/myorg/myproject/r.git@v0.0.0-20201211023249-f2b661c7768f: reading ${lookup}: 410 Gone`;
  const mod = ["dev.azure.com/myorg/myproject/r.git", "v0.0.0-20201211023249-f2b661c7768f"] as const;

  it("`fatal: unable to connect to HOST:` in the response: the database cannot reach a private host (azure-devops-docs#9814)", () => {
    const fs = diagnose([
      goError(msg, ["server response:", "not found: ...: invalid version: git fetch -f origin ... exit status 128:", "fatal: unable to connect to dev.azure.com:", "dev.azure.com[0: 13.107.42.20]: errno=Connection refused"], ...mod),
    ]);
    expect(names(fs)[0]).toBe("sumdb-private-lookup");
    expect(names(fs)).not.toContain("module-not-found");
    expect(names(fs)).not.toContain("proxy-refused");
  });

  it("`unknown revision` in the response stays a missing version", () => {
    const fs = diagnose([goError(msg, ["server response: not found: dev.azure.com/myorg/myproject/r.git@v0.0.0-20201211023249-f2b661c7768f: invalid version: unknown revision f2b661c7768f"], ...mod)]);
    expect(names(fs)).not.toContain("sumdb-private-lookup");
  });
});

describe("a package no module provides", () => {
  it("`PKG: no matching versions for query \"latest\"` at the end of an import chain (jarcoal/httpmock#103)", () => {
    const fs = diagnose([goError("github.com/akfaew/xxx imports", ["github.com/bold-commerce/go-shopify tested by", 'gopkg.in/jarcoal/httpmock.v1: no matching versions for query "latest"'], "gopkg.in/jarcoal/httpmock.v1")]);
    expect(fs[0]).toMatchObject({ name: "module-not-found", modules: ["gopkg.in/jarcoal/httpmock.v1"] });
  });
});

describe("fixtures/logs/sumdb-tile-404-broken-url.log, its broken line joined (src/trace/broken-url.ts)", () => {
  it("a proxy's copy of the checksum database lacking a tile (natefinch/lumberjack#179)", () => {
    const fs = diagnose([
      goError(
        "go: gopkg.in/natefinch/lumberjack.v2@v2.2.1: verifying module: gopkg.in/natefinch/lumberjack.v2@v2.2.1: checking tree#15383238 against tree#15473501: reading https://goproxy.io/sumdb/sum.golang.org/tile/8/1/234: 404 Not Found",
        ["server response: not found"],
        "gopkg.in/natefinch/lumberjack.v2",
        "v2.2.1",
      ),
    ]);
    expect(names(fs)[0]).toBe("sumdb-unreachable");
  });
});

describe("a missing version's evidence", () => {
  it("quotes go's error and the proxy's server response once each, not again joined into one line", () => {
    const fs = diagnose([
      goError(
        "go: github.com/foo/bar@v1.2.3: reading https://proxy.golang.org/github.com/foo/bar/@v/v1.2.3.mod: 404 Not Found",
        ["server response: not found: github.com/foo/bar@v1.2.3: invalid version: unknown revision v1.2.3"],
        "github.com/foo/bar",
        "v1.2.3",
      ),
    ]);
    const f = fs.find((x) => x.name === "module-not-found");
    expect(f?.evidence.some((l) => l.includes("404 Not Found"))).toBe(true);
    expect(f?.evidence.some((l) => l.includes("unknown revision v1.2.3"))).toBe(true);
    expect(f?.evidence.filter((l) => l.includes("404 Not Found") || l.includes("unknown revision"))).toHaveLength(2);
  });
});

describe("a log that ends mid-download with no error", () => {
  const downloading = (...paths: string[]) =>
    diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        trace: trace({ modules: paths.map((path) => ({ path, version: "v1.0.0", state: "downloading" as const, bytes: 0 })) }),
      }),
    );

  it("is not 'no problems': a warning names what was still downloading and how to see the hang", () => {
    const f = downloading("example.com/a", "example.com/b").find((x) => x.code === "GMD901");
    expect(f?.severity).toBe("warning");
    expect(f?.title).toBe("The log ends while the go command was still downloading 2 modules, with no error");
    expect(f?.fixes.flatMap((x) => x.commands)).toContain("go mod download -x");
  });

  it("look-alike: a log whose modules all finished gets no such warning", () => {
    const fs = diagnoseEvidence(evidence({ outcome: "analyzed", trace: trace({ modules: [{ path: "example.com/a", version: "v1.0.0", state: "done", bytes: 10 }] }) }));
    expect(fs.find((x) => x.code === "GMD901")).toBeUndefined();
  });
});

// Rules for the eighth batch of real logs (fixtures/logs): a company proxy's
// bare 404 for a public module it does not fetch upstream, the checksum
// database's `unknown revision` for a version go had just fetched, an older
// go meeting go.mod's `toolchain` line (under a path with a space), a
// checksum mismatch against the database (not go.sum), go get asked for a
// module by the wrong letter case, and the paste shapes that hid them
// (goreleaser's `│ ` gutter; a line wrapped after `x509: ` is in
// test/trace/broken-url.test.ts).
import { describe, expect, it } from "vitest";
import { analyze, diagnose, names, commands } from "./evidence/real-logs.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, goError, req, trace } from "./evidence/base.js";

describe("batch 8 logs: the top finding and what it says", () => {
  const cases: [file: string, name: string, check: (top: Finding) => void][] = [
    ["artifactory-404-info-go112-gocenter.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The private module proxy artifactory answers 404 for github.com/go-openapi/analysis@v0.19.0, a module on github.com: it does not fetch it from upstream");
      expect(commands(f)).toContain("go env -w GOPROXY=https://artifactory/artifactory/api/go/go-proxy-official,https://proxy.golang.org,direct");
    }],
    ["artipie-404-list-hosted-only.log", "proxy-server-error", (f) => {
      expect(f.title).toContain("private module proxy myartipie.mydomain answers 404 for golang.org/x/time");
      expect(commands(f)).toContain("curl -sS https://proxy.golang.org/golang.org/x/time/@v/list");
    }],
    ["athens-500-list-go112-localhost.log", "proxy-server-error", (f) => {
      expect(f.why).toContain("not a public mirror but a proxy run by you or your company");
      expect(commands(f)).toContain("curl -sS -i http://127.0.0.1:3000/golang.org/x/crypto/@v/list");
    }],
    ["athens-500-requires-chain-s3.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy athens-proxy.default.svc.cluster.local answers 500");
      expect(f.fixes.map((x) => x.summary).join("\n")).toMatch(/its server log for this request/);
    }],
    ["checksum-mismatch-latest-retag-wallet.log", "checksum-mismatch", (f) => {
      expect(f.why).toContain("do not hash to what sum.golang.org recorded");
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org go mod download -x github.com/Planxnx/ethereum-wallet-generator@v0.11.1");
    }],
    ["checksum-mismatch-vanity-positioned-golib.log", "checksum-mismatch", (f) => {
      expect(f.title).toBe("Checksum mismatch for dev.gaijin.team/go/golib@v0.6.0 (SECURITY ERROR)");
      expect(commands(f)).not.toContain("git log -p -- go.sum");
    }],
    ["gomod-unknown-directive-toolchain-space-path.log", "toolchain-unavailable", (f) => {
      expect(f.title).toBe("go.mod's `toolchain` line needs go 1.21 or newer: this go is older and cannot read go.mod");
      expect(f.evidence.join("\n")).toContain("Local Disk");
    }],
    ["module-path-case-upgrade-tongsuo.log", "module-path-mismatch", (f) => {
      expect(f.fixes[0]!.commands).toEqual(["go get github.com/tongsuo-project/tongsuo-go-sdk"]);
    }],
    ["proxy-429-goproxy-cn-gitlab-buildkit-requires.log", "proxy-rate-limited", (f) => {
      expect(f.title).toBe("The module proxy goproxy.cn rate-limits the requests (429 Too Many Requests)");
      expect(f.modules).toEqual(["google.golang.org/grpc"]);
    }],
    ["sumdb-404-unknown-revision-goreleaser-boxed.log", "sumdb-origin-failed", (f) => {
      expect(f.title).toContain("has not seen github.com/goreleaser/goreleaser/v2@v2.14.3 yet");
      expect(commands(f)).toContain("curl -sS https://proxy.golang.org/github.com/goreleaser/goreleaser/v2/@v/v2.14.3.info");
    }],
    ["sumdb-connectex-timeout-nexus-go113.log", "sumdb-unreachable", (f) => {
      expect(f.title).toBe("The checksum database sum.golang.org cannot be reached");
      expect(f.modules ?? []).not.toContain("goproxy.cn");
    }],
    ["tls-untrusted-vpn-buildkit-wrapped.log", "tls-untrusted", (f) => {
      expect(f.evidence.join("\n")).toContain("x509: certificate signed by unknown authority");
    }],
  ];

  it.each(cases)("%s: %s", async (file, name, check) => {
    const fs = await analyze(file);
    expect(fs[0]?.name, names(fs).join(", ")).toBe(name);
    check(fs[0]!);
    expect(names(fs)).not.toContain("module-not-found");
  });
});

describe("a company proxy's bare 404 for a module on a public host (jfrog/gocenter#10, artipie/artipie#1474)", () => {
  const P = "https://nexus.corp.example/repository/go";
  const notFound = (module: string, response: string[]) =>
    goError(`go: module ${module}: reading ${P}/${module}/@v/list: 404 Not Found`, response, module);

  it("is the proxy's gap, with the proxy's URL kept first in the GOPROXY it suggests", () => {
    const fs = diagnose([notFound("github.com/spf13/cobra", [])]);
    expect(fs[0]).toMatchObject({ name: "proxy-server-error", modules: ["github.com/spf13/cobra"] });
    expect(commands(fs[0]!)).toContain(`GOPROXY=${P},https://proxy.golang.org,direct`);
  });

  it("look-alike: the proxy says why (an unknown revision): the version is missing, not the proxy's fault", () => {
    const fs = diagnose([notFound("github.com/spf13/cobra", ["\tserver response: not found: github.com/spf13/cobra@v9.9.9: invalid version: unknown revision v9.9.9"])]);
    expect(fs[0]?.name).toBe("module-not-found");
  });

  it("look-alike: a module on a private host is not read as a public one the proxy lacks", () => {
    const fs = diagnose([notFound("git.corp.example/team/lib", [])]);
    expect(names(fs)).not.toContain("proxy-server-error");
  });

  it("look-alike: a public mirror's 404 is not a company proxy's gap", () => {
    const fs = diagnose([goError("go: module github.com/spf13/cobrra: reading https://proxy.golang.org/github.com/spf13/cobrra/@v/list: 404 Not Found", [], "github.com/spf13/cobrra")]);
    expect(names(fs)).not.toContain("proxy-server-error");
  });

  it("look-alike: with an entry after the proxy, go fell through on the 404: not this finding", () => {
    const fs = diagnose([notFound("github.com/spf13/cobra", [])], { ctx: ctx({ GOPROXY: `${P},https://proxy.golang.org,direct` }) });
    expect(names(fs)).not.toContain("proxy-server-error");
  });

  it("look-alike: the same proxy served the module's version list in the run: a missing version", () => {
    const zip = `${P}/github.com/spf13/cobra/@v/v9.9.9.info`;
    const fs = diagnose([goError(`go: github.com/spf13/cobra@v9.9.9: reading ${zip}: 404 Not Found`, [], "github.com/spf13/cobra", "v9.9.9")], {
      trace: trace({
        errors: [goError(`go: github.com/spf13/cobra@v9.9.9: reading ${zip}: 404 Not Found`, [], "github.com/spf13/cobra", "v9.9.9")],
        requests: [req(`${P}/github.com/spf13/cobra/@v/list`, { status: 200 }), req(zip, { status: 404 })],
      }),
    });
    expect(names(fs)).not.toContain("proxy-server-error");
  });
});

describe("the checksum database's `unknown revision` for a version go had fetched (goreleaser/goreleaser#6437)", () => {
  const lookup = (response: string) =>
    goError(
      "go: github.com/acme/tool@v1.4.0: verifying module: github.com/acme/tool@v1.4.0: reading https://sum.golang.org/lookup/github.com/acme/tool@v1.4.0: 404 Not Found",
      [`\tserver response: ${response}`],
      "github.com/acme/tool",
      "v1.4.0",
    );

  it("is a version the database has not seen yet, not a typo in go.mod", () => {
    const fs = diagnose([lookup("not found: github.com/acme/tool@v1.4.0: invalid version: unknown revision v1.4.0")]);
    expect(fs[0]).toMatchObject({ name: "sumdb-origin-failed", modules: ["github.com/acme/tool"] });
    expect(fs[0]!.why).toContain("only after it has fetched the file it checks");
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("look-alike: the database quoting a credential prompt is a private module, not a late tag", () => {
    const fs = diagnose([lookup("not found: github.com/acme/tool@v1.4.0: invalid version: git ls-remote -q origin: exit status 128:\n\tfatal: could not read Username for 'https://github.com': terminal prompts disabled")]);
    expect(fs[0]?.title ?? "").not.toContain("has not seen");
  });

  it("look-alike: a proxy's own unknown revision (no lookup) stays module-not-found", () => {
    const fs = diagnose([
      goError(
        "go: github.com/acme/tool@v1.4.0: reading https://proxy.golang.org/github.com/acme/tool/@v/v1.4.0.info: 404 Not Found",
        ["\tserver response: not found: github.com/acme/tool@v1.4.0: invalid version: unknown revision v1.4.0"],
        "github.com/acme/tool",
        "v1.4.0",
      ),
    ]);
    expect(fs[0]?.name).toBe("module-not-found");
  });
});

describe("an older go meeting a newer directive in go.mod", () => {
  const parsing = (line: string) => goError("go: errors parsing go.mod:", [line]);

  it.each([
    ["toolchain", "1.21"],
    ["godebug", "1.23"],
    ["tool", "1.24"],
  ])("`%s` names the go that brought it (%s)", (directive, since) => {
    const fs = diagnose([parsing(`/src/app/go.mod:5: unknown directive: ${directive}`)]);
    expect(fs[0]?.name).toBe("toolchain-unavailable");
    expect(fs[0]!.title).toBe(`go.mod's \`${directive}\` line needs go ${since} or newer: this go is older and cannot read go.mod`);
  });

  it("the position line under `errors parsing go.mod` is its detail even when the directory has spaces (Windows too)", () => {
    for (const line of ["/media/user/Local Disk/p/go.mod:5: unknown directive: toolchain", "C:\\Users\\A B\\p\\go.mod:5: unknown directive: toolchain"]) {
      const event = parseTraceLine(line, 0);
      expect(event?.kind, line).toBe("go-error-detail");
    }
    // An ordinary sentence that mentions go.mod is not one.
    expect(parseTraceLine("see the notes in go.mod: they explain it", 0)?.kind).toBe("output");
  });
});

describe("a checksum mismatch against the database, not go.sum", () => {
  const mismatch = (record: string) =>
    goError("go: example.org/lib@v1.0.0: verifying module: checksum mismatch", ["\tdownloaded: h1:AAA=", `\t${record}: h1:BBB=`, "SECURITY ERROR"], "example.org/lib", "v1.0.0");

  it("points at where the copy came from and refetches it from the mirror, not at go.sum's history", () => {
    const f = diagnose([mismatch("sum.golang.org")])[0]!;
    expect(f.why).toContain("go.sum is not involved");
    expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org go mod download -x example.org/lib@v1.0.0");
    expect(commands(f)).not.toContain("git log -p -- go.sum");
  });

  it("look-alike: a mismatch against go.sum keeps the go.sum history fix", () => {
    const f = diagnose([mismatch("go.sum:    ")])[0]!;
    expect(commands(f)).toContain("git log -p -- go.sum");
  });
});

describe("paste shapes", () => {
  it("goreleaser's `│ ` gutter is taken off go's lines", () => {
    const e = parseTraceLine("    │ go: example.org/m@v1.0.0: reading https://proxy.golang.org/example.org/m/@v/v1.0.0.mod: 404 Not Found", 0);
    expect(e).toMatchObject({ kind: "go-error", module: "example.org/m", version: "v1.0.0" });
    expect(parseTraceLine("    │ \tserver response: not found", 0)?.kind).toBe("go-error-detail");
  });
});

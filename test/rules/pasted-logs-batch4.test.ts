// Rules for the fourth batch of posted logs (fixtures/logs): an ssh host name
// that swallowed the owner (a broken insteadOf rewrite, not a dead network),
// a checksum lookup that a GOPROXY relays and answers 404 without a reason,
// versions that do not exist as written (invalid pseudo-versions, a local
// replace's placeholder), an ambiguous import, and GOPATH-mode go get.
import { describe, expect, it } from "vitest";
import { diagnose, codes } from "./evidence/real-logs.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { classifyNetText } from "../../src/rules/net-text.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Event } from "../../src/trace/events.js";
import { ctx, endpoint, evidence, goError, req, sumdbProbe, trace, vcsFacts, vcsProbe } from "./evidence/base.js";

const parse = (line: string): Event => parseTraceLine(line, 0)!;

describe("ssh looking up `host:owner`", () => {
  const lsRemote = (ssh: string) =>
    goError(
      "go get: module github.com/360EntSecGroup-Skylar/excelize/v2: git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/f283: exit status 128:",
      [ssh, "fatal: Could not read from remote repository.", "Please make sure you have the correct access rights", "and the repository exists."],
      "github.com/360EntSecGroup-Skylar/excelize/v2",
    );

  it("reads the whole name ssh looked up, up to its `: ` (git's and ssh's wordings)", () => {
    expect(classifyNetText("ssh: Could not resolve hostname github.com:360EntSecGroup-Skylar: Name or service not known")?.host).toBe("github.com:360EntSecGroup-Skylar");
    expect(classifyNetText("ssh: Could not resolve hostname github.com: Name or service not known")?.host).toBe("github.com");
    expect(classifyNetText("fatal: unable to access 'https://git.corp.test/x/': Could not resolve host: git.corp.test")?.host).toBe("git.corp.test");
  });

  it("is a malformed repository address with the insteadOf fix, not an offline machine", () => {
    const fs = diagnose([lsRemote("ssh: Could not resolve hostname github.com:360EntSecGroup-Skylar: Name or service not known")]);
    expect(codes(fs)).not.toContain("GMD109");
    expect(fs[0]!).toMatchObject({ code: "GMD309", title: 'git was given a malformed repository address: "github.com:360EntSecGroup-Skylar" is not a host name' });
    expect(fs[0]!.evidence).toContain("ssh: Could not resolve hostname github.com:360EntSecGroup-Skylar: Name or service not known");
    expect(fs[0]!.fixes.flatMap((f) => f.commands)).toEqual([
      "git config --show-origin --get-regexp '^url\\.'",
      'git config --global url."ssh://git@github.com/".insteadOf "https://github.com/"',
    ]);
  });

  it("a host that really does not resolve keeps its reading", () => {
    const fs = diagnose([lsRemote("ssh: Could not resolve hostname git.corp.test: Name or service not known")]);
    expect(fs[0]!.title).toBe("The repository host git.corp.test cannot be reached: its name does not resolve");
  });
});

describe("a checksum lookup a GOPROXY relays", () => {
  const RELAY = "https://artifactory.corp.test/artifactory/api/go/go/sumdb/sum.golang.org/lookup/github.com/mikefarah/yq@v2.4.1+incompatible";
  const verifying = (status: string, details: string[] = []) =>
    goError(`verifying github.com/mikefarah/yq@v2.4.1+incompatible: github.com/mikefarah/yq@v2.4.1+incompatible: reading ${RELAY}: ${status}`, details, "github.com/mikefarah/yq", "v2.4.1+incompatible");

  it("a bare 404 from the relay suspects the relay, and asks sum.golang.org directly to tell", () => {
    const fs = diagnose([verifying("404 Not Found")]);
    expect(codes(fs)).not.toContain("GMD205");
    expect(fs[0]!.code).toBe("GMD202");
    expect(fs[0]!.title).toBe("The checksum database sum.golang.org fails through the proxy artifactory.corp.test (404)");
    expect(fs[0]!.why).toMatch(/Artifactory, Nexus/);
    expect(fs[0]!.fixes[0]!.commands).toEqual(["curl -sS -m 10 https://sum.golang.org/lookup/github.com/mikefarah/yq@v2.4.1+incompatible"]);
    expect(fs[0]!.fixes[1]!.commands[0]).toBe("go env -w GOSUMDB='sum.golang.org https://sum.golang.org'");
  });

  it("a 404 with the database's own reason stays the database's answer", () => {
    const fs = diagnose([verifying("404 Not Found", ["server response: not found: github.com/mikefarah/yq@v2.4.1+incompatible: invalid version: unknown revision v2.4.1"])]);
    expect(fs[0]!.code).not.toBe("GMD202");
  });

  it("a bare 404 straight from sum.golang.org is still the database failing to fetch the origin", () => {
    const direct = goError(
      "verifying github.com/mikefarah/yq@v2.4.1+incompatible: github.com/mikefarah/yq@v2.4.1+incompatible: reading https://sum.golang.org/lookup/github.com/mikefarah/yq@v2.4.1+incompatible: 404 Not Found",
      [],
      "github.com/mikefarah/yq",
      "v2.4.1+incompatible",
    );
    expect(diagnose([direct])[0]!.code).toBe("GMD205");
  });
});

describe("versions that do not exist as written (module-not-found, told why)", () => {
  it("an invalid pseudo-version at the end of a `requires` chain: the failing link is quoted, and go is asked for the commit's valid one", () => {
    const chain = goError(
      "go: github.com/ory/x@v0.0.42 requires",
      ["cloud.google.com/go@v0.36.0 requires", "github.com/golang/lint@v0.0.0-20190227174305-8f45f776aaf1: invalid pseudo-version: does not match version-control timestamp (2018-12-17T17:45:47Z)"],
      "github.com/golang/lint",
      "v0.0.0-20190227174305-8f45f776aaf1",
    );
    const [top] = diagnose([chain]);
    expect(top).toMatchObject({ name: "module-not-found", title: "github.com/golang/lint@v0.0.0-20190227174305-8f45f776aaf1 is an invalid pseudo-version" });
    expect(top!.evidence[0]).toBe(
      "go: github.com/ory/x@v0.0.42 requires ... github.com/golang/lint@v0.0.0-20190227174305-8f45f776aaf1: invalid pseudo-version: does not match version-control timestamp (2018-12-17T17:45:47Z)",
    );
    expect(top!.fixes[0]!.commands).toEqual([
      "go list -m github.com/golang/lint@8f45f776aaf1",
      "go mod edit -replace=github.com/golang/lint@v0.0.0-20190227174305-8f45f776aaf1=github.com/golang/lint@<VERSION>",
    ]);
  });

  it("the `vX.Y.Z-0.TIMESTAMP-HASH+incompatible` form gives its commit too", () => {
    const v = "v3.9.1-0.20190424152011-77b8897ec79a+incompatible";
    const [top] = diagnose([goError(`go: github.com/openshift/api@${v}: invalid pseudo-version: preceding tag (v3.9.0) not found`, [], "github.com/openshift/api", v)]);
    expect(top!.fixes[0]!.commands[0]).toBe("go list -m github.com/openshift/api@77b8897ec79a");
  });

  it("the zero pseudo-version is a dependency's local replace placeholder, not a version to look for", () => {
    const zero = "v0.0.0-00010101000000-000000000000";
    const [top] = diagnose([
      goError("go get: github.com/progrium/macdriver@v0.0.0-20201230011950-dd6e8142b236 requires", [`github.com/manifold/qtalk@${zero}: invalid version: unknown revision 000000000000`], "github.com/manifold/qtalk", zero),
    ]);
    expect(top!.title).toBe(`github.com/manifold/qtalk@${zero} is a local replace's placeholder, not a version`);
    expect(top!.why).toMatch(/a dependency's replace directives do not apply/);
    expect(top!.fixes[0]!.commands).toContain("go mod edit -replace=github.com/manifold/qtalk=github.com/manifold/qtalk@<VERSION>");
  });

  it("go's own `go mod tidy -compat=` advice under a tidy failure is offered as it printed it", () => {
    const [top] = diagnose([
      goError(
        "go mod tidy: error loading go 1.16 module graph: github.com/teamgram/marmota@v0.1.14 requires",
        ["github.com/ionos-cloud/sdk-go/v6@v6.0.5851: reading github.com/ionos-cloud/sdk-go/go.mod at revision v6.0.5851: unknown revision v6.0.5851", "go mod tidy -compat=1.17"],
        "github.com/ionos-cloud/sdk-go/v6",
        "v6.0.5851",
      ),
    ]);
    expect(top!.name).toBe("module-not-found");
    expect(top!.fixes.map((f) => f.commands).at(-1)).toEqual(["go mod tidy -compat=1.17"]);
  });
});

describe("an ambiguous import (two modules provide one package)", () => {
  it("quotes the chain's failing link, and says to see what requires each module and upgrade the one split from", () => {
    const [top] = diagnose([
      goError("github.com/unionj-cloud/go-doudou/timeutils imports", [
        "github.com/antlr/antlr4/runtime/Go/antlr: ambiguous import: found package github.com/antlr/antlr4/runtime/Go/antlr in multiple modules:",
        "github.com/antlr/antlr4 v0.0.0-20200124162019-2d7f727a00b7 (/root/go/pkg/mod/github.com/antlr/antlr4@v0.0.0-20200124162019-2d7f727a00b7/runtime/Go/antlr)",
        "github.com/antlr/antlr4/runtime/Go/antlr v0.0.0-20210930093333-01de314d7883 (/root/go/pkg/mod/github.com/antlr/antlr4/runtime/!go/antlr@v0.0.0-20210930093333-01de314d7883)",
      ]),
    ]);
    expect(top!.title).toMatch(/^The go command failed: github\.com\/antlr\/antlr4\/runtime\/Go\/antlr: ambiguous import/);
    expect(top!.fixes[0]!.commands).toEqual([
      "go mod why -m github.com/antlr/antlr4",
      "go mod why -m github.com/antlr/antlr4/runtime/Go/antlr",
      "go get github.com/antlr/antlr4@latest",
    ]);
    // A recognised cause: its why says what happened, not that no rule knows it.
    expect(top!.why).toMatch(/^Two required modules both contain the imported package/);
    expect(top!.confidence).toBeGreaterThanOrEqual(0.8);
  });
});

describe("GOPATH-mode go get (`package P: unrecognized import path`)", () => {
  it("is read as an error naming P, with a console-wrapped tail as its detail, and the fix turns modules on", () => {
    const lines = [
      'package golang.org/x/tools/gopls: unrecognized import path "golang.org/x/tools/gopls"',
      "(https fetch: Get https://golang.org/x/tools/gopls?go-get=1: dial tcp 172.217.24.81:443: connectex:",
      "A connection attempt failed because the connected party did not properly respond after a period of time.)",
    ].map((l) => parseTraceLine(l, 0)!);
    expect(lines.map((e) => e.kind)).toEqual(["go-error", "go-error-detail", "go-error-detail"]);
    expect(lines[0]).toMatchObject({ module: "golang.org/x/tools/gopls" });
    const [top] = diagnose([goError(lines[0]!.kind === "go-error" ? lines[0]!.message : "", [], "golang.org/x/tools/gopls")]);
    expect(top!.name).toBe("go-import-failed");
    expect(top!.fixes[0]!.commands).toContain("GO111MODULE=on go get golang.org/x/tools/gopls");
  });
});

describe("a checksum lookup whose name the machine's own resolver refuses (a container without DNS)", () => {
  const lookup = (resolverError: string) =>
    goError(
      `github.com/gin-gonic/gin@v1.6.3/go.mod: verifying module: github.com/gin-gonic/gin@v1.6.3/go.mod: Get "https://sum.golang.org/lookup/github.com/gin-gonic/gin@v1.6.3": dial tcp: lookup sum.golang.org on ${resolverError}`,
      [],
      "github.com/gin-gonic/gin",
      "v1.6.3",
    );

  it("says no name resolves here and gives go a DNS server first, before the firewall", () => {
    const [top] = diagnose([lookup("[::1]:53: read udp [::1]:46780->[::1]:53: read: connection refused")]);
    expect(top!).toMatchObject({ code: "GMD202", title: "The checksum database sum.golang.org cannot be reached" });
    expect(top!.why).toContain("its name cannot be looked up, because [::1]:53 (a resolver on this machine");
    expect(top!.fixes[0]!.summary).toMatch(/^Give go a DNS server \(it asks \[::1\]:53/);
    expect(top!.fixes[1]!.summary).toMatch(/^Allow sum\.golang\.org through the firewall/);
  });

  it("a remote resolver's failure is not that: no DNS-server fix", () => {
    const [top] = diagnose([lookup("10.0.0.2:53: read udp 10.0.0.5:46780->10.0.0.2:53: i/o timeout")]);
    expect(top!.code).toBe("GMD202");
    expect(top!.fixes.map((f) => f.summary).join("\n")).not.toContain("Give go a DNS server");
  });
});

describe("a checksum mismatch for a module exempt from the checksum database (GONOSUMDB)", () => {
  const mismatch = goError("verifying example.com/a@v1.0.0: checksum mismatch", ["downloaded: h1:AAAA=", "go.sum:     h1:BBBB=", "SECURITY ERROR"], "example.com/a", "v1.0.0");
  const e = evidence({
    outcome: "failed",
    ctx: ctx({ GONOSUMDB: "example.com/a" }, {}, ["example.com/a@v1.0.0"]),
    trace: trace({ errors: [mismatch] }),
    probes: [sumdbProbe({ name: "sum.golang.org", privateLookups: [], endpoint: endpoint("https://sum.golang.org", { dns: { ok: false, ms: 1, host: "sum.golang.org", addresses: [], code: "ENOTFOUND" }, failedStep: "dns" }) })],
  });

  it("go never asks the database for it: an unreachable database is no finding, and the fix never sends the path there", () => {
    const fs = diagnoseEvidence(e);
    expect(fs[0]!.code).toBe("GMD203");
    expect(fs.map((f) => f.code)).not.toContain("GMD202");
    const commands = fs.flatMap((f) => f.fixes.flatMap((x) => x.commands)).join("\n");
    expect(commands).not.toMatch(/sum\.golang\.org/);
    expect(fs[0]!.fixes[0]!.summary).toMatch(/exempt from the checksum database: go\.sum is its only record/);
  });
});

describe("batch 5's shapes", () => {
  it("a wrapper's space-indented `go:` line is go's own line (pre-commit), a tab-indented one stays a detail", () => {
    expect(parse("    go: download go1.23 for linux/amd64: toolchain not available").kind).toBe("go-error");
    expect(parse("\tgo: download go1.23 for linux/amd64: toolchain not available").kind).toBe("go-error-detail");
  });

  it("a positioned module error indented by a CI paste, and -mod=vendor's refusal, are errors (not compile output)", () => {
    expect(parse("  admin.go:13:2: fiatjaf.com/nostr@v0.0.0-20250829192328-aa321f6e7f10: replacement directory ../nostrlib does not exist")).toMatchObject({
      kind: "go-error",
      module: "fiatjaf.com/nostr",
      message: "admin.go:13:2: fiatjaf.com/nostr@v0.0.0-20250829192328-aa321f6e7f10: replacement directory ../nostrlib does not exist",
    });
    expect(parse("main.go:4:2: cannot find module providing package github.com/gogf/gf/v2/frame/g: import lookup disabled by -mod=vendor").kind).toBe("go-error");
    expect(parse("main.go:4:2: undefined: x").kind).toBe("output");
  });

  it("a retracted version go stopped on (go list -m) is the finding, as a blocker", () => {
    const [top] = diagnose([goError("go list -m: golang.zx2c4.com/wireguard@v0.0.20200121: retracted by module author", [], "golang.zx2c4.com/wireguard", "v0.0.20200121")]);
    expect(top).toMatchObject({ name: "retracted-version", severity: "blocker" });
    expect(top!.fixes[0]!.commands).toEqual(["go get golang.zx2c4.com/wireguard@latest"]);
  });
});

describe("git over ssh refused (port 22), with no URL in go's error", () => {
  it("names the host from ssh's own line, and checks ssh and the insteadOf rule", () => {
    const [top] = diagnose([
      goError(
        "go: git.corp.test/owner/r@v1.0.0: reading git.corp.test/owner/r/go.mod at revision v1.0.0: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/6053: exit status 128:",
        ["ssh: connect to host git.corp.test port 22: Connection refused", "fatal: Could not read from remote repository."],
        "git.corp.test/owner/r",
        "v1.0.0",
      ),
    ]);
    expect(top).toMatchObject({ code: "GMD309", title: "The repository host git.corp.test cannot be reached: ssh connections to port 22 are refused" });
    expect(top!.fixes.flatMap((f) => f.commands)).toContain("ssh -T -o ConnectTimeout=10 git@git.corp.test");
  });
});

describe("a module path that names its repository (`.git`): `no secure protocol found for repository`", () => {
  const MOD = "git.corp.test/owner/r.git";
  const err = goError(`go: ${MOD}@v1.0.0: no secure protocol found for repository`, [], MOD, "v1.0.0");
  const judge = (insteadOf: { from: string; to: string }[]) =>
    diagnoseEvidence(
      evidence({
        outcome: "failed",
        ctx: ctx({ GOPROXY: "direct" }, {}, [`${MOD}@v1.0.0`]),
        trace: trace({ errors: [err] }),
        probes: [vcsProbe(vcsFacts("git.corp.test", { modules: [MOD], insteadOf, goImport: { ok: false, ms: 5, url: `https://${MOD}?go-get=1`, status: 404 } }), "fail")],
      }),
    );

  it("a malformed ssh:// rewrite in the git config is named, with the fixed rule; no go-import finding (go asks for none)", () => {
    const fs = judge([{ from: "https://git.corp.test/owner/", to: "ssh://git@git.corp.test:owner/" }]);
    expect(fs[0]!.title).toBe(`git was given a malformed repository address for ${MOD}: the insteadOf rule rewrites to ssh://git@git.corp.test:owner/`);
    expect(fs.map((f) => f.code)).not.toContain("GMD306");
    expect(fs[0]!.fixes[1]!.commands).toContain('git config --global url."ssh://git@git.corp.test/".insteadOf "https://git.corp.test/"');
  });

  it("look-alike: a well-formed rewrite (ssh://git@host/owner/) is not called malformed; git's own error is asked for", () => {
    const fs = judge([{ from: "https://git.corp.test/owner/", to: "ssh://git@git.corp.test/owner/" }]);
    expect(fs[0]!.title).toBe(`git could not reach ${MOD} over https or ssh (the go command hides git's own error)`);
    expect(judge([{ from: "https://h/", to: "ssh://git@git.corp.test:2222/owner/" }])[0]!.title).not.toMatch(/malformed/);
  });
});

describe("git's https connection refused (newer curl's wording) and go's own https attempt that fell back to http", () => {
  it("`Failed to connect to H port 443 after 1 ms: Couldn't connect to server` is a refused connection with its host", () => {
    expect(classifyNetText("fatal: unable to access 'https://git.corp.test/owner/r.git/': Failed to connect to git.corp.test port 443 after 1 ms: Couldn't connect to server")).toMatchObject({
      failure: "refused",
      host: "git.corp.test",
    });
  });

  it("a GOINSECURE host whose https `# get` was refused and whose http answered: not the repository's failure; the real one leads", () => {
    const e = evidence({
      outcome: "failed",
      ctx: ctx({ GOPROXY: "direct", GOINSECURE: "git.corp.test" }, {}, ["git.corp.test/owner/r@v1.0.0"]),
      trace: trace({
        requests: [
          req("https://git.corp.test/owner/r.git", { error: 'Get "https://git.corp.test/owner/r.git": dial tcp 127.0.0.1:443: connect: connection refused' }, "other"),
          req("http://git.corp.test/owner/r?go-get=1", { status: 200 }),
        ],
        errors: [
          goError(
            "go: git.corp.test/owner/r@v1.0.0: reading git.corp.test/owner/r/go.mod at revision v1.0.0: git ls-remote -q origin in /tmp/vcs/6053: exit status 128:",
            ["ssh: Could not resolve hostname git.corp.test:owner: Name or service not known", "fatal: Could not read from remote repository."],
            "git.corp.test/owner/r",
            "v1.0.0",
          ),
        ],
      }),
    });
    const fs = diagnoseEvidence(e);
    expect(fs[0]!.title).toBe('git was given a malformed repository address: "git.corp.test:owner" is not a host name');
    expect(fs.map((f) => f.title)).not.toContain("The repository host git.corp.test cannot be reached: connections are refused");
  });
});

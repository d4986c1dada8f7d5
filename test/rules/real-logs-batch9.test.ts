// Rules for the ninth batch of real logs (fixtures/logs): a DNS server that
// does not answer (named, not "check the spelling"), `dial tcp: i/o timeout`
// with no address (the name lookup outlived the dial), a public code host's
// 403 to `?go-get=1` (a block on this network, not a login), gopls's
// `updates to go.sum needed` (a go.sum to update), and the paste shapes that
// carried them (gopls JSON, the Actions `Error: ` prefix, dated prompts).
import { describe, expect, it } from "vitest";
import { analyze, diagnose, names, commands } from "./evidence/real-logs.js";
import type { Finding } from "../../src/report/schema.js";
import { goError } from "./evidence/base.js";

describe("batch 9 logs: the top finding and what it says", () => {
  const cases: [file: string, name: string, check: (top: Finding) => void][] = [
    ["tls-handshake-timeout-darling-go-test.log", "proxy-blackholed", (f) => {
      expect(f.why).toContain("the TLS handshake does not finish within the go command's 10 s limit");
      expect(f.modules).toContain("github.com/sirupsen/logrus");
    }],
    ["dial-timeout-no-address-docker-step.log", "proxy-blackholed", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org cannot be reached: looking up its name times out");
      expect(commands(f)).toContain("time getent hosts proxy.golang.org");
    }],
    ["dns-broadcast-resolver-docker-goproxy-cn.log", "proxy-dns", (f) => {
      expect(f.title).toBe("The module proxy goproxy.cn does not resolve: the DNS server 192.168.31.255:53 does not answer");
      expect(commands(f)).toContain("nslookup goproxy.cn 192.168.31.255");
      expect(f.fixes.map((x) => x.summary).join("\n")).not.toContain("Check the spelling");
    }],
    ["git-prompts-disabled-goprivate-make-meroxa.log", "auth-failed", (f) => {
      expect(f.title).toContain("github.com needs credentials (git)");
      expect(commands(f)).toContain("machine github.com");
    }],
    ["missing-go-sum-gopls-progress-json.log", "missing-go-sum", (f) => {
      expect(commands(f)).toBe("go mod download github.com/Microsoft/go-winio");
    }],
    ["gopls-readonly-go-sum-updates-needed.log", "missing-go-sum", (f) => {
      expect(f.why).toContain("runs with -mod=readonly");
      expect(commands(f)).toBe("go mod tidy");
    }],
    ["proxy-timeout-redacted-ip-go-install-latest.log", "proxy-blackholed", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org does not answer");
      expect(commands(f)).toContain("https://proxy.golang.org/github.com/nicoxiang/geektime-downloader/@v/list");
    }],
    ["vanity-no-meta-tags-empty-gopath-gopherjs.log", "go-import-failed", (f) => {
      expect(f.title).toBe("golang.org serves no go-import meta tag for golang.org/x/sys/unix");
      expect(commands(f)).toContain("GO111MODULE=on go get golang.org/x/sys/unix");
    }],
    ["go-import-403-golang-org-actions-error-prefix.log", "go-import-failed", (f) => {
      expect(f.title).toBe("golang.org refuses the go-import request for golang.org/x/net (403): a block on this network, not a login");
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org,direct go mod download");
      expect(commands(f)).not.toContain(".netrc");
    }],
    ["proxy-403-and-direct-403-nixos-two-runs.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org refuses the requests (403 Forbidden)");
      // The same paste shows GOPROXY=direct refused too: no direct fix, the mirrors are measured instead.
      expect(commands(f)).toContain("gomod-doctor probe --mirrors");
      expect(commands(f)).not.toContain("GOPROXY=direct go mod download");
    }],
    ["checksum-mismatch-go-sum-go111-prompt-times.log", "checksum-mismatch", (f) => {
      expect(f.title).toBe("Checksum mismatch for github.com/ilyam8/hashstructure@v1.1.0 (SECURITY ERROR)");
      expect(commands(f)).toContain("grep 'github.com/ilyam8/hashstructure v1.1.0' go.sum");
      // The error printed twice (download, then vendor) is quoted once; the shell prompt between is no evidence.
      expect(f.evidence).toEqual([
        "go: verifying github.com/ilyam8/hashstructure@v1.1.0: checksum mismatch",
        "downloaded: h1:o3hpiGa1yergDO4AlUVBJGNvCEeaD+Ynu0OWYxee0iA=",
        "go.sum:     h1:N8t8hzzKLf2Da87XgC/DBYqXUmSbclgx+2cZxS5/klU=",
      ]);
    }],
    ["checksum-mismatch-sumdb-after-clean-modcache-ibm.log", "checksum-mismatch", (f) => {
      expect(f.why).toContain("do not hash to what sum.golang.org recorded");
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org go mod download -x github.com/IBM/networking-go-sdk@v0.35.0");
    }],
  ];

  it.each(cases)("%s: %s", async (file, name, check) => {
    const fs = await analyze(file);
    expect(fs[0]?.name, names(fs).join(", ")).toBe(name);
    check(fs[0]!);
  });

  it("no golang.org 403 is read as refused credentials", async () => {
    for (const file of ["go-import-403-golang-org-actions-error-prefix.log", "proxy-403-and-direct-403-nixos-two-runs.log"]) {
      expect(names(await analyze(file)), file).not.toContain("auth-failed");
    }
  });
});

describe("a DNS server that does not answer", () => {
  const lookup = (tail: string) =>
    goError(`go: example.org/lib@v1.0.0: Get "https://goproxy.example.net/example.org/lib/@v/v1.0.0.mod": dial tcp: lookup goproxy.example.net${tail}`, [], "example.org/lib", "v1.0.0");

  it.each([
    [" on 10.0.0.2:53: read udp 172.17.0.2:41192->10.0.0.2:53: i/o timeout", "10.0.0.2:53", "i/o timeout"],
    [" on 192.168.0.1:53: read udp 172.17.0.2:36832->192.168.0.1:53: read: no route to host", "192.168.0.1:53", "no route to host"],
  ])("is named, with its failure, and asked directly (%s)", (tail, server, how) => {
    const f = diagnose([lookup(tail)])[0]!;
    expect(f.name).toBe("proxy-dns");
    expect(f.title).toBe(`The module proxy goproxy.example.net does not resolve: the DNS server ${server} does not answer`);
    expect(f.why).toContain(`(\`${how}\`)`);
    expect(commands(f)).toContain(`nslookup goproxy.example.net ${server.replace(/:53$/, "")}`);
  });

  it("look-alike: a name the resolver answers for (no such host) keeps the spelling check", () => {
    const f = diagnose([lookup(" on 10.0.0.2:53: no such host")])[0]!;
    expect(f.title).toBe("The module proxy goproxy.example.net does not resolve");
    expect(f.fixes.map((x) => x.summary).join("\n")).toContain("Check the spelling");
  });
});

describe("`dial tcp: i/o timeout` without an address", () => {
  const dial = (tail: string) => goError(`go: example.org/lib@v1.0.0: Get "https://proxy.golang.org/example.org/lib/@v/v1.0.0.mod": ${tail}`, [], "example.org/lib", "v1.0.0");

  it("is a name lookup that outlived the dial's deadline", () => {
    const f = diagnose([dial("dial tcp: i/o timeout")])[0]!;
    expect(f.title).toBe("The module proxy proxy.golang.org cannot be reached: looking up its name times out");
    expect(f.why).toContain("names no address");
  });

  it("look-alike: a connect timeout names its address and stays a silent proxy", () => {
    const f = diagnose([dial("dial tcp 142.250.73.145:443: i/o timeout")])[0]!;
    expect(f.title).toBe("The module proxy proxy.golang.org does not answer");
    expect(f.why).not.toContain("names no address");
  });
});

describe("a 403 to ?go-get=1", () => {
  const forbidden = (path: string) => goError(`go: ${path}@v1.0.0: unrecognized import path "${path}": reading https://${path}?go-get=1: 403 Forbidden`, [], path, "v1.0.0");

  it("from a public code host is a block on this network: no credentials suggested", () => {
    const fs = diagnose([forbidden("golang.org/x/arch")]);
    expect(fs[0]?.name).toBe("go-import-failed");
    expect(fs[0]!.title).toContain("a block on this network, not a login");
    expect(names(fs)).not.toContain("auth-failed");
  });

  it("look-alike: a private host's 403 is still about credentials", () => {
    const fs = diagnose([forbidden("git.corp.example/team/lib")]);
    expect(names(fs)).toContain("auth-failed");
    expect(fs.find((f) => f.name === "go-import-failed")?.title ?? "").not.toContain("a block on this network");
  });
});

describe("`updates to go.sum needed, disabled by -mod=readonly` (go1.15-1.16)", () => {
  it("is a go.sum to update, with go mod tidy", () => {
    const f = diagnose([goError("go: updates to go.sum needed, disabled by -mod=readonly", [])])[0]!;
    expect(f.name).toBe("missing-go-sum");
    expect(commands(f)).toBe("go mod tidy");
  });
});

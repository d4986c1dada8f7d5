// Rules and parser readings for the third batch of posted logs (fixtures/logs:
// wrong-name certificates listing several hosts, TLS alerts, a public proxy's
// 401, labelled go lines, file systems without locks, bare imports, GitLab
// subgroups, Azure DevOps), each with the look-alike it must be told apart from.
import { describe, expect, it } from "vitest";
import { diagnose, names } from "./evidence/real-logs.js";
import { diagnoseEvidence } from "../../src/rules/diagnose.js";
import { classifyNetText } from "../../src/rules/net-text.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Event } from "../../src/trace/events.js";
import { ctx, evidence, goError, trace } from "./evidence/base.js";

const parse = (line: string): Event => parseTraceLine(line, 0)!;

describe("x509 wrong-name certificates", () => {
  it("reads a certificate that names several hosts (crypto/x509 joins them with `, `)", () => {
    expect(classifyNetText("x509: certificate is valid for www.github.com, *.github.io, github.com, not mosn.io")?.failure).toBe("tls-hostname");
    expect(classifyNetText("x509: certificate is valid for a.example, not b.example")?.failure).toBe("tls-hostname");
    expect(classifyNetText("x509: certificate is not valid for any names, but wanted to match proxy.golang.org")?.failure).toBe("tls-hostname");
  });

  it("an unknown authority is still untrusted, not a wrong name", () => {
    expect(classifyNetText("x509: certificate signed by unknown authority")?.failure).toBe("tls-untrusted");
  });
});

describe("a TLS alert from whatever answers for the proxy", () => {
  const line = (text: string) => goError(`go: module github.com/lxn/walk: Get "https://proxy.golang.org/github.com/lxn/walk/@v/list": ${text}`, [], "github.com/lxn/walk");

  it("`remote error: tls: handshake failure` is a broken handshake with the proxy, with an openssl check on port 443", () => {
    const fs = diagnose([line("remote error: tls: handshake failure")]);
    expect(fs[0]!.name).toBe("proxy-bad-response");
    expect(fs[0]!.title).toBe("The TLS handshake with the module proxy proxy.golang.org fails");
    expect(fs[0]!.fixes[0]!.commands[0]).toBe("openssl s_client -connect proxy.golang.org:443 -servername proxy.golang.org </dev/null");
  });

  it("a proxy on an explicit port is checked on that port", () => {
    const fs = diagnose([goError('go: module corp.test/a: Get "https://goproxy.corp.test:8443/corp.test/a/@v/list": remote error: tls: protocol version not supported', [], "corp.test/a")]);
    expect(fs[0]!.fixes[0]!.commands[0]).toMatch(/-connect goproxy\.corp\.test:8443 /);
  });

  it("garbage instead of HTTP keeps the usable-HTTP wording", () => {
    const fs = diagnose([line("net/http: HTTP/1.x transport connection broken: malformed HTTP response \"\\x00\\x00\"")]);
    expect(fs[0]!.title).toBe("The module proxy proxy.golang.org does not answer with usable HTTP");
  });
});

describe("401 from a public proxy", () => {
  const chain = (status: string) =>
    goError("go: github.com/hashicorp/vault@v1.8.5 requires", [
      `\tgithub.com/docker/docker@v17.12.0-ce-rc1.0.20200309214505-aa6a9891b09c+incompatible: reading https://proxy.golang.org/github.com/docker/docker/@v/v17.12.0-ce-rc1.0.20200309214505-aa6a9891b09c+incompatible.mod: ${status}`,
    ]);

  it("is something answering in its place, not a login to put in ~/.netrc; the evidence is the line with the 401", () => {
    const fs = diagnose([chain("401 Unauthorized")]);
    expect(fs[0]!.name).toBe("proxy-server-error");
    expect(fs[0]!.title).toBe("The module proxy proxy.golang.org refuses the requests (401 Unauthorized)");
    expect(names(fs)).not.toContain("auth-failed");
    expect(fs[0]!.evidence[0]).toMatch(/\.mod: 401 Unauthorized$/);
    expect(JSON.stringify(fs[0]!.fixes)).not.toMatch(/netrc >>|machine proxy\.golang\.org/);
  });

  it("from a company proxy it is still a login problem", () => {
    const fs = diagnose([goError("go: corp.test/lib@v1.0.0: reading https://goproxy.corp.test/corp.test/lib/@v/v1.0.0.mod: 401 Unauthorized", [], "corp.test/lib", "v1.0.0")]);
    expect(fs[0]!.name).toBe("auth-failed");
  });
});

describe("go lines behind a label, and go get's cause posted without its head", () => {
  it("`Error -  go: ...` and `ERROR: go: ...` are go errors", () => {
    for (const label of ["Error -  ", "ERROR: ", "[error] ", "FATAL: "]) {
      const e = parse(`${label}go: github.com/onsi/ginkgo@v1.16.3: Get "https://proxy.golang.org/github.com/onsi/ginkgo/@v/v1.16.3.mod": proxyconnect tcp: dial tcp 127.0.0.1:3001: connect: connection refused`);
      expect(e, label).toMatchObject({ kind: "go-error", module: "github.com/onsi/ginkgo", version: "v1.16.3" });
    }
  });

  it("another tool's line that mentions go: is not", () => {
    expect(parse("webpack: go: compiled 12 modules").kind).toBe("output");
    expect(parse("Errors found - go: see above").kind).toBe("output");
  });

  it("a bare `unrecognized import path` line names its path", () => {
    expect(parse('unrecognized import path "dev.azure.com/o/p/r": reading https://dev.azure.com/o/p/r?go-get=1: 203 Non-Authoritative Information')).toMatchObject({
      kind: "go-error",
      module: "dev.azure.com/o/p/r",
    });
  });

  it("`go get PATH: CAUSE` names PATH when the cause names no module, but not `./...` nor a chain's head", () => {
    expect(parse("go get example.com/a/b: git ls-remote -q origin in /x: exit status 128:")).toMatchObject({ module: "example.com/a/b" });
    expect(parse("go get example.com/a@v1.2.0: git ls-remote -q origin in /x: exit status 128:")).toMatchObject({ module: "example.com/a", version: "v1.2.0" });
    expect(parse("go get ./...: git ls-remote -q origin in /x: exit status 128:")).not.toHaveProperty("module");
    expect(parse("go get example.com/a: example.com/b@v1.0.0 requires")).not.toHaveProperty("module");
  });
});

describe("an HTTP proxy on the loopback address", () => {
  const proxyconnect = (addr: string) =>
    goError(`go: github.com/onsi/ginkgo@v1.16.3: Get "https://proxy.golang.org/github.com/onsi/ginkgo/@v/v1.16.3.mod": proxyconnect tcp: dial tcp ${addr}: connect: connection refused`, [], "github.com/onsi/ginkgo", "v1.16.3");

  it("names the address, and says 127.0.0.1 in a container is the container", () => {
    const f = diagnose([proxyconnect("127.0.0.1:3001")])[0]!;
    expect(f.title).toBe("The HTTP proxy 127.0.0.1:3001 fails (refused)");
    expect(f.fixes[0]!.caution).toMatch(/container itself/);
  });

  it("a proxy on another machine gets no container caution", () => {
    const f = diagnose([proxyconnect("10.1.2.3:3128")])[0]!;
    expect(f.title).toBe("The HTTP proxy 10.1.2.3:3128 fails (refused)");
    expect(f.fixes[0]!.caution).toBeUndefined();
  });
});

describe("file systems without locks", () => {
  it("the project's own go.mod on an SD card: the project has to move", () => {
    const f = diagnose([goError("go: RLock /sdcard/project/go.mod: function not implemented")])[0]!;
    expect(f.name).toBe("modcache-no-locks");
    expect(f.title).toBe("The file system of /sdcard/project does not support file locks");
    expect(f.fixes[0]!.commands[0]).toBe("cp -r /sdcard/project ~/ && cd ~/project");
  });

  it("a lock in the module cache that is not supported: the cache has to move", () => {
    const f = diagnose([goError("go: downloading x: Lock /mnt/nfs/go/pkg/mod/cache/download/x/@v/v1.0.0.lock: operation not supported")])[0]!;
    expect(f.name).toBe("modcache-no-locks");
    expect(f.title).toBe("The module cache's file system does not support locks");
    expect(f.fixes[0]!.commands[0]).toMatch(/GOMODCACHE/);
  });

  it("a lock held by another process is not a missing lock", () => {
    expect(names(diagnose([goError("go: RLock /p/go.mod: resource temporarily unavailable")]))).not.toContain("modcache-no-locks");
  });
});

describe("bare import paths", () => {
  it("a dependency importing its own packages by a bare name: pin or fork the dependency", () => {
    const f = diagnose([goError("go: testURing imports", ["\tgithub.com/y001j/UringNet imports", '\turing: malformed module path "uring": missing dot in first path element'])])[0]!;
    expect(f.name).toBe("module-path-mismatch");
    expect(f.title).toBe("github.com/y001j/UringNet imports the bare path uring");
    expect(f.modules).toEqual(["github.com/y001j/UringNet"]);
  });

  it("this module's own package importing a bare path: fix the import here", () => {
    const f = diagnose([goError("go: example.com/svc/cmd imports", ['\tmylib/util: malformed module path "mylib/util": missing dot in first path element'])])[0]!;
    expect(f.name).toBe("module-path-mismatch");
    expect(f.title).toBe("A package imports the bare path mylib/util, which no module can provide");
    expect(f.fixes[0]!.commands[0]).toBe("grep -rn '\"mylib/util' --include='*.go' .");
  });
});

describe("GitLab private subgroups", () => {
  const lsRemote = (repo: string) =>
    goError("go get git.corp.test/group/private-sub/sample: git ls-remote -q origin in /home/dev/go/pkg/mod/cache/vcs/83: exit status 128:", [
      "\tremote: The project you were looking for could not be found.",
      `\tfatal: repository '${repo}' not found`,
    ], "git.corp.test/group/private-sub/sample");

  it("a repository cut to two path elements is GitLab hiding the project: credentials, not a missing module", () => {
    const fs = diagnose([lsRemote("https://git.corp.test/group/private-sub.git/")]);
    expect(fs[0]!.name).toBe("auth-failed");
    expect(fs[0]!.modules).toEqual(["git.corp.test/group/private-sub/sample"]);
    expect(fs[0]!.fixes[0]!.commands[0]).toMatch(/machine git\.corp\.test /);
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("the full repository not found is a missing module", () => {
    const fs = diagnose([lsRemote("https://git.corp.test/group/private-sub/sample.git/")]);
    expect(names(fs)).toContain("module-not-found");
    expect(fs.some((f) => f.name === "auth-failed" && /wrong repository/.test(f.title))).toBe(false);
  });
});

describe("Azure DevOps paths without _git", () => {
  it("suggests the documented _git/REPO.git form", () => {
    const fs = diagnoseEvidence(
      evidence({
        outcome: "analyzed",
        ctx: ctx(),
        trace: trace({ errors: [goError('unrecognized import path "dev.azure.com/org/proj/repo": reading https://dev.azure.com/org/proj/repo?go-get=1: 203 Non-Authoritative Information', [], "dev.azure.com/org/proj/repo")] }),
      }),
    );
    expect(fs[0]!.name).toBe("go-import-failed");
    expect(fs[0]!.why).toMatch(/\(203\)/);
    expect(fs[0]!.fixes[0]!.commands).toEqual(["go get dev.azure.com/org/proj/_git/repo.git"]);
  });

  it("other hosts keep the curl check", () => {
    const fs = diagnose([goError('go: unrecognized import path "vanity.example/x": reading https://vanity.example/x?go-get=1: 404 Not Found', [], "vanity.example/x")]);
    expect(fs[0]!.fixes[0]!.commands[0]).toMatch(/^curl -sS 'https:\/\/vanity\.example\/x\?go-get=1' \| grep -i go-import$/);
  });
});

describe("go errors inside other tools' lines (fourth batch of posted logs)", () => {
  it("finds a fetch error after another tool's prefix, and only a fetch error", () => {
    expect(parse('Error in fail: failed to fetch com_github_x_y: fetch_repo: github.com/x/y@v0.1.7: Get "https://proxy.golang.org/github.com/x/y/@v/v0.1.7.info": dial tcp 1.2.3.4:443: i/o timeout')).toMatchObject({
      kind: "go-error",
      module: "github.com/x/y",
      version: "v0.1.7",
    });
    expect(parse("release failed error=hook failed: go mod tidy: exit status 1; output: go: go.mod file indicates go 1.20, but maximum version supported by tidy is 1.19")).toMatchObject({
      kind: "go-error",
      message: "go: go.mod file indicates go 1.20, but maximum version supported by tidy is 1.19",
    });
    expect(parse("Error: ../x/gofmt.go:4:2: missing go.sum entry for module providing package example.com/p (imported by example.com/q); to add:").kind).toBe("go-error");
    // Another tool's words that mention go are its own.
    expect(parse("npm notice: go: see https://docs.npmjs.com for help").kind).toBe("output");
    expect(parse("deploy user@host: done in 3s").kind).toBe("output");
  });

  it("a Markdown quote is read as the line it quotes", () => {
    expect(parse('> go: example.com/a@v1.0.0: Get "https://proxy.golang.org/example.com/a/@v/v1.0.0.mod": dial tcp: lookup proxy.golang.org on 127.0.0.53:53: server misbehaving')).toMatchObject({ kind: "go-error", module: "example.com/a" });
  });

  it("an error inside a JSON string ends at its escaped line break, not at a Windows path's \\n", () => {
    const e = parse('Params: {"message":"go/packages.Load: go [-e -json]: exit status 1: go: cannot find main module; see \'go help modules\'\\n\\n\\tsnapshot=0"}');
    expect(e).toMatchObject({ kind: "go-error", message: "go: cannot find main module; see 'go help modules'" });
  });

  it("go1.13's `M upgrade => V` is progress, not an error", () => {
    expect(parse("go: github.com/terraform-linters/tflint upgrade => v0.17.0").kind).toBe("output");
  });

  it("a go before 1.21 meeting a newer go line is the toolchain finding, with both wordings", () => {
    for (const line of ["go: go.mod file indicates go 1.20, but maximum version supported by tidy is 1.19", "go: errors parsing go.mod:\n/src/go.mod:3: invalid go version '1.21.0': must match format 1.23"]) {
      const [head, ...details] = line.split("\n");
      const f = diagnose([goError(head!, details)])[0]!;
      expect(f.name, line).toBe("toolchain-unavailable");
      expect(f.title).toMatch(/cannot switch toolchains \(before go1\.21\)/);
    }
  });

  it("outside any module: the fix is to run where go.mod is, not a download trace", () => {
    const f = diagnose([goError("go: cannot find main module; see 'go help modules'")])[0]!;
    expect(f.fixes[0]!.commands).toEqual(["go env GOMOD", "go mod init <MODULE_PATH>"]);
    // Known, not unrecognised: said so, with the confidence of a recognised cause.
    expect(f.why).toMatch(/^The go command ran outside any module/);
    expect(f.confidence).toBeGreaterThanOrEqual(0.8);
  });

  it("sum.golang.org 410 with no server response: the database could not serve it, with a curl for its reason", () => {
    const fs = diagnose([
      goError(
        "verifying github.com/acme/a@v0.5.1/go.mod: github.com/acme/a@v0.5.1/go.mod: reading https://sum.golang.org/lookup/github.com/acme/a@v0.5.1: 410 Gone",
        [],
        "github.com/acme/a",
        "v0.5.1",
      ),
    ]);
    // A public module (an example.com path would stand for a private one: real-logs-batch7.test.ts).
    expect(fs[0]!.name).toBe("sumdb-origin-failed");
    expect(fs[0]!.fixes[0]!.commands).toEqual(["curl -sS https://sum.golang.org/lookup/github.com/acme/a@v0.5.1"]);
    // A private-looking module is the private-lookup finding's.
    expect(diagnose([goError("verifying git.corp.internal/x@v1.0.0/go.mod: reading https://sum.golang.org/lookup/git.corp.internal/x@v1.0.0: 410 Gone", [], "git.corp.internal/x", "v1.0.0")])[0]!.name).toBe("sumdb-private-lookup");
  });

  it("Windows refusing the module cache's rename names the module and another program holding it", () => {
    const f = diagnose([goError("build x: cannot load golang.org/x/tools/go/buildutil: rename d:\\go\\pkg\\mod\\golang.org\\x\\tools@v0.1.0.tmp-975959578 d:\\go\\pkg\\mod\\golang.org\\x\\tools@v0.1.0: Access is denied.")])[0]!;
    expect(f.name).toBe("modcache-lock-held");
    expect(f.modules).toEqual(["golang.org/x/tools"]);
  });
});

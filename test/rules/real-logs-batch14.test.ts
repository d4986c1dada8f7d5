// Rules and paste shapes for the fourteenth batch of real logs (fixtures/logs):
// a version whose major and its module path's /vN suffix disagree (`go.mod has
// post-v2 module path`, `has non-.../v2 module path`, `has malformed module
// path`, go1.13's `major version must be compatible`), a not-found from a
// mirror that may lack what its origin has, GOPATH mode's full disk outside the
// module cache, and the shapes that carried them (a console wrapping a line
// after `MOD@VER:`, a paste that lost the first letter of `verifying`, BuildKit
// padding lines with spaces, go1.16's `updating to` chain head), and a log that
// sets HTTP_PROXY but not HTTPS_PROXY (go's https requests go out directly).
import { describe, expect, it } from "vitest";
import { analyze, diagnose, names, commands, summaries } from "./evidence/real-logs.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import { LogSettings } from "../../src/trace/log-settings.js";
import type { Finding } from "../../src/report/schema.js";
import { ctx, goError } from "./evidence/base.js";

describe("paste shapes of batch 14", () => {
  it("a wrapped `invalid version:` tail is a detail of the line above it, not output", () => {
    expect(parseTraceLine('invalid version: go.mod has post-v2 module path "example.com/m/v2" at revision v2.0.0', 0)).toMatchObject({ kind: "go-error-detail" });
    // Only at the start of a line: a sentence that mentions it stays output.
    expect(parseTraceLine("the build said invalid version: x", 0)).toMatchObject({ kind: "output" });
  });

  it("`MOD@VER: checksum mismatch` with a damaged head still names the module; a bare `checksum mismatch` sentence does not", () => {
    expect(parseTraceLine("erifying example.com/m@v1.2.3: checksum mismatch", 0)).toMatchObject({ kind: "go-error", module: "example.com/m", version: "v1.2.3" });
    expect(parseTraceLine("[build] example.com/m@v1.2.3/go.mod: checksum mismatch", 0)).toMatchObject({ kind: "go-error", module: "example.com/m", version: "v1.2.3" });
    expect(parseTraceLine("we saw a checksum mismatch", 0)).toMatchObject({ kind: "output" });
  });

  it("the hash lines under a mismatch, their tab turned into spaces and padded, are trimmed details", () => {
    expect(parseTraceLine("  downloaded: h1:w88bBjLk8A9QRh/7CXIGSVelVGJoVEGfzBperFGdox8=      ", 0)).toEqual({ t: 0, kind: "go-error-detail", message: "downloaded: h1:w88bBjLk8A9QRh/7CXIGSVelVGJoVEGfzBperFGdox8=" });
    expect(parseTraceLine("  go.sum:     h1:webGHBmk5zXiweWfW5wQxM2Cphzgs/rvOKyLhAuNhQA=", 0)).toMatchObject({ kind: "go-error-detail" });
  });

  it("GOPATH mode's `package P: mkdir DIR: ...` and `package P: exit status 128` are errors; `package P is not in GOROOT` stays output", () => {
    expect(parseTraceLine("package github.com/a/b: mkdir /go/src/github.com/a/: no space left on device", 0)).toMatchObject({ kind: "go-error" });
    expect(parseTraceLine("package github.com/a/b: exit status 128", 0)).toMatchObject({ kind: "go-error" });
    expect(parseTraceLine("package foo/bar is not in GOROOT (/usr/local/go/src/foo/bar)", 0)).toMatchObject({ kind: "output" });
  });

  it("go1.16's `go get: MOD@VER updating to` heads a chain: the module is left to the line that failed", () => {
    const head = parseTraceLine("go get: github.com/a/tool/v2@v2.3.5 updating to", 0);
    expect(head).toMatchObject({ kind: "go-error" });
    expect(head).not.toHaveProperty("module");
  });
});

describe("GMD308: a version whose major and the module path's /vN suffix disagree", () => {
  it("`has non-.../v2 module path`: the author tagged v2 without the suffix; the fix lists the declared path's versions", () => {
    const f = diagnose([goError('go: example.com/m/v2@v2.1.0: invalid version: go.mod has non-.../v2 module path "example.com/m" (and .../v2/go.mod does not exist) at revision v2.1.0', [], "example.com/m/v2", "v2.1.0")])[0]!;
    expect(f).toMatchObject({ code: "GMD308", title: "example.com/m/v2@v2.1.0 declares its path as example.com/m, without the /v2 suffix" });
    expect(commands(f)).toContain("go list -m -versions example.com/m");
  });

  it("`has malformed module path \"M/v1\"`: only the author can fix it; no go get of the /v1 path is offered", () => {
    const f = diagnose([goError('go: example.com/m@v1.0.0: invalid version: go.mod has malformed module path "example.com/m/v1" at revision v1.0.0', [], "example.com/m", "v1.0.0")])[0]!;
    expect(f.title).toBe("example.com/m@v1.0.0 declares the malformed path example.com/m/v1");
    expect(commands(f)).not.toContain("go get example.com/m/v1");
  });

  it("look-alike: a plain `unknown revision` is a missing version, not a path mismatch", () => {
    const fs = diagnose([goError("go: example.com/m@v1.0.0: invalid version: unknown revision v1.0.0", [], "example.com/m", "v1.0.0")]);
    expect(names(fs)).toContain("module-not-found");
    expect(names(fs)).not.toContain("module-path-mismatch");
  });
});

describe("GMD307: a not-found from a mirror other than proxy.golang.org", () => {
  it("first asks the origin for the version, bypassing the mirror; proxy.golang.org's own not-found gets no such fix", () => {
    const mirror = diagnose([goError("go: example.com/m@v1.0.0: reading https://goproxy.example.net/example.com/m/@v/v1.0.0.info: 404 Not Found", [], "example.com/m", "v1.0.0")]);
    const f = mirror.find((x) => x.name === "module-not-found")!;
    expect(f.fixes[0]!.commands).toEqual(["GOPROXY=direct go list -m example.com/m@v1.0.0"]);
    expect(f.fixes[0]!.summary).toContain("bypassing goproxy.example.net");
    const official = diagnose([goError("go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.info: 404 Not Found", [], "example.com/m", "v1.0.0")]);
    expect(commands(official.find((x) => x.name === "module-not-found")!)).not.toContain("GOPROXY=direct");
  });
});

describe("a log that sets HTTP_PROXY but not HTTPS_PROXY", () => {
  const settingsOf = (lines: string[]) => {
    const s = new LogSettings();
    for (const l of lines) s.take(l);
    return s.httpProxyOnly;
  };

  it("reads the variable from the shell lines a paste shows; HTTPS_PROXY or ALL_PROXY anywhere in the log clears it", () => {
    expect(settingsOf(["\u276f HTTP_PROXY=socks5://localhost:1086 /usr/local/go/bin/go install -v golang.org/x/tools/gopls@v0.8.3"])).toBe("socks5://localhost:1086");
    expect(settingsOf(["export http_proxy='http://10.0.0.1:3128'", "go mod download"])).toBe("http://10.0.0.1:3128");
    expect(settingsOf(["export http_proxy=http://10.0.0.1:3128", "export https_proxy=http://10.0.0.1:3128"])).toBeUndefined();
    expect(settingsOf(["HTTP_PROXY=http://p:8080 ALL_PROXY=socks5://p:1080 go get x.org/y"])).toBeUndefined();
    // go's own line is no setting.
    expect(settingsOf(["go: HTTP_PROXY=http://p:8080 is ignored"])).toBeUndefined();
  });

  const blackholed = goError('go: example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": dial tcp 142.250.0.1:443: i/o timeout', [], "example.com/m", "v1.0.0");

  it("puts HTTPS_PROXY first among the network fixes, with the proxy's credentials masked", () => {
    const f = diagnose([blackholed], { logSettings: { httpProxyOnly: "http://alice:s3cret@proxy.corp.test:3128" } })[0]!;
    expect(f.name).toBe("proxy-blackholed");
    expect(f.fixes[0]!.commands[0]).toMatch(/^export HTTPS_PROXY=http:\/\/\S+@proxy\.corp\.test:3128$/);
    expect(JSON.stringify(f)).not.toContain("s3cret");
    expect(f.fixes[0]!.commands[1]).toBe("curl -sS -m 10 -o /dev/null -w '%{http_code}\\n' https://proxy.golang.org/");
    // On Windows the variable is set in PowerShell.
    const win = diagnose([blackholed], { logSettings: { httpProxyOnly: "http://p:3128" }, os: "windows" })[0]!;
    expect(win.fixes[0]!.commands[0]).toBe("$env:HTTPS_PROXY = 'http://p:3128'");
  });

  it("look-alikes: no such fix without the log's setting, or when this machine's HTTPS_PROXY is known to be set", () => {
    const said = (f: Finding) => f.fixes.some((x) => x.summary.startsWith("The log sets HTTP_PROXY="));
    expect(said(diagnose([blackholed])[0]!)).toBe(false);
    const known = diagnose([blackholed], { logSettings: { httpProxyOnly: "http://p:3128" }, ctx: ctx({}, { HTTPS_PROXY: "http://p:3128" }) });
    expect(known.some(said)).toBe(false);
    // The same settings without HTTPS_PROXY on this machine keep it.
    expect(diagnose([blackholed], { logSettings: { httpProxyOnly: "http://p:3128" }, ctx: ctx() }).some(said)).toBe(true);
    // A finding that is not about reaching an https host (a checksum mismatch) gets no such fix.
    const mismatch = diagnose([goError("verifying example.com/m@v1.0.0: checksum mismatch", ["downloaded: h1:a=", "go.sum:     h1:b="], "example.com/m", "v1.0.0")], { logSettings: { httpProxyOnly: "http://p:3128" } });
    expect(mismatch.some(said)).toBe(false);
  });
});

describe("real logs, batch 14: the top finding and what it names", () => {
  const cases: [string, string, (f: Finding) => void][] = [
    ["checksum-mismatch-go-sum-buildkit-trailing-spaces-go-feature-flag.log", "checksum-mismatch", (f) => {
      expect(f.title).toBe("Checksum mismatch for github.com/thomaspoignant/go-feature-flag@v1.45.5 (SECURITY ERROR)");
      // BuildKit's padding is not evidence.
      expect(f.evidence).toContain("verifying github.com/thomaspoignant/go-feature-flag@v1.45.5: checksum mismatch");
      expect(f.evidence).toContain("go.sum:     h1:webGHBmk5zXiweWfW5wQxM2Cphzgs/rvOKyLhAuNhQA=");
      expect(commands(f)).toContain("curl -sS https://sum.golang.org/lookup/github.com/thomaspoignant/go-feature-flag@v1.45.5");
    }],
    ["checksum-mismatch-sumdb-imports-chain-ollama.log", "checksum-mismatch", (f) => {
      expect(f.modules).toEqual(["github.com/ollama/ollama"]);
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org go mod download -x github.com/ollama/ollama@v0.5.12");
    }],
    ["post-v1-module-path-subdir-tag-go111.log", "module-path-mismatch", (f) => {
      expect(f.title).toBe("github.com/hyangah/testmod1/red@v1.0.0 declares the malformed path github.com/hyangah/testmod1/red/v1");
      expect(commands(f)).toContain("go list -m -versions github.com/hyangah/testmod1/red");
    }],
    ["post-v2-module-path-go-install-beta-junit-report.log", "module-path-mismatch", (f) => {
      expect(f.title).toBe("github.com/jstemmer/go-junit-report@v2.0.0-beta1 declares its path as github.com/jstemmer/go-junit-report/v2");
      expect(f.fixes[0]!.commands[0]).toBe("go get github.com/jstemmer/go-junit-report/v2@v2.0.0-beta1");
      expect(f.fixes[0]!.summary).toContain("go install github.com/jstemmer/go-junit-report/v2@v2.0.0-beta1");
      // Both runs (go1.18 and go1.13) are one finding: the same module, the same fix.
      expect(f.evidence).toHaveLength(1);
    }],
    ["post-v0-module-path-dependabot-jx-api.log", "module-path-mismatch", (f) => {
      expect(f.title).toBe("github.com/jenkins-x/jx-api@v0.0.25 declares its path as github.com/jenkins-x/jx-api/v3");
      // v0.0.25 is no v3 version: the /v3 path at one of its own versions.
      expect(f.fixes[0]!.commands.slice(0, 2)).toEqual(["go list -m -versions github.com/jenkins-x/jx-api/v3", "go get github.com/jenkins-x/jx-api/v3@latest"]);
    }],
    ["proxy-connectex-timeout-windows-positioned-wetrace.log", "proxy-blackholed", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org does not answer");
      expect(commands(f)).toContain("curl.exe -v -m 10 -o NUL");
    }],
    ["gitlab-path-github-repo-prompts-qoi.log", "auth-failed", (f) => {
      expect(f.title).toBe("gitlab.com needs credentials (git), or the repository does not exist");
      expect(commands(f)).toContain("curl -s -o /dev/null -w '%{http_code}\\n' https://gitlab.com/xfmoulet/qoi");
    }],
    ["prompts-disabled-updating-to-requires-deleted-repo-nuclei.log", "auth-failed", (f) => {
      // The chain's last line, not the tool being upgraded.
      expect(f.modules).toEqual(["github.com/prologic/smtpd"]);
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org GONOPROXY=none go mod download github.com/prologic/smtpd@v0.0.0-20210126001904-0893ad18168e");
    }],
    ["unzip-invalid-char-quote-go113-leetcode.log", "module-files-invalid", (f) => {
      expect(f.title).toContain("118. Pascal's Triangle.go");
      expect(commands(f)).toContain("go list -m -versions github.com/halfrost/LeetCode-Go");
    }],
    ["dns-lookup-timeout-tested-by-terratest-tree-path.log", "proxy-dns", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org does not resolve");
      expect(f.modules).toContain("github.com/gruntwork-io/terratest/modules/terraform");
      expect(commands(f)).toContain("getent hosts proxy.golang.org");
    }],
    ["local-goproxy-404-info-go112-fetching.log", "proxy-server-error", (f) => {
      expect(f.title).toContain("The private module proxy 127.0.0.1:8081 answers 404 for golang.org/x/crypto@v0.0.0-20190701094942-4def268fd1a4");
      expect(commands(f)).toContain("curl -sS https://proxy.golang.org/golang.org/x/crypto/@v/v0.0.0-20190701094942-4def268fd1a4.info");
    }],
    ["checksum-mismatch-go-sum-gomod-taosadapter.log", "checksum-mismatch", (f) => {
      expect(f.modules).toEqual(["github.com/huskar-t/file-rotatelogs/v2"]);
      expect(commands(f)).toContain("grep 'github.com/huskar-t/file-rotatelogs/v2 v2.4.1' go.sum");
    }],
    ["checksum-mismatch-direct-first-char-cut-rekor.log", "checksum-mismatch", (f) => {
      expect(f.title).toBe("Checksum mismatch for github.com/go-swagger/go-swagger@v0.31.0 (SECURITY ERROR)");
      expect(f.evidence).toContain("go.sum:     h1:s/T8gKzyNAUMFMyTWew6Vz3+rpT2MYKQD6ez1FlkRrs=");
    }],
    ["checksum-mismatch-direct-command-wrapped-tracee.log", "checksum-mismatch", (f) => {
      expect(f.modules).toEqual(["github.com/aquasecurity/tracee"]);
      expect(commands(f)).toContain("curl -sS https://sum.golang.org/lookup/github.com/aquasecurity/tracee@v0.23.1");
    }],
    ["vanity-reset-go111-error-loading-honnef.log", "go-import-failed", (f) => {
      expect(f.title).toBe("The go-import meta tag for honnef.co/go/tools cannot be fetched");
      expect(commands(f)).toContain("curl -sS 'https://honnef.co/go/tools?go-get=1'");
    }],
    ["gogs-no-meta-tags-signin-gopath.log", "go-import-failed", (f) => {
      expect(f.title).toBe("git.sarandafl.duckdns.org serves no go-import meta tag for git.sarandafl.duckdns.org/sarandafl/gobackmeup");
      expect(commands(f)).toContain("GO111MODULE=on go get git.sarandafl.duckdns.org/sarandafl/gobackmeup");
    }],
    ["sumdb-timeout-http-proxy-only-socks-gopls.log", "sumdb-unreachable", (f) => {
      expect(f.title).toBe("The checksum database sum.golang.org cannot be reached");
      // The log set HTTP_PROXY only: go's https requests went out directly; HTTPS_PROXY is the first fix.
      expect(f.fixes[0]!.commands[0]).toBe("export HTTPS_PROXY=socks5://localhost:1086");
      expect(commands(f)).toContain("curl -sS -m 10 https://sum.golang.org/latest");
    }],
    ["prompts-disabled-typo-repo-go-i18next.log", "auth-failed", (f) => {
      expect(f.modules).toEqual(["github.com/yuangwei/go-18next"]);
      expect(commands(f)).toContain("curl -s -o /dev/null -w '%{http_code}\\n' https://github.com/yuangwei/go-18next");
    }],
    ["gopath-disk-full-git-clone-6cord.log", "disk-full", (f) => {
      // GOPATH's src is what filled up, not GOMODCACHE.
      expect(f.title).toBe("No space left on the file system holding /usr/home/go/src/github.com");
      expect(f.fixes[0]!.commands).toEqual(["df -h /usr/home/go/src/github.com", "du -sh /usr/home/go/src/github.com"]);
    }],
    ["checksum-mismatch-sumdb-direct-go-env-after-flaggy.log", "checksum-mismatch", (f) => {
      expect(f.modules).toEqual(["github.com/integrii/flaggy"]);
      expect(summaries(f)).toContain("fetch it from the public mirror");
    }],
    ["goproxy-io-404-pseudo-info-go111.log", "module-not-found", (f) => {
      expect(f.fixes[0]!.commands).toEqual(["GOPROXY=direct go list -m github.com/mritd/sshutils@v0.0.0-20181227030943-b85e20a7d4b8"]);
      expect(f.fixes[0]!.summary).toContain("bypassing goproxy.io");
    }],
    ["athens-500-private-sumdb-410-server-log.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy goproxy.pri.xxxx.com answers 500");
      expect(commands(f)).toContain("curl -sS -i http://goproxy.pri.xxxx.com/gitlab.xxxxx.com/middleware/seaweed/@v/v1.0.2.mod");
    }],
    ["athens-500-private-github-go112-localhost.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy 127.0.0.1:3000 answers 500");
      expect(f.why).toContain("a proxy run by you or your company");
    }],
    ["athens-404-private-gitlab-zip-placeholder-group.log", "proxy-server-error", (f) => {
      expect(f.title).toContain("The module proxy localhost:3000 answers 404 for the zip of gitlab.com/$GROUP_NAME/go/modules/errors@v1.0.0");
      expect(commands(f)).toContain("curl -sSI http://localhost:3000/gitlab.com/$GROUP_NAME/go/modules/errors/@v/v1.0.0.zip");
    }],
  ];

  it.each(cases)("%s: %s", async (file, name, check) => {
    const fs = await analyze(file);
    expect(fs[0]?.name, names(fs).join(", ")).toBe(name);
    check(fs[0]!);
  });
});

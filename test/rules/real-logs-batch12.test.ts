// Rules for the twelfth batch of real logs (fixtures/logs): a certificate for
// another site altogether (a DNS sinkhole, an ISP filter, a hosts-file entry:
// the name leads elsewhere), a repository git cannot find for the path typed on
// the command line (no dependency involved), a `.git` module path on a vanity
// host (`no secure protocol found`), and the paste shapes that carried them
// (Nix builder lines, a console wrapping a Windows socket error mid-word, a
// line whose head before the quoted URL was cut, GitHub's Markdown auto-link).
import { describe, expect, it } from "vitest";
import { analyze, diagnose, names, commands, summaries } from "./evidence/real-logs.js";
import { certificateNames, classifyNetText } from "../../src/rules/net-text.js";
import { shellQuote } from "../../src/rules/fixes.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Finding } from "../../src/report/schema.js";
import { goError } from "./evidence/base.js";

describe("GMD110: a certificate for another site's names", () => {
  it("reads the names the certificate holds and the host go wanted, also with no URL in the text", () => {
    const text = "tls: failed to verify certificate: x509: certificate is valid for safebrowsing.hinet.net, not proxy.golang.org";
    expect(classifyNetText(text)).toMatchObject({ failure: "tls-hostname", host: "proxy.golang.org" });
    expect(certificateNames(text)).toEqual(["safebrowsing.hinet.net"]);
    expect(certificateNames("x509: certificate is valid for www.github.com, *.github.io, github.com, not mosn.io)")).toEqual(["www.github.com", "*.github.io", "github.com"]);
    expect(classifyNetText("x509: certificate is not valid for any names, but wanted to match goproxy.cn")).toMatchObject({ host: "goproxy.cn" });
    expect(certificateNames("x509: certificate is not valid for any names, but wanted to match goproxy.cn")).toBeUndefined();
  });

  it("another site's certificate: the name leads elsewhere, and the first fix compares this resolver with a public one", () => {
    const f = diagnose([
      goError("go: example.org/m@v1.0.0: Get https://proxy.golang.org/example.org/m/@v/v1.0.0.mod: x509: certificate is valid for block.filter.example.net, not proxy.golang.org", [], "example.org/m", "v1.0.0"),
    ])[0]!;
    expect(f.title).toBe("The TLS certificate of proxy.golang.org is for another host name (it names block.filter.example.net)");
    expect(f.why).toContain("a DNS filter or sinkhole");
    expect(f.fixes[0]!.commands).toEqual(["getent hosts proxy.golang.org", "nslookup proxy.golang.org 1.1.1.1", "grep -i 'proxy.golang.org' /etc/hosts"]);
  });

  it("look-alike: a certificate of the same site under another name is the server's slip, not a redirected name", () => {
    const f = diagnose([
      goError("go: example.org/m@v1.0.0: Get https://goproxy.corp.example/example.org/m/@v/v1.0.0.mod: x509: certificate is valid for www.corp.example, corp.example, not goproxy.corp.example", [], "example.org/m", "v1.0.0"),
    ])[0]!;
    expect(f.name).toBe("tls-invalid");
    expect(f.why).not.toContain("sinkhole");
    expect(commands(f)).not.toContain("nslookup");
  });
});

describe("GMD307: a repository git cannot find", () => {
  it("for the path go install was given: the path is wrong, no dependency is involved, and git's own URL is the one to check", () => {
    const f = diagnose([
      goError(
        "go: github.com/o/cmd/tool@latest: module github.com/o/cmd/tool: git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef: exit status 128:",
        ["\tremote: Repository not found.", "\tfatal: repository 'https://github.com/o/cmd/' not found"],
        "github.com/o/cmd/tool",
        "latest",
      ),
    ])[0]!;
    expect(f.name).toBe("module-not-found");
    expect(f.why).toContain("The path asked for on the command line (github.com/o/cmd/tool@latest)");
    expect(summaries(f)).toContain("https://pkg.go.dev/search?q=tool");
    expect(commands(f)).not.toContain("go mod why");
    expect(f.fixes[1]!.commands).toEqual(["git ls-remote https://github.com/o/cmd"]);
  });

  it("look-alike: a dependency's missing repository keeps `go mod why`", () => {
    const f = diagnose([
      goError(
        "go: github.com/o/lib@v1.2.0: git ls-remote -q origin in /home/u/go/pkg/mod/cache/vcs/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef: exit status 128:",
        ["\tremote: Repository not found.", "\tfatal: repository 'https://github.com/o/lib/' not found"],
        "github.com/o/lib",
        "v1.2.0",
      ),
    ])[0]!;
    expect(f.why).toContain("A dependency still points at it.");
    expect(commands(f)).toContain("go mod why -m github.com/o/lib");
  });
});

describe("GMD309: `no secure protocol found for repository`", () => {
  it("a `.git` path on a vanity host: the first fix is the path without `.git`", () => {
    const f = diagnose([goError("go: go.example.org/lib.git@v0.8.0: no secure protocol found for repository", [], "go.example.org/lib.git", "v0.8.0")])[0]!;
    expect(f.name).toBe("repo-unreachable");
    expect(f.fixes[0]!.commands).toEqual(["curl -sS 'https://go.example.org/lib?go-get=1' | grep go-import", "go list -m -versions go.example.org/lib"]);
  });

  it("on a code host the repository may well be `name.git`: running git by hand stays first", () => {
    const f = diagnose([goError("go: gitlab.com/g/lib.git@v1.0.0: no secure protocol found for repository", [], "gitlab.com/g/lib.git", "v1.0.0")])[0]!;
    expect(f.fixes[0]!.summary).toBe("Run git by hand to see its own error");
    expect(summaries(f)).toContain("gitlab.com/g/lib (its go.mod's module line");
  });
});

describe("GMD302: Bitbucket's API asked which VCS a private repository uses (go before 1.16)", () => {
  it("names bitbucket.org and git's credentials, not a module proxy at api.bitbucket.org", () => {
    const fs = diagnose([
      goError("go: bitbucket.org/acme/sdk@v1.0.0: reading https://api.bitbucket.org/2.0/repositories/acme/sdk?fields=scm: 403 Forbidden", ["\tserver response: Access denied. You must have write or admin access."], "bitbucket.org/acme/sdk", "v1.0.0"),
    ]);
    expect(names(fs)).toEqual(["auth-failed"]);
    expect(fs[0]!.title).toBe("bitbucket.org needs credentials for bitbucket.org/acme/sdk (git over https; Bitbucket's API answered 403)");
    expect(commands(fs[0]!)).toContain("machine bitbucket.org login");
    expect(commands(fs[0]!)).toContain("go env -w GOPRIVATE=bitbucket.org/acme");
    expect(commands(fs[0]!)).not.toContain("machine api.bitbucket.org");
  });

  it("look-alike: a 403 from another API host stays the generic credentials finding", () => {
    const fs = diagnose([goError("go: git.corp.test/a/b@v1.0.0: reading https://goproxy.corp.test/git.corp.test/a/b/@v/v1.0.0.mod: 403 Forbidden", [], "git.corp.test/a/b", "v1.0.0")]);
    expect(fs[0]!.title).not.toContain("Bitbucket");
  });
});

describe("GMD318: a go.work use line naming a directory without a go.mod", () => {
  it("go1.20+ names the directory and go.work: certain, with the use line's own path to drop", () => {
    const f = diagnose([goError("go: cannot load module ./svc/api listed in go.work file: open svc/api/go.mod: no such file or directory")])[0]!;
    expect(f.name).toBe("workspace-use-missing");
    expect(f.confidence).toBe(0.9);
    expect(f.title).toBe("go.work uses ./svc/api, which has no go.mod");
    expect(commands(f)).toContain("go work edit -dropuse=./svc/api");
  });

  it("go1.19's bare `open /abs/DIR/go.mod` is a weaker suspicion, and another open error is not it", () => {
    const f = diagnose([goError("go: open /src/ws/m/go.mod: no such file or directory")])[0]!;
    expect(f.name).toBe("workspace-use-missing");
    expect(f.confidence).toBe(0.6);
    expect(commands(f)).not.toContain("-dropuse=/src/ws/m");
    for (const line of ["go: open /src/ws/m/go.sum: no such file or directory", "go: open /src/ws/m/go.mod: permission denied", "go: example.com/a@v0.0.0 (replaced by ../a): reading ../a/go.mod: open /src/a/go.mod: no such file or directory"]) {
      expect(names(diagnose([goError(line)])), line).not.toContain("workspace-use-missing");
    }
  });
});

describe("GMD407: empty source files of a module already extracted in the module cache", () => {
  it("reads go/parser's empty-file error under pkg/mod/MOD@VER as the cache's, with the module, and names the directory to remove", () => {
    const line = "/home/u/go/pkg/mod/github.com/!burnt!sushi/toml@v1.2.0/decode.go:1:1: expected 'package', found 'EOF'";
    const event = parseTraceLine(line, 0);
    expect(event).toMatchObject({ kind: "go-error", module: "github.com/!burnt!sushi/toml", version: "v1.2.0" });
    const f = diagnose([{ message: line, details: [], module: "github.com/!burnt!sushi/toml", version: "v1.2.0" }])[0]!;
    expect(f.name).toBe("modcache-files-broken");
    expect(f.title).toBe("Source files of github.com/BurntSushi/toml@v1.2.0 in the module cache are empty");
    expect(commands(f)).toContain("go mod download github.com/BurntSushi/toml@v1.2.0");
    expect(commands(f)).toContain("go mod verify");
  });

  it("look-alikes: the same error in the project's own file, and another parse error in the cache, stay compile output", () => {
    expect(parseTraceLine("./main.go:1:1: expected 'package', found 'EOF'", 0)).toMatchObject({ kind: "output" });
    expect(parseTraceLine("/home/u/go/pkg/mod/example.com/a@v1.0.0/a.go:3:5: expected ';', found x", 0)).toMatchObject({ kind: "output" });
    expect(parseTraceLine("/home/u/go/pkg/mod/cache/download/example.com/a/@v/x.go:1:1: expected 'package', found 'EOF'", 0)).toMatchObject({ kind: "output" });
  });

  it("a `$(go env GOMODCACHE)` path keeps its substitution live and quotes only the rest", () => {
    expect(shellQuote("$(go env GOMODCACHE)/example.com/a@v1.0.0")).toBe('"$(go env GOMODCACHE)"/example.com/a@v1.0.0');
    expect(shellQuote("$(go env GOMODCACHE)/github.com/!burnt!sushi/toml@v1.2.0")).toBe(`"$(go env GOMODCACHE)"'/github.com/!burnt!sushi/toml@v1.2.0'`);
    expect(shellQuote("$HOME/go/pkg/mod")).toBe('"$HOME/go/pkg/mod"');
  });
});

describe("batch 12 logs: the top finding and what it says", () => {
  const cases: [file: string, name: string, check: (top: Finding) => void][] = [
    ["tls-wrong-name-dns-sinkhole-corp-go-get.log", "tls-invalid", (f) => {
      expect(f.title).toBe("The TLS certificate of proxy.golang.org is for another host name (it names chalupa-dns-sinkhole.corp.amazon.com)");
      expect(commands(f)).toContain("nslookup proxy.golang.org 1.1.1.1");
    }],
    ["tls-wrong-name-vanity-markdown-autolink-json.log", "tls-invalid", (f) => {
      expect(f.title).toBe("The TLS certificate of code.cloudfoundry.org is for another host name (it names *.de.a9sapp.eu, de.a9sapp.eu)");
      expect(commands(f)).toContain("getent hosts code.cloudfoundry.org");
    }],
    ["tls-wrong-name-isp-safebrowsing-make.log", "tls-invalid", (f) => {
      expect(f.title).toBe("The TLS certificate of proxy.golang.org is for another host name (it names safebrowsing.hinet.net)");
      expect(f.evidence).toEqual(["tls: failed to verify certificate: x509: certificate is valid for safebrowsing.hinet.net, not proxy.golang.org"]);
    }],
    ["athens-wsarecv-wrapped-go112.log", "proxy-reset", (f) => {
      expect(f.title).toBe("Connections to the module proxy 192.168.32.100:3000 are cut mid-transfer");
      // The two halves of the wrapped line are one again.
      expect(f.evidence[0]).toContain("wsarecv: An existing connection was forcibly closed by the remote host.");
    }],
    ["go-import-503-vbom-gopath-gssh.log", "go-import-failed", (f) => {
      expect(f.title).toBe("The go-import meta tag for vbom.ml/util/sortorder cannot be fetched (503)");
      // GOPATH mode (`ROOT (download)` lines) never asks a module proxy: turn modules on for the package asked for.
      expect(commands(f)).toContain("GO111MODULE=on go get github.com/square/gssh");
      expect(commands(f)).not.toContain("GOPROXY=https://proxy.golang.org,direct go mod download");
    }],
    ["repo-not-found-wrong-module-path-go-install.log", "module-not-found", (f) => {
      expect(f.title).toBe("github.com/pgpkg/cmd/pgpkg: repository not found");
      expect(f.why).toContain("no dependency is involved");
      expect(commands(f)).toContain("git ls-remote https://github.com/pgpkg/cmd");
      expect(commands(f)).not.toContain("go mod why");
    }],
    ["no-secure-protocol-dot-git-path-govpp.log", "repo-unreachable", (f) => {
      expect(f.fixes[0]!.summary).toContain("If the module's own path is go.fd.io/govpp");
      expect(commands(f)).toContain("go list -m -versions go.fd.io/govpp");
    }],
    ["goproxy-off-vim-go-bitbucket.log", "goproxy-off", (f) => {
      expect(f.evidence.join("\n")).toContain("bitbucket.org/xxxx/xxxxbroker-client@v0.1.0: module lookup disabled by GOPROXY=off");
    }],
    ["mod-vendor-import-lookup-nix-gomod2nix.log", "mod-vendor", (f) => {
      expect(f.evidence).toEqual(["main.go:6:2: cannot find module providing package github.com/godror/godror: import lookup disabled by -mod=vendor"]);
      // A Nix build: the stale part is its hashed vendor set, renewed in Nix, not GOFLAGS.
      expect(f.fixes[0]!.summary).toContain("This is a Nix build");
      expect(f.fixes[0]!.commands).toContain("gomod2nix generate  # with gomod2nix");
    }],
    ["inconsistent-vendoring-nix-git-team.log", "mod-vendor", (f) => {
      expect(f.why).toContain("vendor/ does not match go.mod");
      expect(commands(f)).toContain("go mod vendor");
      expect(f.fixes[0]!.caution).toContain("vendorHash = null");
    }],
    ["unzip-double-dot-go113-cannot-load-vault.log", "module-files-invalid", (f) => {
      expect(f.title).toBe("github.com/hashicorp/vault@v1.8.4 holds a file the go command refuses: website/pages/api-docs/[[...page]].jsx");
      expect(f.fixes[0]?.summary).toContain("Upgrade go");
    }],
    ["bitbucket-api-scm-403-renovate-json.log", "auth-failed", (f) => {
      expect(f.title).toBe("bitbucket.org needs credentials for bitbucket.org/<org>/<repo> (git over https; Bitbucket's API answered 403)");
      expect(f.why).toContain("Go 1.16 and newer skip the API");
    }],
    ["go-work-use-dir-moved-open-go-mod.log", "workspace-use-missing", (f) => {
      expect(f.title).toBe("go.work uses /tmp/foo/m, which has no go.mod (if a go.work is in effect)");
      expect(commands(f)).toContain("GOWORK=off go build ./...");
    }],
    ["modcache-truncated-files-go-install-gau.log", "modcache-files-broken", (f) => {
      expect(f.title).toBe("Source files of golang.org/x/net@v0.0.0-20210510120150-4163338589ed and 4 more in the module cache are empty");
      expect(commands(f)).toContain("go clean -modcache");
    }],
    ["dns-public-resolver-timeout-docker-head-cut.log", "proxy-dns", (f) => {
      expect(f.title).toBe("The module proxy goproxy.cn does not resolve: the DNS server 8.8.8.8:53 does not answer");
      expect(commands(f)).toContain("nslookup goproxy.cn 8.8.8.8");
    }],
  ];

  it("look-alike: an openSUSE build's inconsistent vendoring gets no Nix advice", async () => {
    const f = (await analyze("inconsistent-vendoring-obs-git-town.log"))[0]!;
    expect(f.name).toBe("mod-vendor");
    expect(summaries(f)).not.toContain("Nix");
  });

  it.each(cases)("%s: %s", async (file, name, check) => {
    const fs = await analyze(file);
    expect(fs[0]?.name, names(fs).join(", ")).toBe(name);
    check(fs[0]!);
  });
});

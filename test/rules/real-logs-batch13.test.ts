// Rules and paste shapes for the thirteenth batch of real logs (fixtures/logs):
// a replace written with a Windows path read on Linux, go1.14-1.16's `parsing
// DIR/go.mod: open ...` for a missing replace directory, go1.11-1.12's
// `unexpected module path`, git missing on Windows (`%PATH%`), a +incompatible
// version the checksum database refuses, vgo's `vgo:` prefix, `requires` chains
// whose tabs a paste turned into two spaces, another tool's JSON summary under
// go's error, and ssh's refusal printed unindented (GOPATH mode).
import { describe, expect, it } from "vitest";
import { analyze, diagnose, names, commands, summaries } from "./evidence/real-logs.js";
import { parseTraceLine, stripStreamLabel } from "../../src/trace/parse.js";
import { bothDetectors } from "../stall/both-detectors.js";
import type { Event } from "../../src/trace/events.js";
import type { Finding } from "../../src/report/schema.js";
import { goError } from "./evidence/base.js";


/** The errors the detector records for these lines, as `message | details` (the pure and in-place detectors agree). */
function errorsOf(lines: string[]): string[] {
  const events = lines.map((l) => parseTraceLine(l, 0)).filter((e): e is Event => e !== undefined);
  const { pure, inPlace } = bothDetectors(events);
  const view = (s: typeof pure) => s.errors.map((e) => [e.message, ...e.details].join(" | "));
  expect(view(inPlace)).toEqual(view(pure));
  return view(pure);
}

describe("GMD312: a replace written with a Windows path, read on Linux or macOS", () => {
  it("names go.mod's line, and the first fix turns the backslashes into slashes on that line only", () => {
    const f = diagnose([goError("go: errors parsing go.mod:", ["/src/app/go.mod:7: replacement directory appears to be Windows path (on a non-windows system)"])])[0]!;
    expect(f.name).toBe("replace-dir-missing");
    expect(f.title).toBe("go.mod line 7 replaces a module with a Windows path, which go on this system refuses");
    expect(f.fixes[0]!.commands).toEqual(["sed -n '7p' /src/app/go.mod", "sed -i '7s|\\\\|/|g' /src/app/go.mod"]);
  });

  it("a go.work line is edited with go work, and a directory with spaces is quoted", () => {
    const f = diagnose([goError("go: errors parsing go.work:", ["/home/a b/go.work:4: replacement directory appears to be Windows path (on a non-windows system)"])])[0]!;
    expect(f.title).toContain("go.work line 4");
    expect(f.fixes[0]!.commands[0]).toBe("sed -n '4p' '/home/a b/go.work'");
    expect(commands(f)).toContain("go work edit -dropreplace=");
  });
});

describe("GMD312: go1.14-1.16's `parsing DIR/go.mod: open DIR/go.mod: ...` for a replaced module", () => {
  it("reads it as a missing replace directory even without `(replaced by DIR)`", () => {
    const f = diagnose([goError("go: example.com/svc/lib@v0.0.0-00010101000000-000000000000: parsing /lib/go.mod: open /lib/go.mod: no such file or directory", [], "example.com/svc/lib", "v0.0.0-00010101000000-000000000000")])[0]!;
    expect(f.name).toBe("replace-dir-missing");
    expect(f.title).toBe("go.mod replaces example.com/svc/lib with /lib, which does not exist");
    // The zeros are a placeholder: dropping the replace needs a published version.
    expect(f.fixes[1]!.commands).toEqual(["go mod edit -dropreplace=example.com/svc/lib", "go get example.com/svc/lib@latest"]);
  });

  it("look-alike: another file's open error is not a replace", () => {
    const fs = diagnose([goError("go: example.com/m@v1.0.0: parsing /tmp/x/go.mod: open /tmp/y/go.mod: no such file or directory", [], "example.com/m", "v1.0.0")]);
    expect(names(fs)).not.toContain("replace-dir-missing");
  });
});

describe("GMD308: go1.11-1.12's `parsing go.mod: unexpected module path`", () => {
  it("is the same mismatch: the required path, and the one the module declares", () => {
    const f = diagnose([goError('go: github.com/o/old@v1.2.0: parsing go.mod: unexpected module path "example.org/new"', [], "github.com/o/old", "v1.2.0")])[0]!;
    expect(f.name).toBe("module-path-mismatch");
    expect(f.title).toBe("github.com/o/old@v1.2.0 declares its path as example.org/new");
    expect(commands(f)).toContain("go mod why -m github.com/o/old");
  });
});

describe("GMD320: git missing on Windows", () => {
  it("reads `%PATH%`, and on Windows the fix is Git for Windows, not apt", () => {
    const err = goError('go: example.com/m@v1.0.0: git init --bare in C:\\Users\\a\\go\\pkg\\mod\\cache\\vcs\\0a1b: exec: "git": executable file not found in %PATH%', [], "example.com/m", "v1.0.0");
    const f = diagnose([err], { os: "windows" })[0]!;
    expect(f.name).toBe("vcs-tool-missing");
    expect(f.fixes[0]!.commands).toEqual(["winget install --id Git.Git -e --source winget", "git --version"]);
    expect(commands(f)).not.toContain("apt-get");
    // Without a sign of Windows the Unix package managers stay.
    expect(commands(diagnose([err])[0]!)).toContain("apt-get install -y git");
  });
});

describe("GMD205: a +incompatible version the checksum database will not serve", () => {
  it("names the module's major-version path when go printed no server response", () => {
    const f = diagnose([
      goError("verifying github.com/o/lib@v6.0.2+incompatible: github.com/o/lib@v6.0.2+incompatible: reading https://sum.golang.org/lookup/github.com/o/lib@v6.0.2+incompatible: 410 Gone", [], "github.com/o/lib", "v6.0.2+incompatible"),
    ])[0]!;
    expect(f.name).toBe("sumdb-origin-failed");
    expect(f.why).toContain("its major-version path, github.com/o/lib/v6");
    expect(commands(f)).toContain("go get github.com/o/lib/v6@latest");
  });

  it("look-alike: a plain version gets no major-version advice", () => {
    const f = diagnose([goError("verifying github.com/o/lib@v1.0.2: github.com/o/lib@v1.0.2: reading https://sum.golang.org/lookup/github.com/o/lib@v1.0.2: 410 Gone", [], "github.com/o/lib", "v1.0.2")])[0]!;
    expect(f.name).toBe("sumdb-origin-failed");
    expect(commands(f)).not.toContain("/v1@latest");
  });
});

describe("GMD512: a standard library package looked up as a module", () => {
  it("a package newer than the go that ran names the release it needs", () => {
    const f = diagnose([goError('build example.com/cmd: cannot load slices: malformed module path "slices": missing dot in first path element')])[0]!;
    expect(f.name).toBe("stdlib-as-module");
    expect(f.title).toBe("The standard library package slices (go1.21 and newer) is looked up as a module: the go that ran is older than go1.21");
    expect(f.fixes[0]!.commands).toEqual(["which -a go", "go version", "go env GOROOT"]);
  });

  it("a subpackage of a newer one counts (log/slog), and on Windows the commands are Windows ones", () => {
    const f = diagnose([goError('go: example.com/m imports\n\tlog/slog: malformed module path "log/slog": missing dot in first path element')], { os: "windows" })[0]!;
    expect(f.title).toContain("log/slog (go1.21 and newer)");
    expect(commands(f)).toContain("where.exe go");
    expect(commands(f)).toContain("Remove-Item Env:GOROOT");
  });

  it("a package every release has points at GOROOT", () => {
    const f = diagnose([goError("example.com/a imports", ['crypto: malformed module path "crypto": missing dot in first path element'])])[0]!;
    expect(f.title).toBe("The standard library package crypto is looked up as a module: GOROOT points at a tree without it");
    expect(commands(f)).toContain("go env -u GOROOT");
  });

  it("look-alike: a dependency's bare name is not the standard library's", () => {
    const fs = diagnose([goError("example.com/a imports", ["github.com/o/milter imports", '\tmilter: malformed module path "milter": missing dot in first path element'])]);
    expect(names(fs)).not.toContain("stdlib-as-module");
  });
});

describe("paste shapes", () => {
  it("a wrapper's `stdout: ` label is dropped, tab and all after it kept", () => {
    expect(stripStreamLabel('stdout: \t"Path": "m"')).toBe('\t"Path": "m"');
    expect(stripStreamLabel("stdout: {")).toBe("{");
    expect(stripStreamLabel("stdoutx: {")).toBe("stdoutx: {");
  });

  it("an error label ahead of go1.13's `build PKG: cannot load` keeps go's error", () => {
    expect(parseTraceLine('Error : build example.com/cmd: cannot load embed: malformed module path "embed": missing dot in first path element', 0)).toMatchObject({
      kind: "go-error",
      message: 'build example.com/cmd: cannot load embed: malformed module path "embed": missing dot in first path element',
    });
  });

  it("vgo's `vgo: ` prefix is go's", () => {
    expect(parseTraceLine("vgo: unexpected status (https://p.example/m/@v/v1.0.0.mod): 404 Not Found", 0)).toMatchObject({ kind: "go-error" });
  });

  it("a requires chain indented with two spaces joins its head; the same line after a finished error stands alone", () => {
    expect(errorsOf(["go: example.com/a@v1.0.0 requires", "  example.com/b@v1.0.0 requires", "  example.com/c@v0.0.0: git init --bare in /x: exit status 1"])).toEqual([
      "go: example.com/a@v1.0.0 requires | example.com/b@v1.0.0 requires | example.com/c@v0.0.0: git init --bare in /x: exit status 1",
    ]);
    expect(errorsOf(["go: example.com/a@v1.0.0: unknown revision v1.0.0", "  example.com/c@v0.0.0: unknown revision v0.0.0"])).toEqual([
      "go: example.com/a@v1.0.0: unknown revision v1.0.0",
      "example.com/c@v0.0.0: unknown revision v0.0.0",
    ]);
  });

  it("another tool's JSON summary under go's error is not a detail of it; a member with text may be", () => {
    expect(parseTraceLine('    "failure": 1', 0)).toMatchObject({ kind: "output" });
    expect(parseTraceLine('    "success": 0,', 0)).toMatchObject({ kind: "output" });
    expect(parseTraceLine('    "Error": "example.com/m@v1.0.0: 404 Not Found"', 0)).toMatchObject({ kind: "go-error-detail" });
  });

  it("ssh's refusal printed unindented is part of the error, with or without the user@host head", () => {
    expect(parseTraceLine("Permission denied (publickey).", 0)).toMatchObject({ kind: "go-error-detail" });
    expect(parseTraceLine("git@github.com: Permission denied (publickey).", 0)).toMatchObject({ kind: "go-error-detail" });
  });
});

describe("batch 13 logs: the top finding and what it says", () => {
  const cases: [file: string, name: string, check: (top: Finding) => void][] = [
    ["gomod-replace-windows-path-gdir.log", "replace-dir-missing", (f) => {
      expect(f.title).toBe("go.mod line 12 replaces a module with a Windows path, which go on this system refuses");
      expect(f.evidence).toContain("/root/gdir/go.mod:12: replacement directory appears to be Windows path (on a non-windows system)");
      expect(commands(f)).toContain("sed -n '12p' /root/gdir/go.mod");
    }],
    ["replace-dir-missing-parsing-docker-shippy.log", "replace-dir-missing", (f) => {
      expect(f.title).toBe("go.mod replaces github.com/Qalifah/shippy/shippy-service-consignment with /shippy-service-consignment, which does not exist");
      expect(commands(f)).toContain("go get github.com/Qalifah/shippy/shippy-service-consignment@latest");
    }],
    ["module-path-unexpected-go112-cel-go.log", "module-path-mismatch", (f) => {
      expect(f.title).toBe("github.com/golang/lint@v0.0.0-20190313153728-d0100b6bd8b3 declares its path as golang.org/x/lint");
      expect(commands(f)).toContain("go mod edit -replace github.com/golang/lint=golang.org/x/lint@v0.0.0-20190313153728-d0100b6bd8b3");
    }],
    ["module-path-moved-dependabot-certmagic.log", "module-path-mismatch", (f) => {
      expect(f.title).toBe("github.com/mholt/certmagic@v0.10.0 declares its path as github.com/caddyserver/certmagic");
      expect(commands(f)).toContain("go mod why -m github.com/mholt/certmagic");
    }],
    ["git-missing-windows-path-vscode-gopkgs.log", "vcs-tool-missing", (f) => {
      expect(f.title).toBe("git is not installed: the go command needs it to fetch github.com/uudashr/gopkgs");
      expect(f.evidence[0]).toContain('exec: "git": executable file not found in %PATH%');
      expect(commands(f)).toContain("winget install --id Git.Git -e --source winget");
    }],
    ["sumdb-410-incompatible-go113-minio.log", "sumdb-origin-failed", (f) => {
      expect(f.title).toBe("The checksum database sum.golang.org could not serve github.com/minio/minio-go (410 Gone)");
      expect(commands(f)).toContain("go get github.com/minio/minio-go/v6@latest");
    }],
    ["vgo-artifactory-404-userinfo-url.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The private module proxy cyrusbio.jfrog.io answers 404 for rsc.io/quote@v1.5.2, a module on rsc.io: it does not fetch it from upstream");
      // JFrog CLI's JSON summary after the error is not evidence.
      expect(f.evidence.join("\n")).not.toContain('"success"');
      expect(commands(f)).toContain("curl -sS https://proxy.golang.org/rsc.io/quote/@v/v1.5.2.info");
    }],
    ["gopath-submodule-ssh-publickey-pgoapi.log", "ssh-publickey", (f) => {
      expect(f.title).toBe("ssh to github.com refused the key (Permission denied (publickey))");
      expect(commands(f)).toContain("ssh -T git@github.com");
    }],
    ["unknown-revision-tidy-tested-by-martinlindhe-unit.log", "module-not-found", (f) => {
      // The chain's failing line, not its `tested by` middle, is the evidence.
      expect(f.evidence[0]).toContain("github.com/martinlindhe/unit@v1.0.1: reading github.com/martinlindhe/unit/go.mod at revision v1.0.1: unknown revision v1.0.1");
      expect(commands(f)).toContain("go list -m -versions github.com/martinlindhe/unit");
    }],
    ["unknown-revision-zero-pseudo-requires-chain-graphql-go-tools.log", "module-not-found", (f) => {
      expect(f.title).toBe("github.com/wundergraph/graphql-go-tools@v0.0.0-00010101000000-000000000000 is a local replace's placeholder, not a version");
      expect(commands(f)).toContain("go list -m -versions github.com/wundergraph/graphql-go-tools");
    }],
    ["unknown-revision-repeated-go113-golangci.log", "module-not-found", (f) => {
      expect(f.evidence).toEqual(["go: github.com/golangci/tools@v0.0.0-20190910062050-3540c026601b: unknown revision 3540c026601b"]);
      expect(commands(f)).toContain("go list -m github.com/golangci/tools@3540c026601b");
    }],
    ["athens-azurefd-504-broken-url-go-micro.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy athens.azurefd.net answers 504");
      expect(f.why).not.toContain("run by you or your company");
      // The URL broken across two lines is whole again.
      expect(commands(f)).toContain("curl -sS -D - https://athens.azurefd.net/github.com/micro/go-micro/v2/client/@v/list");
    }],
    ["go-import-404-sourcegraph-buildkit-requires.log", "go-import-failed", (f) => {
      expect(f.title).toBe("The go-import meta tag for sourcegraph.com/sourcegraph/appdash-data cannot be fetched (404)");
      expect(commands(f)).toContain("go mod why -m sourcegraph.com/sourcegraph/appdash-data");
    }],
    ["gopath-golang-org-timeout-vscode-fetching.log", "go-import-failed", (f) => {
      expect(f.title).toBe("The go-import meta tag for golang.org/x/tools/go/buildutil cannot be fetched: golang.org does not answer");
      expect(commands(f)).toContain("GO111MODULE=on go get github.com/ramya-rao-a/go-outline");
    }],
    ["gopath-tls-handshake-timeout-socks-golang-org.log", "go-import-failed", (f) => {
      expect(f.evidence[0]).toContain("net/http: TLS handshake timeout");
      expect(commands(f)).toContain("GO111MODULE=on go get golang.org/x/time");
    }],
    ["gopls-stderr-zip-timeout-tested-by.log", "proxy-blackholed", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org does not answer");
      expect(f.evidence[0]).toContain("gopkg.in/yaml.v2@v2.3.0: Get \"https://proxy.golang.org/gopkg.in/yaml.v2/@v/v2.3.0.zip\": dial tcp 216.58.200.49:443: i/o timeout");
    }],
    ["proxy-connectex-timeout-vscode-tools-undefined.log", "proxy-blackholed", (f) => {
      expect(f.evidence[0]).toContain("connectex: A connection attempt failed");
      // A Windows log: the commands are the Windows ones.
      expect(commands(f)).toContain("curl.exe -v -m 10 -o NUL");
    }],
    ["proxy-timeout-docker-step-go113-pulsar.log", "proxy-blackholed", (f) => {
      expect(f.evidence[0]).toContain("dial tcp 216.58.200.241:443: i/o timeout");
      // A log alone shows the timeout, not a firewall: the firewall is one possibility, and the probe the check.
      expect(f.why).toContain("firewall");
      expect(summaries(f)).toContain("gomod-doctor probe test each GOPROXY entry");
    }],
    ["sumdb-connectex-timeout-vscode-gocode-go113.log", "sumdb-unreachable", (f) => {
      expect(f.title).toBe("The checksum database sum.golang.org cannot be reached");
      expect(commands(f)).toContain("curl.exe -sS -m 10 https://sum.golang.google.cn/latest");
    }],
    ["tls-unknown-authority-tidy-main-imports-goproxy-cn.log", "tls-untrusted", (f) => {
      expect(f.title).toBe("TLS to goproxy.cn is not trusted");
      expect(commands(f)).toContain("SSL_CERT_FILE");
    }],
    ["gomod-go-directive-patch-docker-step-shhgit.log", "toolchain-unavailable", (f) => {
      expect(f.evidence).toEqual(["/go/src/go.mod:3: usage: go 1.23"]);
      expect(commands(f)).toContain("sed -i -E 's/^go ([0-9]+\\.[0-9]+)\\.[0-9]+.*$/go \\1/' go.mod");
    }],
    ["stdlib-embed-missing-dot-go-too-old-kubebuilder.log", "stdlib-as-module", (f) => {
      expect(f.title).toBe("The standard library package embed (go1.16 and newer) is looked up as a module: the go that ran is older than go1.16");
      expect(commands(f)).toContain("go env GOROOT");
    }],
    ["stdlib-crypto-missing-dot-goroot-vendor.log", "stdlib-as-module", (f) => {
      expect(f.title).toBe("The standard library package crypto is looked up as a module: GOROOT points at a tree without it");
      expect(f.evidence).toEqual(['crypto: malformed module path "crypto": missing dot in first path element']);
    }],
    ["proxy-403-go-mod-proxy-stdout-json.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy proxy.golang.org refuses the requests (403 Forbidden)");
      expect(f.evidence[0]).toContain("google.golang.org/api@v0.8.0: reading https://proxy.golang.org/google.golang.org/api/@v/v0.8.0.zip: 403 Forbidden");
    }],
    ["nexus-404-zip-goproxy-cn-tested-by.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy localhost:8081 answers 404 for the zip of golang.org/x/tools@v0.0.0-20200825202427-b303f430e36d, a version whose go.mod go had already read");
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org,direct go mod download golang.org/x/tools@v0.0.0-20200825202427-b303f430e36d");
    }],
    ["gonexus-500-updating-to-go113-go-systemd.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy gonexus.dev answers 500");
      // A public proxy of its time (since shut down), not one run by the user's company.
      expect(f.why).not.toContain("run by you or your company");
    }],
    ["goproxy-io-500-list-go112-gocloud.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy goproxy.io answers 500");
      expect(commands(f)).toContain("curl -sS -D - https://goproxy.io/gocloud.dev/@v/list");
    }],
    ["gomod-go-directive-patch-nix-auto-epp.log", "toolchain-unavailable", (f) => {
      expect(f.title).toBe("go.mod needs go 1.21.0, newer than this go, which cannot switch toolchains (before go1.21)");
      expect(f.evidence).toEqual(["/build/source/go.mod:3: invalid go version '1.21.0': must match format 1.23"]);
    }],
  ];

  it.each(cases)("%s: %s", async (file, name, check) => {
    const fs = await analyze(file);
    expect(fs[0]?.name, names(fs).join(", ")).toBe(name);
    check(fs[0]!);
  });
});

describe("batch 13 logs read in detail (left by round 13)", () => {
  it("module-path-moved-dependabot-certmagic.log: go's three lines as one clean evidence line, though Dependabot's quote indents the last by a tab and 8 spaces", async () => {
    expect(parseTraceLine("\t        but was required as: github.com/mholt/certmagic", 0)).toEqual({ t: 0, kind: "go-error-detail", message: "but was required as: github.com/mholt/certmagic" });
    const [top] = await analyze("module-path-moved-dependabot-certmagic.log");
    expect(top).toMatchObject({ code: "GMD308", modules: ["github.com/mholt/certmagic"] });
    expect(top!.evidence).toEqual([
      "go: github.com/mholt/certmagic@v0.10.0: parsing go.mod: module declares its path as: github.com/caddyserver/certmagic but was required as: github.com/mholt/certmagic",
    ]);
    expect(commands(top!)).toContain("go mod edit -replace github.com/mholt/certmagic=github.com/caddyserver/certmagic@v0.10.0");
  });

  it("gopath-submodule-ssh-publickey-pgoapi.log: ssh's refusal and the submodule clone that used ssh; the host from the submodule's git@ URL", async () => {
    const [top] = await analyze("gopath-submodule-ssh-publickey-pgoapi.log");
    expect(top).toMatchObject({ code: "GMD304", title: "ssh to github.com refused the key (Permission denied (publickey))" });
    expect(top!.evidence).toContain("Permission denied (publickey).");
    expect(top!.evidence).toContain("fatal: clone of 'git@github.com:AeonLucid/POGOProtos.git' into submodule path 'POGOProtos' failed");
    // ssh's user is no module.
    expect(top!.modules ?? []).not.toContain("git");
    expect(commands(top!)).toContain("ssh-add -l || ssh-add ~/.ssh/id_ed25519");
  });

  it("sumdb-410-incompatible-go113-minio.log: go1.13's bare `verifying` line with the +incompatible version; the fix asks for the /v6 path", async () => {
    const [top] = await analyze("sumdb-410-incompatible-go113-minio.log");
    expect(top).toMatchObject({ code: "GMD205", modules: ["github.com/minio/minio-go"] });
    expect(top!.evidence).toEqual([
      "verifying github.com/minio/minio-go@v6.0.23+incompatible: github.com/minio/minio-go@v6.0.23+incompatible: reading https://sum.golang.org/lookup/github.com/minio/minio-go@v6.0.23+incompatible: 410 Gone",
    ]);
    expect(commands(top!)).toContain("curl -sS https://sum.golang.org/lookup/github.com/minio/minio-go@v6.0.23+incompatible");
    expect(summaries(top!)).toContain("github.com/minio/minio-go/v6");
  });

  it("unknown-revision-tidy-tested-by-martinlindhe-unit.log: both chains' failing lines, the module the chains end in, not a package of them", async () => {
    const [top] = await analyze("unknown-revision-tidy-tested-by-martinlindhe-unit.log");
    expect(top).toMatchObject({ code: "GMD307", title: "github.com/martinlindhe/unit: module or version not found", modules: ["github.com/martinlindhe/unit"] });
    expect(top!.evidence).toHaveLength(2);
    for (const line of top!.evidence) expect(line).toMatch(/^github\.com\/allenfisher\/unitconv imports \.\.\. github\.com\/stretchr\/testify\/(assert|require): github\.com\/martinlindhe\/unit@v1\.0\.1: .*unknown revision v1\.0\.1$/);
    expect(commands(top!)).toContain("grep -n 'github.com/martinlindhe/unit' go.mod");
  });
});

// Rules for the eleventh batch of real logs (fixtures/logs): a path that is no
// module path (GMD316: a pasted URL, a bare name, a package the module does not
// hold), a module version holding a file name go refuses (GMD317), git's own
// words for a cut pack transfer under go's `invalid pseudo-version` wrapping,
// a zip read error whose URL lacks the module path, a go-import page answering
// 404 under a requires chain, and the paste shapes that carried them (Markdown
// inline-code backticks, a Python logger's prefix, a BuildKit step and summary
// repeating one error).
import { describe, expect, it } from "vitest";
import { analyze, diagnose, names, commands, summaries } from "./evidence/real-logs.js";
import { pathFromUrl } from "../../src/rules/bad-path.js";
import { classifyNetText, urlInText } from "../../src/rules/net-text.js";
import { parseTraceLine } from "../../src/trace/parse.js";
import type { Finding } from "../../src/report/schema.js";
import { goError } from "./evidence/base.js";

describe("batch 11 logs: the top finding and what it says", () => {
  const cases: [file: string, name: string, check: (top: Finding) => void][] = [
    ["h2-internal-error-docker-running-in-packagemain.log", "proxy-reset", (f) => {
      expect(f.title).toContain("are cut mid-transfer");
      expect(f.evidence[0]).toContain("stream error: stream ID 159; INTERNAL_ERROR");
    }],
    ["gomod-unknown-directive-toolchain-buildkit-xrayr.log", "toolchain-unavailable", (f) => {
      expect(f.title).toContain("`toolchain` line needs go 1.21 or newer");
      // The step and BuildKit's summary print the same line: quoted once.
      expect(f.evidence).toEqual(["/app/go.mod:5: unknown directive: toolchain"]);
    }],
    ["zip-eof-module-less-url-go-install-mimetype.log", "proxy-reset", (f) => {
      expect(f.title).toBe("Connections to the module proxy proxy.golang.org are cut mid-transfer");
      expect(commands(f)).toContain("https://proxy.golang.org/github.com/gabriel-vasile/mimetype/@v/v1.4.3.zip");
      expect(commands(f)).not.toContain("https://proxy.golang.org/@v/");
    }],
    ["go-import-404-gitlab-backticks-requires-ip4scout.log", "go-import-failed", (f) => {
      expect(f.title).toBe("The go-import meta tag for gitlab.nobody.run/tbi/socksme cannot be fetched (404)");
      expect(f.why).toContain("removed, renamed or made private");
      expect(commands(f)).toContain("go mod why -m gitlab.nobody.run/tbi/socksme");
      // The closing backtick of the paste is not part of go's line, and the twice-quoted error shows once.
      expect(f.evidence.every((l) => !l.endsWith("`"))).toBe(true);
      expect(new Set(f.evidence).size).toBe(f.evidence.length);
    }],
    ["sumdb-502-goproxy-cn-lookup-bare-verifying.log", "sumdb-unreachable", (f) => {
      expect(f.title).toBe("The checksum database sum.golang.org fails through the proxy goproxy.cn (502)");
      expect(commands(f)).toContain("go env -w GOSUMDB='sum.golang.org https://sum.golang.org'");
    }],
    ["proxy-502-list-goproxy-cn-go113-iris.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy goproxy.cn answers 502");
      expect(commands(f)).toContain("curl -sS -D - http://goproxy.cn/github.com/kataras/iris/@v/list");
    }],
    ["proxy-500-python-logging-prefix-gos.log", "proxy-server-error", (f) => {
      expect(f.title).toBe("The module proxy 127.0.0.1:41719 answers 500");
      expect(f.why).toContain("not a public mirror");
    }],
    ["bad-path-https-url-go-get-amplitude.log", "bad-module-path", (f) => {
      expect(f.code).toBe("GMD316");
      expect(f.title).toBe("go get was given a URL, not a module path: https://github.com/amplitude/analytics-go");
      expect(commands(f)).toBe("go get github.com/amplitude/analytics-go");
    }],
    ["bad-path-https-git-go115-astilectron.log", "bad-module-path", (f) => {
      expect(commands(f)).toBe("go get github.com/asticode/go-astilectron-bundler");
      expect(summaries(f)).toContain("without the scheme and `.git`");
    }],
    ["bad-path-bare-name-not-in-module-cdk-stacksets.log", "bad-module-path", (f) => {
      expect(f.title).toBe("go get was given the bare name cdk-stacksets-go, not a module path");
      expect(summaries(f)).toContain("https://pkg.go.dev/search?q=cdk-stacksets-go");
    }],
    ["athens-404-mod-go-run-intranet-samplelib.log", "proxy-server-error", (f) => {
      expect(f.title).toContain("The private module proxy sr-vm318-kubert.comune.intranet:3000 answers 404 for github.com/athens-artifacts/samplelib@v1.0.0");
      expect(commands(f)).toContain("curl -sS https://proxy.golang.org/github.com/athens-artifacts/samplelib/@v/v1.0.0.info");
    }],
    ["git-early-eof-invalid-pseudo-buildkit-kgateway.log", "repo-unreachable", (f) => {
      expect(f.title).toBe("git's transfers from the repository host github.com are cut mid-way");
      expect(f.why).toContain("It is not a missing version");
      expect(f.evidence).toContain("fatal: early EOF");
      expect(commands(f)).toContain('git clone --mirror https://github.com/solo-io/gloo-mesh-enterprise/ "$(mktemp -d)"');
    }],
    ["vanity-timeout-go112-error-loading-belt.log", "go-import-failed", (f) => {
      expect(f.title).toBe("The go-import meta tag for dmitri.shuralyov.com/html/belt cannot be fetched: dmitri.shuralyov.com does not answer");
      expect(commands(f)).toContain("GOPROXY=https://proxy.golang.org,direct go mod download");
    }],
    ["unzip-double-dot-go113-consul.log", "module-files-invalid", (f) => {
      expect(f.code).toBe("GMD317");
      expect(f.title).toBe("github.com/hashicorp/consul@v1.10.0 holds a file the go command refuses: website/pages/api-docs/[[...page]].jsx");
      expect(f.fixes[0]?.summary).toContain("Upgrade go");
    }],
    ["create-zip-dots-file-k8s-gateway.log", "module-files-invalid", (f) => {
      expect(f.title).toBe("github.com/ori-edge/k8s_gateway@v0.3.3 holds a file the go command refuses: ...");
      expect(summaries(f)).not.toContain("Upgrade go");
      expect(commands(f)).toContain("go list -m -versions github.com/ori-edge/k8s_gateway");
    }],
    ["gomod-go-version-fetched-module-go-install-nebula-sync.log", "toolchain-unavailable", (f) => {
      expect(f.title).toBe("The go.mod of github.com/lovelaze/nebula-sync@v0.11.0 needs go 1.24.2, newer than this go, which cannot switch toolchains (before go1.21)");
      expect(commands(f)).toContain("go install github.com/lovelaze/nebula-sync@<VERSION>");
      // Not this project's go.mod: nothing here edits one.
      expect(commands(f)).not.toContain("go.mod");
    }],
    ["toolchain-not-available-windows-cjk-prompt.log", "toolchain-unavailable", (f) => {
      expect(commands(f)).toContain("go mod edit -go=1.23.0");
    }],
  ];

  it.each(cases)("%s: %s", async (file, name, check) => {
    const fs = await analyze(file);
    expect(fs[0]?.name, names(fs).join(", ")).toBe(name);
    check(fs[0]!);
  });

  it("the cdk-stacksets log also names the package its module does not hold", async () => {
    const f = (await analyze("bad-path-bare-name-not-in-module-cdk-stacksets.log")).find((x) => x.title.includes("has no package"));
    expect(f?.title).toBe("github.com/cdklabs/cdk-stacksets@v0.0.150 has no package github.com/cdklabs/cdk-stacksets");
    expect(commands(f!)).toContain("go mod download -json github.com/cdklabs/cdk-stacksets@v0.0.150");
  });
});

describe("an old go that cannot read a fetched module's go.mod", () => {
  it("go get's retraction check names the module (`loading module retractions for M@V: parsing go.mod:`)", () => {
    const f = diagnose([goError("go get: loading module retractions for cel.dev/expr@v0.0.1: parsing go.mod: go.mod:3: invalid go version '1.21.1': must match format 1.23")])[0]!;
    expect(f.name).toBe("toolchain-unavailable");
    expect(f.title).toContain("The go.mod of cel.dev/expr@v0.0.1 needs go 1.21.1");
  });

  it("look-alike: the project's own go.mod keeps the go-line fix", () => {
    const f = diagnose([goError("go: errors parsing go.mod:", ["/src/go.mod:3: invalid go version '1.21.0': must match format 1.23"])])[0]!;
    expect(f.title).toBe("go.mod needs go 1.21.0, newer than this go, which cannot switch toolchains (before go1.21)");
    expect(commands(f)).toContain("sed -i -E");
  });
});

describe("GMD316: a path that is not a module path", () => {
  it("the forms go prints for a URL argument, each read", () => {
    for (const line of [
      'go: malformed module path "https:/github.com/a/b": invalid char \':\'',
      'go get: malformed module path "https:/github.com/a/b": invalid char \':\'',
      'go get https:/github.com/a/b.git: malformed module path "https:/github.com/a/b.git": invalid char \':\'',
      "go: https://github.com/a/b@latest: argument must be a clean package path",
    ]) {
      const f = diagnose([goError(line)])[0]!;
      expect(f.name, line).toBe("bad-module-path");
      expect(f.modules, line).toEqual(["github.com/a/b"]);
    }
  });

  it("go install's bare name keeps its query in the fix", () => {
    const f = diagnose([goError('go: tool@latest: malformed module path "tool": missing dot in first path element')])[0]!;
    expect(f.title).toBe("go install was given the bare name tool, not a module path");
    expect(commands(f)).toBe("go install <HOST>/<OWNER>/tool@latest");
    // Not an import of a bare path (module-path.ts), nor a module that does not exist.
    expect(names(diagnose([goError('go: tool@latest: malformed module path "tool": missing dot in first path element')]))).not.toContain("module-not-found");
  });

  it("a URL turns into its module path; other words do not", () => {
    expect(pathFromUrl("https:/github.com/a/b.git")).toBe("github.com/a/b");
    expect(pathFromUrl("https://gitlab.com/g/sub/p/")).toBe("gitlab.com/g/sub/p");
    expect(pathFromUrl("git@github.com:a/b.git")).toBe("github.com/a/b");
    expect(pathFromUrl("github.com/a/b")).toBeUndefined();
    expect(pathFromUrl("tool")).toBeUndefined();
  });

  it("look-alike: a bare import at the end of an import chain stays module-path-mismatch", () => {
    const fs = diagnose([goError("go: example.com/app imports", ["\tuuid: malformed module path \"uuid\": missing dot in first path element"])]);
    expect(fs[0]?.name).toBe("module-path-mismatch");
    expect(names(fs)).not.toContain("bad-module-path");
  });

  it("look-alike: the main module lacking a package is not a dependency's", () => {
    const fs = diagnose([goError("go: main module (example.com/app) does not contain package example.com/app/cmd/x")]);
    expect(names(fs)).not.toContain("bad-module-path");
  });
});

describe("GMD317: a module version holding a file name go refuses", () => {
  it("a proxy's 404 quoting its own create-zip failure names the file too", () => {
    const fs = diagnose([
      goError("go: example.org/lib@v1.2.0: reading https://proxy.golang.org/example.org/lib/@v/v1.2.0.zip: 404 Not Found", [
        '\tserver response: not found: create zip: a:b.txt: malformed file path "a:b.txt": invalid char \':\'',
      ], "example.org/lib", "v1.2.0"),
    ]);
    const f = fs[0]!;
    expect(f.title).toBe("example.org/lib@v1.2.0 holds a file the go command refuses: a:b.txt");
    // The version exists: the proxy's 404 is not a missing module.
    expect(names(fs)).not.toContain("module-not-found");
  });

  it("a case collision is named as such", () => {
    const f = diagnose([goError('go: example.org/lib@v1.2.0: create zip: case-insensitive file name collision: "README" and "readme"', [], "example.org/lib", "v1.2.0")])[0]!;
    expect(f.name).toBe("module-files-invalid");
    expect(f.why).toContain("case-insensitive file name collision");
  });

  it("look-alike: a zip that is not a zip is the proxy's bad answer", () => {
    const fs = diagnose([goError("example.org/lib: zip: not a valid zip file", [], "example.org/lib")]);
    expect(names(fs)).not.toContain("module-files-invalid");
  });
});

describe("git's words for a cut transfer, and a zip URL without its module", () => {
  it("classify as a cut connection", () => {
    for (const t of ["fatal: early EOF", "fetch-pack: unexpected disconnect while reading sideband packet", "error: 1189 bytes of body are still expected", "error: RPC failed; curl 18 transfer closed with outstanding read data remaining"]) {
      expect(classifyNetText(t)?.failure, t).toBe("eof");
    }
    expect(classifyNetText("fatal: could not read Username for 'https://github.com': terminal prompts disabled")).toBeUndefined();
  });

  it("look-alike: an unknown revision read with git stays module-not-found", () => {
    const f = diagnose([
      goError("go: example.org/lib@v9.9.9: invalid version: unknown revision v9.9.9", [], "example.org/lib", "v9.9.9"),
    ])[0]!;
    expect(f.name).toBe("module-not-found");
  });

  it("the module named before `read \"https:/HOST/@v/...\"` is put back into the URL", () => {
    expect(urlInText('go: M@latest: github.com/A/b@v1.0.0: read "https:/proxy.golang.org/@v/v1.0.0.zip": unexpected EOF')).toBe("https://proxy.golang.org/github.com/!a/b/@v/v1.0.0.zip");
    // No module before it: the URL as printed, with its slashes.
    expect(urlInText('read "https:/goproxy.io/@v/v0.1.0.zip": unexpected EOF')).toBe("https://goproxy.io/@v/v0.1.0.zip");
  });
});

describe("paste shapes", () => {
  it("a lone inline-code backtick at either end of a line is the poster's", () => {
    expect(parseTraceLine("`go: example.org/a@v1.0.0: reading https://proxy.example/x: 404 Not Found", 0)).toMatchObject({ kind: "go-error", module: "example.org/a" });
    expect(parseTraceLine("\tserver response: not found`", 0)).toMatchObject({ message: "server response: not found" });
    // Backticks inside go's text stay.
    expect(parseTraceLine("go: run `go mod tidy` first", 0)).toMatchObject({ message: "go: run `go mod tidy` first" });
  });
});
